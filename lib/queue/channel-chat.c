/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Chat staffing: a birth-death chain on k, the chats in the system.
 *
 * With n agents, m = max_sessions sessions each and N = n·m slots, the
 * completion rate in state k <= N is mu_k = r·f(q + 1) + (n − r)·f(q) for
 * k = q·n + r (0 <= r < n), where f(L) = L / aht[L − 1] is one agent's
 * completion rate with L chats (f(0) = 0); above N it is R = n·f(m). With the
 * weights w_k = prod_{i <= k} lambda / mu_i and the geometric tail above N
 * (ratio rho = lambda / R) summed in closed form:
 *
 *   P(wait)     = w_N / (1 − rho) / Z,
 *   P(W > t)    = P(wait) · exp(−(R − lambda)·t)   (Erlang C's form),
 *   ASA         = P(wait) / (R − lambda),
 *   occupancy   = E[min(k, n)] / n.
 *
 * Stability (lambda < R) is decided exactly on the inputs:
 * contacts·aht[m − 1] < interval_s·n·m, both products as a double plus its
 * fma() error term, and R − lambda comes from that exact difference.
 *
 * Evaluation in O(width of the distribution), not O(N). mu_k is linear in k
 * on each piece qn <= k <= (q + 1)n, so ln w_k rises while mu_k <= lambda and
 * falls after: its local maxima ("peaks") are where mu crosses lambda
 * upwards, at most m of them, found by bisection on each piece, and between
 * two peaks lies one valley. Every state belongs to the territory of one
 * peak, over which w falls monotonically away from the peak. The peaks'
 * weights relative to each other, and w_N when the sweep does not reach it,
 * come from the closed form of a sum of logarithms of an arithmetic sequence
 * (ln Gamma differences by Stirling's series, arranged so that nothing
 * cancels; log_sum_arith()). Then, in long double, each territory is swept
 * outwards from its peak, with the highest peak's weight 1, until a weight
 * times the states left in that direction is below 2^-80: a bound on
 * everything not summed, since weights only fall further. A peak whose
 * weight times its territory is below that is skipped. The sweeps cost
 * about 25 standard deviations of the distribution each: sqrt(lambda·aht)
 * for the one-chat piece, sqrt(lambda / |f(q+1) − f(q)|) for the others
 * (~10 ns a state). A flat piece, f(q) = f(q + 1), is a geometric series
 * summed at once; one with nearly equal f(q) and f(q + 1) whose rate stays
 * close to lambda is swept whole (O(n)). When the tail outweighs the rest
 * (1 − rho tiny) everything is scaled by it instead. Values agree with the
 * full sweep from k = 0 that this replaces to ~1e-15 relative (rounding).
 *
 * Staffing: the fewest n from a lower bound (a stable queue; for an
 * occupancy cap lambda / (max f · cap)) that meets every target set. It is
 * found by galloping away from a first guess (for an occupancy cap the n
 * where e_n / n, below, reaches the cap: the answer itself at large loads)
 * and bisection, which is exact where "n meets" is monotone in n, and is
 * made exact elsewhere as follows. Typically 2–10 evaluations: well under
 * 10 ms up to 10^6 chats per interval (bench/bench-chat.c).
 *
 *  (M1) f concave on 0 … m: by Karamata, spreading k chats over more agents
 *       never lowers mu_k, so the chain with n + 1 agents is stochastically
 *       smaller and SL, ASA and occupancy all improve with n.
 *  (M2) P(wait) falls with n (for n >= m) when, comparing the states l
 *       below the last slot, the rate with n + 1 agents is never lower:
 *       mu'_{N' − l} >= mu_{N − l}. Writing l = (p − 1)n + s, 1 <= s <= n,
 *       the difference is p·f(m − p + 1) − (p − 1)·f(m − p) for s >= p and
 *       (p − s − 1)·f(m − p + 2) + (2 + 2s − p)·f(m − p + 1) − s·f(m − p)
 *       for s < p. Then every term of Z / tail = (1 − rho)·sum_j
 *       prod mu_{N − i} / lambda grows with n, and there are more of them, so
 *       P(wait) falls, and with it ASA and P(W > t) (R − lambda grows too).
 *       Every non-decreasing f qualifies (e.g. 300 s alone, 200 s at two
 *       chats), as does any m = 2.
 *  (M3) P(k >= n), all agents busy, falls with n (for n >= m) when the rates
 *       above n compare the same way, mu'_{n + 1 + l} >= mu_{n + l}: with
 *       k = qn + r the differences are q·f(q) − (q − 1)·f(q + 1) for
 *       r + 1 >= q and (2r + 2 − q)·f(q) + (q − r − 1)·f(q − 1) − r·f(q + 1)
 *       for r + 1 < q (any m = 2 qualifies). Below n the weights are those
 *       of a Poisson(a) law, a = lambda·aht[0], for any f, so with
 *       e_n = E[K | K < n] = a·(1 − B(a, n − 1)) (B Erlang B, e_n
 *       non-decreasing in n):
 *           occupancy(n) = 1 − (1 − P(k >= n))·(1 − e_n / n).
 *       Occupancy itself need not fall with n when f is not concave (more
 *       agents hold fewer, slower chats each), so for an occupancy cap the
 *       answer of the bisection is certified: every n from the first one
 *       that meets the SL and ASA targets up to the answer fails the cap,
 *       by the bound occupancy(n) >= 1 − (1 − P(k >= n2))·(1 − e_n1 / n2)
 *       on whole ranges n1 <= n <= n2 (P(k >= n2) = 0 without (M3)), or
 *       by evaluation where the bound is not conclusive (an earlier n that
 *       meets the cap becomes the answer).
 *  Otherwise (f neither concave nor (M2): some f(L) below about half of
 *  f(L − 1), i.e. handle times that grow much faster than the concurrency,
 *  such as 100 s alone and 500 s at two chats) the search walks up one agent
 *  at a time from the bound, as before 1.3: O(n) evaluations (10^4 chats
 *  per interval at 100/500/300 s: ~400 evaluations, 6 ms).
 * The small n below m are always tried one by one.
 */
#include <float.h>
#include <math.h>
#include <stdbool.h>

#include "erlang-private.h"
#include "wfm/channels.h"

#define MAX_SESSIONS 16
/* As in erlang.c: a value within this (absolute for SL, relative for ASA
 * and occupancy) of its target meets it. */
#define TARGET_SLACK (2 * DBL_EPSILON)
/* A sweep stops when its weight times the states left in its direction is
 * below this, the highest weight being 1. */
#define NEGLIGIBLE 0x1p-80L
/* Sums of logarithms: Stirling's series from this argument on; shorter
 * sequences are summed term by term. */
#define STIRLING_MIN 16.0L
#define DIRECT_TERMS 16
/* The occupancy bound must clear the cap by this before it stands for an
 * evaluation (its inputs are accurate to ~1e-14). */
#define CERT_MARGIN 1e-11L

typedef struct {
    double contacts, interval_s, aht_full; /* aht_full = aht[m − 1] */
    long double lambda;                    /* chats per second */
    long double inv_lambda;
    long double f[MAX_SESSIONS + 2];       /* f[L] = L / aht[L − 1]; f[0] = 0, f[m + 1] = 0 */
    long double f_min, f_max;              /* over L = 1 … m */
    double a_one;                          /* lambda·aht[0]: Erlangs at one chat each */
    int32_t m;
    bool concave;       /* f concave on 0 … m: measures improve with n (M1) */
    bool wait_monotone; /* P(wait), SL and ASA improve with n >= m (M2) */
    bool busy_monotone; /* P(all agents busy) falls with n >= m (M3) */
} chat_load;

typedef struct {
    bool stable;
    long double p_wait;     /* 0 if below the long-double range */
    long double log_p_wait; /* ln P(wait) */
    long double gap;        /* R − lambda, per second */
    long double occupancy;
    long double p_busy;     /* P(k >= n) */
} chat_state;

static bool
is_nonnegative(double x)
{
    return isfinite(x) && x >= 0.0;
}

static bool
is_positive(double x)
{
    return isfinite(x) && x > 0.0;
}

static bool
valid_load(double contacts, double interval_s, const double *aht, int32_t m)
{
    if (!is_nonnegative(contacts) || !is_positive(interval_s) || aht == NULL ||
        m < 1 || m > MAX_SESSIONS)
        return false;
    for (int32_t l = 0; l < m; l++)
        if (!is_positive(aht[l]))
            return false;
    return true;
}

/* (M2): the rates below the last slot never fall from n to n + 1 agents. */
static bool
wait_monotone(const long double *f, int32_t m)
{
    for (int32_t p = 1; p <= m; p++) {
        if (p * f[m - p + 1] - (p - 1) * f[m - p] < 0.0L)
            return false;
        for (int32_t s = 1; s < p; s++)
            if ((p - s - 1) * f[m - p + 2] + (2 + 2 * s - p) * f[m - p + 1] - s * f[m - p] < 0.0L)
                return false;
    }
    return true;
}

/* (M3): the rates above n never fall from n to n + 1 agents. */
static bool
busy_monotone(const long double *f, int32_t m)
{
    for (int32_t q = 1; q < m; q++) {
        if (q * f[q] - (q - 1) * f[q + 1] < 0.0L)
            return false;
        for (int32_t r = 0; r + 1 < q; r++)
            if ((2 * r + 2 - q) * f[q] + (q - r - 1) * f[q - 1] - r * f[q + 1] < 0.0L)
                return false;
    }
    /* Just above N the n-agent chain runs at n·f(m), the (n + 1)-agent one
     * with j <= m − 1 agents at m − 1 chats. */
    for (int32_t j = 1; j < m; j++)
        if ((m - j) * f[m - 1] - (m - j - 1) * f[m] < 0.0L)
            return false;
    return true;
}

static chat_load
make_load(double contacts, double interval_s, const double *aht, int32_t m)
{
    chat_load ld;
    ld.contacts = contacts;
    ld.interval_s = interval_s;
    ld.aht_full = aht[m - 1];
    ld.lambda = (long double)contacts / interval_s;
    ld.inv_lambda = 1.0L / ld.lambda;
    ld.a_one = (double)(ld.lambda * aht[0]);
    ld.m = m;
    ld.f[0] = 0.0L;
    for (int32_t l = 1; l <= m; l++)
        ld.f[l] = (long double)l / aht[l - 1];
    ld.f[m + 1] = 0.0L;
    ld.f_min = ld.f[1];
    ld.f_max = ld.f[1];
    for (int32_t l = 2; l <= m; l++) {
        ld.f_min = fminl(ld.f_min, ld.f[l]);
        ld.f_max = fmaxl(ld.f_max, ld.f[l]);
    }
    /* Concave: marginal rates f(L) − f(L − 1) do not increase (within
     * rounding: equal handle times give a linear f). */
    ld.concave = true;
    for (int32_t l = 1; l < m; l++) {
        long double d0 = ld.f[l] - ld.f[l - 1], d1 = ld.f[l + 1] - ld.f[l];
        if (d1 > d0 + 1e-12L * ld.f_max)
            ld.concave = false;
    }
    ld.wait_monotone = wait_monotone(ld.f, m);
    ld.busy_monotone = busy_monotone(ld.f, m);
    return ld;
}

/* The exact sign of interval_s·n·m − contacts·aht_full (> 0 = stable), and
 * that difference in long double. */
static long double
stability_margin(const chat_load *ld, int64_t n)
{
    const double slots = (double)(n * ld->m); /* <= 2^35: exact */
    const double p1 = ld->contacts * ld->aht_full;
    const double p2 = ld->interval_s * slots;
    if (isfinite(p1) && isfinite(p2)) {
        const double e1 = fma(ld->contacts, ld->aht_full, -p1);
        const double e2 = fma(ld->interval_s, slots, -p2);
        return ((long double)p2 - p1) + ((long double)e2 - e1);
    }
    return (long double)ld->interval_s * slots - (long double)ld->contacts * ld->aht_full;
}

/* ---- the chain ---------------------------------------------------------- */

/* mu_k for 1 <= k <= N (N gives n·f(m), the rate of the tail). */
static long double
rate_at(const chat_load *ld, int32_t n, int64_t k)
{
    const int64_t q = k / n, r = k % n;
    return (long double)r * ld->f[q + 1] + (long double)(n - r) * ld->f[q];
}

/* Stirling's remainder ln Gamma(z) − ((z − 1/2) ln z − z + ln(2 pi)/2) for
 * z >= 16: the series to z^-15, truncation below 3e-20. */
static long double
stirling_rest(long double z)
{
    const long double r = 1.0L / z, r2 = r * r;
    return r * (1.0L / 12 + r2 * (-1.0L / 360 + r2 * (1.0L / 1260 + r2 * (-1.0L / 1680
           + r2 * (1.0L / 1188 + r2 * (-691.0L / 360360 + r2 * (1.0L / 156
           + r2 * (-3617.0L / 122400))))))));
}

/* 1 − ln(1 + y) / y for y > 0, without cancellation. */
static long double
one_minus_log1p_ratio(long double y)
{
    if (y >= 0.25L)
        return 1.0L - log1pl(y) / y;
    /* y/2 − y^2/3 + y^3/4 − …: 32 terms reach 0.25^32 < 1e-19. */
    long double sum = 0.0L, power = y;
    for (int j = 2; j <= 33; j++) {
        sum += (j % 2 == 0 ? power : -power) / j;
        power *= y;
    }
    return sum;
}

/*
 * sum_{i < count} ln(s + i·h) for s > 0, h >= 0. With x = s / h the sum is
 * count·ln h + ln Gamma(x + count) − ln Gamma(x); by Stirling's formula
 * that is, exactly up to the series' remainders,
 *     count·ln(s + count·h) − count·(1 − ln(1 + y)/y) − ln(1 + y)/2
 *       + rest(x + count) − rest(x),          y = count / x,
 * every term of the size of the result or smaller: no cancellation beyond
 * that of the result itself (its terms have one sign when s >= 1 or
 * s + (count − 1)h <= 1, as the callers arrange).
 */
static long double
log_sum_arith(long double s, long double h, int64_t count)
{
    long double sum = 0.0L;
    if (h <= 0.0L)
        return (long double)count * logl(s);
    while (count > 0 && (count <= DIRECT_TERMS || s < STIRLING_MIN * h)) {
        sum += logl(s);
        s += h;
        count--;
    }
    if (count == 0)
        return sum;
    const long double c = (long double)count, x = s / h, y = c / x;
    return sum + c * logl(s + c * h) - c * one_minus_log1p_ratio(y) - 0.5L * log1pl(y) +
           (stirling_rest(x + c) - stirling_rest(x));
}

/* sum_{i = a}^{b} ln(mu_i / lambda), 1 <= a <= b <= N, by pieces. */
static long double
log_rate_sum(const chat_load *ld, int32_t n, int64_t a, int64_t b)
{
    long double sum = 0.0L;
    while (a <= b) {
        /* The piece (q·n, (q + 1)·n] holding a: mu linear in k there. */
        const int64_t q = (a - 1) / n, end = (q + 1) * n < b ? (q + 1) * n : b;
        const long double step = ld->f[q + 1] - ld->f[q];
        const long double lo = rate_at(ld, n, a), hi = rate_at(ld, n, end);
        const int64_t count = end - a + 1;
        if (step >= 0.0L)
            sum += log_sum_arith(lo * ld->inv_lambda, step * ld->inv_lambda, count);
        else
            sum += log_sum_arith(hi * ld->inv_lambda, -step * ld->inv_lambda, count);
        a = end + 1;
    }
    return sum;
}

/* The running sums, relative to the highest peak's weight. */
typedef struct {
    long double all;   /* sum of w_k, k < N */
    long double low_k; /* sum of k·w_k, k < n */
    long double high;  /* sum of w_k, n <= k < N */
} chat_sums;

static void
add_state(chat_sums *s, int32_t n, int64_t k, long double w)
{
    s->all += w;
    if (k < n)
        s->low_k += (long double)k * w;
    else
        s->high += w;
}

/* sum_{j = 1}^{count} x^j for x = e^lx <= 1, and x^count in *power. */
static long double
geometric_sum(long double lx, int64_t count, long double *power)
{
    const long double c = (long double)count;
    *power = expl(c * lx);
    if (lx == 0.0L)
        return c;
    return expl(lx) * (expm1l(c * lx) / expm1l(lx));
}

/* Pieces shorter than this are swept state by state even when flat. */
#define FLAT_MIN 16

/* Sweeps p + 1 … t_hi (t_hi <= N) from the peak p of weight w (added by the
 * caller); returns the last state reached and its weight. State N is reached
 * but not added: it starts the tail. A flat piece (f(q) = f(q + 1): every
 * rate n·f(q)) is a geometric series, summed in one step. */
static int64_t
sweep_up(const chat_load *ld, int32_t n, int64_t p, long double w, int64_t t_hi,
         chat_sums *sums, long double *w_last)
{
    const int64_t slots = (int64_t)n * ld->m;
    const long double lambda = ld->lambda;
    int64_t k = p, q = p / n, r = p % n;
    while (k < t_hi) {
        /* k + 1 lies in the piece (q_next·n, (q_next + 1)·n]. */
        const int64_t q_next = k / n;
        if (q_next >= 1 && q_next < ld->m && ld->f[q_next] == ld->f[q_next + 1]) {
            int64_t end = (q_next + 1) * n;
            if (end > t_hi)
                end = t_hi;
            if (end > slots - 1)
                end = slots - 1;
            if (end - k >= FLAT_MIN) {
                const long double mu = n * ld->f[q_next];
                long double power;
                const long double sum =
                    w * geometric_sum(log1pl((lambda - mu) / mu), end - k, &power);
                sums->all += sum;
                sums->high += sum; /* k >= n */
                w *= power;
                k = end;
                q = k / n;
                r = k % n;
                if (w * (long double)(t_hi - k) <= NEGLIGIBLE)
                    break;
                continue;
            }
        }
        if (++r == n) {
            r = 0;
            q++;
        }
        k++;
        w *= lambda / ((long double)r * ld->f[q + 1] + (long double)(n - r) * ld->f[q]);
        if (k == slots)
            break;
        add_state(sums, n, k, w);
        if (w * (long double)(t_hi - k) <= NEGLIGIBLE)
            break;
    }
    *w_last = w;
    return k;
}

/* Sweeps p − 1 … t_lo from the peak p of weight w, flat pieces at once. */
static void
sweep_down(const chat_load *ld, int32_t n, int64_t p, long double w, int64_t t_lo,
           chat_sums *sums)
{
    int64_t k = p, q = p / n, r = p % n;
    while (k > t_lo) {
        /* k lies in the piece (q_here·n, (q_here + 1)·n]. */
        const int64_t q_here = (k - 1) / n;
        if (q_here >= 1 && ld->f[q_here] == ld->f[q_here + 1]) {
            int64_t end = q_here * n; /* the states k − 1 … end get factor mu / lambda */
            if (end < t_lo)
                end = t_lo;
            if (k - end >= FLAT_MIN) {
                const long double mu = n * ld->f[q_here];
                long double power;
                const long double sum =
                    w * geometric_sum(log1pl((mu - ld->lambda) * ld->inv_lambda), k - end, &power);
                sums->all += sum;
                sums->high += sum; /* end >= n */
                w *= power;
                k = end;
                q = k / n;
                r = k % n;
                if (w * (long double)(k - t_lo) <= NEGLIGIBLE)
                    break;
                continue;
            }
        }
        w *= ((long double)r * ld->f[q + 1] + (long double)(n - r) * ld->f[q]) * ld->inv_lambda;
        if (r == 0) {
            r = n - 1;
            q--;
        } else {
            r--;
        }
        k--;
        add_state(sums, n, k, w);
        if (w * (long double)(k - t_lo) <= NEGLIGIBLE)
            break;
    }
}

/* The measures for n >= 1 agents and lambda > 0. */
static void
chat_eval(const chat_load *ld, int32_t n, chat_state *st)
{
    const long double margin = stability_margin(ld, n);
    st->stable = margin > 0.0L;
    if (!st->stable)
        return;
    const int32_t m = ld->m;
    const int64_t slots = (int64_t)n * m;
    const long double lambda = ld->lambda;
    /* R − lambda = margin / (aht_full · interval_s); 1 − rho = margin / (interval_s · N). */
    st->gap = margin / ((long double)ld->aht_full * ld->interval_s);
    const long double one_minus_rho = margin / ((long double)ld->interval_s * (long double)slots);

    /* Peaks and valleys of ln w: where "mu_k <= lambda" (w rises into k)
     * changes, piece by piece (mu is monotone on each, so it changes at its
     * start and at most once inside); w rises into state 0 by convention
     * and falls above N (stable). */
    int64_t peaks[MAX_SESSIONS + 1], valleys[MAX_SESSIONS + 1];
    int n_peaks = 0, n_valleys = 0;
    bool up = true;
    for (int32_t q = 0; q <= m; q++) {
        const int64_t k_lo = (int64_t)q * n + 1, k_hi = (int64_t)(q + 1) * n;
        const bool up_lo = q < m && rate_at(ld, n, k_lo) <= lambda;
        const bool up_hi = q < m && rate_at(ld, n, k_hi) <= lambda;
        for (int pass = 0; pass < 2; pass++) {
            int64_t change;
            if (pass == 0 && up_lo != up) {
                change = k_lo;
            } else if (pass == 1 && up_hi != up) {
                int64_t lo = k_lo, hi = k_hi; /* lo has up, hi has up_hi */
                while (hi - lo > 1) {
                    const int64_t mid = lo + (hi - lo) / 2;
                    if ((rate_at(ld, n, mid) <= lambda) == up_hi)
                        hi = mid;
                    else
                        lo = mid;
                }
                change = hi;
            } else {
                continue;
            }
            if (up)
                peaks[n_peaks++] = change - 1;
            else
                valleys[n_valleys++] = change - 1;
            up = !up;
        }
    }
    /* ln w at each peak relative to the first, through the valleys. */
    long double lnw[MAX_SESSIONS + 1], top = 0.0L;
    lnw[0] = 0.0L;
    for (int j = 1; j < n_peaks; j++) {
        lnw[j] = lnw[j - 1] - log_rate_sum(ld, n, peaks[j - 1] + 1, valleys[j - 1]) -
                 log_rate_sum(ld, n, valleys[j - 1] + 1, peaks[j]);
        top = fmaxl(top, lnw[j]);
    }
    /* Sweep every territory that matters, outwards from its peak. */
    chat_sums sums = { 0.0L, 0.0L, 0.0L };
    long double ln_w_slots = 0.0L;
    for (int j = 0; j < n_peaks; j++) {
        const int64_t t_lo = j == 0 ? 0 : valleys[j - 1] + 1;
        const int64_t t_hi = j == n_peaks - 1 ? slots : valleys[j];
        const long double rel = lnw[j] - top;
        if (rel + logl((long double)(t_hi - t_lo + 1)) < -80.0L * 0.69314718055994530942L) {
            if (j == n_peaks - 1)
                ln_w_slots = rel - log_rate_sum(ld, n, peaks[j] + 1, slots);
            continue;
        }
        const long double w0 = expl(rel);
        long double w_last;
        add_state(&sums, n, peaks[j], w0);
        const int64_t k_last = sweep_up(ld, n, peaks[j], w0, t_hi, &sums, &w_last);
        sweep_down(ld, n, peaks[j], w0, t_lo, &sums);
        if (j == n_peaks - 1)
            ln_w_slots = k_last == slots ? logl(w_last)
                                         : logl(w_last) - log_rate_sum(ld, n, k_last + 1, slots);
    }
    /* The tail k >= N: w_N / (1 − rho), which may outweigh everything else
     * (1 − rho tiny): then everything is scaled by the tail instead, so
     * nothing overflows even where long double is a double. */
    const long double ln_tail = ln_w_slots - logl(one_minus_rho);
    long double scale = 1.0L, tail = expl(ln_tail);
    if (ln_tail > 0.0L) {
        scale = expl(-ln_tail);
        tail = 1.0L;
    }
    const long double z = sums.all * scale + tail, high = sums.high * scale + tail;
    st->p_wait = tail / z;
    st->log_p_wait = (ln_tail > 0.0L ? 0.0L : ln_tail) - logl(z);
    st->p_busy = high / z;
    st->occupancy = (sums.low_k * scale + n * high) / z / n;
    if (st->occupancy > 1.0L)
        st->occupancy = 1.0L;
    if (st->p_busy > 1.0L)
        st->p_busy = 1.0L;
}

int32_t
wfm_chat_service(double contacts, double interval_s,
                 const double *aht_by_sessions_s, int32_t max_sessions,
                 int32_t agents, double answer_s, double *service_level,
                 double *asa_s, double *occupancy)
{
    if (!valid_load(contacts, interval_s, aht_by_sessions_s, max_sessions) ||
        agents < 0 || !is_nonnegative(answer_s))
        return WFM_EINVAL;
    double sl, asa, occ;
    if (contacts == 0.0) {
        sl = 1.0;
        asa = 0.0;
        occ = 0.0;
    } else {
        const chat_load ld = make_load(contacts, interval_s, aht_by_sessions_s, max_sessions);
        chat_state st = { false, 0.0L, 0.0L, 0.0L, 0.0L, 0.0L };
        if (agents > 0)
            chat_eval(&ld, agents, &st);
        if (!st.stable) {
            sl = 0.0;
            asa = HUGE_VAL;
            occ = 1.0;
        } else {
            const long double late = st.p_wait * expl(-st.gap * answer_s);
            sl = (double)(1.0L - late);
            asa = (double)(st.p_wait / st.gap);
            occ = (double)st.occupancy;
        }
    }
    if (service_level != NULL)
        *service_level = sl;
    if (asa_s != NULL)
        *asa_s = asa;
    if (occupancy != NULL)
        *occupancy = occ;
    return WFM_OK;
}

/* ---- staffing ---------------------------------------------------------- */

typedef struct {
    double target_sl, answer_s, max_asa_s, max_occupancy;
} chat_goal;

/* Which targets n agents meet. */
typedef struct {
    bool sl_asa;        /* stable, and the SL and ASA targets (if set) */
    bool occ;           /* the occupancy cap (if set) */
    long double p_busy; /* P(all agents busy), when stable */
} chat_verdict;

static chat_verdict
judge(const chat_load *ld, const chat_goal *g, int32_t n)
{
    chat_state st = { false, 0.0L, 0.0L, 0.0L, 0.0L, 0.0L };
    chat_eval(ld, n, &st);
    chat_verdict v = { false, false, 1.0L };
    if (!st.stable)
        return v;
    v.p_busy = st.p_busy;
    v.sl_asa = true;
    if (g->target_sl > 0.0) {
        const long double sl = 1.0L - st.p_wait * expl(-st.gap * g->answer_s);
        if (sl - g->target_sl + TARGET_SLACK < 0.0L)
            v.sl_asa = false;
    }
    if (g->max_asa_s > 0.0 && st.log_p_wait > -INFINITY) {
        /* ASA <= cap·(1 + slack), in logs: the ASA may lie far below the
         * double range. */
        const long double log_asa = st.log_p_wait - logl(st.gap);
        if (log_asa > logl(g->max_asa_s) + log1pl(TARGET_SLACK))
            v.sl_asa = false;
    }
    v.occ = !(g->max_occupancy > 0.0 &&
              st.occupancy > (long double)g->max_occupancy * (1.0L + TARGET_SLACK));
    return v;
}

enum chat_test { TEST_ALL, TEST_SL_ASA, TEST_OCC };

static bool
passes(const chat_verdict *v, enum chat_test test)
{
    switch (test) {
    case TEST_SL_ASA:
        return v->sl_asa;
    case TEST_OCC:
        return v->occ;
    default:
        return v->sl_asa && v->occ;
    }
}

/* The smallest n >= from passing the test, when passing is monotone in n
 * (fails, then passes): gallop from the guess away from the answer, then
 * bisect. *fail_verdict is the verdict at the answer − 1 when that was
 * evaluated (then *fail_known). */
static int32_t
first_passing(const chat_load *ld, const chat_goal *g, int64_t from, int64_t guess,
              enum chat_test test, int32_t *agents, chat_verdict *fail_verdict,
              bool *fail_known)
{
    *fail_known = false;
    if (from > INT32_MAX)
        return WFM_ERANGE;
    if (guess < from || guess > INT32_MAX)
        guess = from;
    chat_verdict v = judge(ld, g, (int32_t)guess), v_fail = v;
    int64_t fail, hi, jump = 1;
    if (passes(&v, test)) {
        /* Down from the guess to a failing n, or to from. */
        hi = guess;
        for (;;) {
            if (hi == from) {
                *agents = (int32_t)from;
                return WFM_OK;
            }
            const int64_t probe = hi - jump > from ? hi - jump : from;
            v = judge(ld, g, (int32_t)probe);
            if (!passes(&v, test)) {
                fail = probe;
                v_fail = v;
                break;
            }
            hi = probe;
            jump *= 2;
        }
    } else {
        fail = guess;
        for (;;) {
            if (fail == INT32_MAX)
                return WFM_ERANGE;
            hi = fail + jump < INT32_MAX ? fail + jump : INT32_MAX;
            v = judge(ld, g, (int32_t)hi);
            if (passes(&v, test))
                break;
            fail = hi;
            v_fail = v;
            jump *= 2;
        }
    }
    while (hi - fail > 1) {
        const int64_t mid = fail + (hi - fail) / 2;
        v = judge(ld, g, (int32_t)mid);
        if (passes(&v, test)) {
            hi = mid;
        } else {
            fail = mid;
            v_fail = v;
        }
    }
    *agents = (int32_t)hi;
    *fail_verdict = v_fail;
    *fail_known = true;
    return WFM_OK;
}

/* e_n = E[K | K < n] for K ~ Poisson(a): a·(1 − B(a, n − 1)). */
static long double
poisson_below_mean(double a, int64_t n)
{
    return (long double)a * (1.0L - wfm_erlang_b_eval(a, (int32_t)(n - 1)));
}

/* The smallest n1 in [from, top] such that every n in [n1, top] provably
 * has occupancy above cap_met (the largest occupancy that meets the cap),
 * given P(k >= top) >= p_top (0 when not known) and (M3); top + 1 if none.
 * occupancy(n) >= 1 − (1 − p_top)(1 − e_n1 / top) there. */
static int64_t
lowest_certified(const chat_load *ld, long double cap_met, int64_t from, int64_t top,
                 long double p_top)
{
    const double a = ld->a_one;
    const long double keep = 1.0L - cap_met - CERT_MARGIN; /* (1 − p)(1 − e/top) < keep */
    if (!(keep > 0.0L) || !(isfinite(a) && a > 0.0))
        return top + 1;
    if (p_top >= 1.0L)
        return from;
    /* e_n1 > need certifies [n1, top]. */
    const long double need = (long double)top * (1.0L - keep / (1.0L - p_top));
    if (poisson_below_mean(a, from) > need)
        return from;
    if (!(poisson_below_mean(a, top) > need))
        return top + 1;
    int64_t lo = from, hi = top; /* e_lo <= need < e_hi */
    while (hi - lo > 1) {
        const int64_t mid = lo + (hi - lo) / 2;
        if (poisson_below_mean(a, mid) > need)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

/* A guess at the fewest agents for an occupancy cap: the first n above the
 * one-chat load a with e_n / n <= cap (a lower bound on the occupancy for
 * any f, and the occupancy itself up to P(all busy) when the load sits on
 * one chat per agent, as it does at large loads). Only a starting point. */
static int64_t
occupancy_guess(const chat_load *ld, double cap, int64_t lo)
{
    const double a = ld->a_one;
    if (!(cap > 0.0) || !(isfinite(a) && a > 0.0))
        return lo;
    double top = ceil(a / cap) + 1.0;
    if (!(top < (double)INT32_MAX))
        return lo;
    int64_t hi = (int64_t)top, low = (int64_t)floor(a) + 1;
    if (low < lo)
        low = lo;
    if (low >= hi)
        return hi > lo ? hi : lo;
    if (poisson_below_mean(a, low) <= (long double)cap * low)
        return low;
    while (hi - low > 1) { /* e_low / low > cap >= e_hi / hi */
        const int64_t mid = low + (hi - low) / 2;
        if (poisson_below_mean(a, mid) <= (long double)cap * mid)
            hi = mid;
        else
            low = mid;
    }
    return hi;
}

/* The smallest n >= from meeting the occupancy cap, where every n >= from
 * meets the SL and ASA targets and from fails the cap; occupancy need not be
 * monotone in n (see the top of the file). */
static int32_t
first_under_cap(const chat_load *ld, const chat_goal *g, int64_t from, int32_t *agents)
{
    int32_t cand;
    chat_verdict v;
    bool known;
    int32_t status = first_passing(ld, g, from + 1, occupancy_guess(ld, g->max_occupancy, from + 1),
                                   TEST_OCC, &cand, &v, &known);
    if (status != WFM_OK)
        return status;
    const long double cap_met = (long double)g->max_occupancy * (1.0L + TARGET_SLACK);
    /* Certify from … cand − 1 from the top down. The bisection evaluated
     * cand − 1 (it fails), unless cand = from + 1 (and from fails). */
    int64_t top = known ? (int64_t)cand - 1 : from - 1;
    bool top_fails = known;
    long double p_top = known ? v.p_busy : 0.0L;
    while (top >= from) {
        if (!top_fails) {
            const int64_t n1 = lowest_certified(ld, cap_met, from, top, 0.0L);
            if (n1 <= top) {
                top = n1 - 1;
                continue;
            }
            v = judge(ld, g, (int32_t)top);
            if (v.occ) { /* occupancy is not monotone: an earlier answer */
                cand = (int32_t)top;
                top--;
                continue;
            }
            p_top = v.p_busy;
        }
        const int64_t n1 =
            ld->busy_monotone ? lowest_certified(ld, cap_met, from, top, p_top) : top + 1;
        top = (n1 < top ? n1 : top) - 1; /* top itself fails */
        top_fails = false;
    }
    *agents = cand;
    return WFM_OK;
}

/* The fewest agents for a stable queue: contacts·aht[m−1] < interval·n·m. */
static int64_t
stable_minimum(const chat_load *ld)
{
    long double guess = (long double)ld->contacts * ld->aht_full /
                        ((long double)ld->interval_s * ld->m);
    if (!(guess <= (long double)INT32_MAX + 2.0L))
        return (int64_t)INT32_MAX + 1;
    int64_t n = (int64_t)floorl(guess);
    if (n < 1)
        n = 1;
    while (n > 1 && stability_margin(ld, n - 1) > 0.0L)
        n--;
    while (stability_margin(ld, n) <= 0.0L)
        n++;
    return n;
}

int32_t
wfm_chat_required_agents(double contacts, double interval_s,
                         const double *aht_by_sessions_s,
                         int32_t max_sessions, double target_sl,
                         double answer_s, double max_asa_s,
                         double max_occupancy, int32_t *agents)
{
    /* At least one target: an answer time alone is not one (it only
     * parametrises the SL target). */
    if (!valid_load(contacts, interval_s, aht_by_sessions_s, max_sessions) ||
        agents == NULL || !(target_sl >= 0.0 && target_sl < 1.0) ||
        !is_nonnegative(answer_s) || !is_nonnegative(max_asa_s) ||
        !(max_occupancy >= 0.0 && max_occupancy <= 1.0) ||
        (target_sl == 0.0 && max_asa_s == 0.0 && max_occupancy == 0.0))
        return WFM_EINVAL;
    if (contacts == 0.0) {
        *agents = 0;
        return WFM_OK;
    }
    const chat_load ld = make_load(contacts, interval_s, aht_by_sessions_s, max_sessions);
    const chat_goal g = { target_sl, answer_s, max_asa_s, max_occupancy };

    /* Lower bounds every answer obeys: a stable queue, and, for an
     * occupancy cap, E[min(k, n)] >= lambda / f_max (each busy agent
     * completes at most f_max chats per second), so occupancy >=
     * lambda / (n·f_max). */
    int64_t lo = stable_minimum(&ld);
    if (max_occupancy > 0.0) {
        long double n_occ = ld.lambda / (ld.f_max * max_occupancy) * (1.0L - 1e-12L);
        if (!(n_occ <= (long double)INT32_MAX + 2.0L))
            return WFM_ERANGE;
        if (floorl(n_occ) > lo)
            lo = (int64_t)floorl(n_occ);
    }
    if (lo > INT32_MAX)
        return WFM_ERANGE;

    chat_verdict v;
    bool known;
    if (ld.concave) /* (M1): everything monotone */
        return first_passing(&ld, &g, lo, occupancy_guess(&ld, max_occupancy, lo), TEST_ALL,
                             agents, &v, &known);

    int64_t n = lo;
    /* Below m agents, and without (M2), one agent at a time. */
    for (; n < ld.m || !ld.wait_monotone; n++) {
        v = judge(&ld, &g, (int32_t)n);
        if (v.sl_asa && v.occ) {
            *agents = (int32_t)n;
            return WFM_OK;
        }
        if (n == INT32_MAX)
            return WFM_ERANGE;
    }
    /* (M2): the SL and ASA targets by bisection, then the cap. */
    int32_t n_sa;
    int32_t status = first_passing(&ld, &g, n, n, TEST_SL_ASA, &n_sa, &v, &known);
    if (status != WFM_OK || max_occupancy == 0.0) {
        if (status == WFM_OK)
            *agents = n_sa;
        return status;
    }
    v = judge(&ld, &g, n_sa);
    if (v.occ) {
        *agents = n_sa;
        return WFM_OK;
    }
    return first_under_cap(&ld, &g, n_sa, agents);
}
