/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wfm/channels.h
 * @brief Staffing the non-voice channels: chat (several sessions per agent)
 *        and email / back-office (deferred work with a deadline).
 *
 * Units: contacts per interval, times in seconds, fractions in [0, 1].
 * Thread safety: pure functions, callable from any thread.
 */
#ifndef WFM_CHANNELS_H
#define WFM_CHANNELS_H

#include <stddef.h>
#include <stdint.h>

#include "wfm/export.h"
#include "wfm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Service measures of a chat queue with @p agents agents.
 *
 * The model (a birth-death chain on k, the number of chats in the system):
 * chats arrive as a Poisson stream of rate lambda = @p contacts /
 * @p interval_s per second. An agent holds at most m = @p max_sessions chats
 * at once, and chats are spread evenly over the n = @p agents agents: with
 * k = q·n + r chats (0 <= r < n, k <= n·m), r agents hold q + 1 chats and
 * n − r hold q. A chat whose agent holds L chats finishes at rate
 * 1 / aht_by_sessions_s[L − 1], so handle time per chat may grow with
 * concurrency (e.g. 180, 210, 240 s at 1, 2, 3 chats); with
 * f(L) = L / aht_by_sessions_s[L − 1] (f(0) = 0) the total completion rate
 * in state k <= n·m is mu_k = r·f(q + 1) + (n − r)·f(q). Chats that find all
 * N = n·m slots taken wait first-come first-served; the completion rate
 * there is R = n·m / aht_by_sessions_s[m − 1], so the states above N form a
 * geometric tail with ratio rho = lambda / R. With max_sessions = 1 this is
 * exactly Erlang C (M/M/n).
 *
 * The queue is stable iff lambda < R, i.e. contacts × aht[m − 1] <
 * interval_s × n × m (decided exactly on the inputs). Then, with pi the
 * stationary distribution and P(wait) = pi_N / (1 − rho) the probability
 * that an arrival finds all slots taken (arrivals see time averages): an
 * arrival finding j chats queued ahead waits an Erlang(j + 1, R) time,
 * and summing over j gives, exactly as in Erlang C,
 * - SL = P(wait <= @p answer_s) = 1 − P(wait)·exp(−(R − lambda)·answer_s);
 * - ASA = mean wait over all chats = P(wait) / (R − lambda), seconds;
 * - occupancy = E[min(k, n)] / n, the mean fraction of agents holding at
 *   least one chat.
 * An unstable queue (lambda >= R, or no agents) gives SL 0, ASA +infinity
 * (HUGE_VAL) and occupancy 1; with no contacts SL is 1, ASA 0 and
 * occupancy 0, whatever the agents.
 *
 * Accuracy and cost: the chain is summed in extended precision with the
 * weights kept to a separate binary exponent, so any load and staffing
 * is free of overflow and underflow; P(wait) is within 1e-13 relative up
 * to 1e5 Erlangs (3e-14 measured against 60-digit Erlang C references).
 * One evaluation sums only the window of the chain around its peaks
 * (about 25 standard deviations; runs of equal completion rates in one
 * step), so it costs about the width of the distribution, not agents ×
 * max_sessions: about 0.1 ms at 10⁶ chats an interval; staffing takes
 * typically 2 to 10 evaluations (bench/bench-chat).
 *
 * A shortcut some planners use instead, "AHT / concurrency factor", is
 * Erlang C with an effective handle time, e.g. wfm_traffic_erlangs() and
 * wfm_required_agents() with aht = aht_by_sessions_s[m − 1] / m. It treats
 * each agent as one fast server always working at full concurrency, so
 * its answer can differ from this model's either way.
 *
 * @param[in]  contacts           chats offered in the interval, finite,
 *                                >= 0.
 * @param[in]  interval_s         interval length, seconds, finite, > 0.
 * @param[in]  aht_by_sessions_s  [max_sessions] mean handle time per chat
 *                                at each concurrency, seconds, finite,
 *                                > 0. Borrowed, not modified.
 * @param[in]  max_sessions       chats an agent holds at most, 1 … 16.
 * @param[in]  agents             agents, >= 0.
 * @param[in]  answer_s           SL answer time, seconds, finite, >= 0.
 * @param[out] service_level      SL, a fraction in [0, 1], or NULL.
 * @param[out] asa_s              ASA, seconds, or NULL.
 * @param[out] occupancy          occupancy, a fraction in [0, 1], or NULL.
 * @retval WFM_OK      success (an unstable queue gives SL 0, ASA
 *                     +infinity and occupancy 1).
 * @retval WFM_EINVAL  an argument is NaN, infinite or out of range, or
 *                     @p aht_by_sessions_s is NULL; no output was written.
 * @since 1.3
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_chat_service(double contacts, double interval_s,
                 const double *aht_by_sessions_s, int32_t max_sessions,
                 int32_t agents, double answer_s, double *service_level,
                 double *asa_s, double *occupancy);

/**
 * @brief Fewest chat agents that meet every target set (0 = not set;
 *        equality meets a target), under the model of wfm_chat_service().
 *
 * The answer is the smallest n giving a stable queue with
 * SL(n) >= @p target_sl (if set), ASA(n) <= @p max_asa_s (if set) and
 * occupancy(n) <= @p max_occupancy (if set). As in wfm_required_agents(),
 * values within 2·DBL_EPSILON of a target (relative for ASA and occupancy)
 * meet it, and with no contacts the answer is 0. With max_sessions = 1 the
 * answer is wfm_required_agents()'s.
 *
 * Search: from a guess and a lower bound every answer obeys (the fewest
 * agents for a stable queue, and for an occupancy cap lambda / (max f(L) ×
 * cap), since each busy agent completes at most max f(L) chats per
 * second), galloping and bisection. With f(L) = L / aht[L − 1] the
 * completion rate at L sessions, that is exact when (M1) f is concave (an
 * extra chat adds no more throughput than the one before, as with 180,
 * 210, 240 s): SL, ASA and occupancy all improve with n; (M2) f meets a
 * rate condition every non-decreasing curve and every 2-session profile
 * meets (300, 200 s included): P(wait), SL and ASA are monotone in n; (M3)
 * a similar condition: occupancy is checked below the bisection's answer
 * with bounds from the formula occupancy = 1 − (1 − P(all busy))(1 −
 * E[K | K < n] / n), K Poisson, and evaluated where they do not decide.
 * The proofs are at the top of lib/queue/channel-chat.c. For the rest (an extra
 * chat that more than halves an agent's throughput, 100, 500, 300 s) the
 * search walks up one agent at a time from the bound: about 6 ms at 10⁴
 * chats, 190 ms at 10⁵. The answer is always the smallest n.
 *
 * @param[in]  contacts, interval_s, aht_by_sessions_s, max_sessions,
 *             answer_s  as in wfm_chat_service().
 * @param[in]  target_sl      SL target in [0, 1); 0 = not set.
 * @param[in]  max_asa_s      ASA cap, seconds, finite, >= 0; 0 = not set.
 * @param[in]  max_occupancy  occupancy cap in [0, 1]; 0 = not set.
 * @param[out] agents         the answer; untouched on error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  an argument is NaN, infinite or out of range, a
 *                     pointer is NULL, or no target is set (target_sl,
 *                     max_asa_s and max_occupancy all 0, whatever
 *                     answer_s: an answer time alone is no target).
 * @retval WFM_ERANGE  the answer exceeds INT32_MAX.
 * @since 1.3
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_chat_required_agents(double contacts, double interval_s,
                         const double *aht_by_sessions_s,
                         int32_t max_sessions, double target_sl,
                         double answer_s, double max_asa_s,
                         double max_occupancy, int32_t *agents);

/**
 * @brief Agents per interval for deferred work (email, back-office) that
 *        must be answered within a deadline, with the backlog carried
 *        from interval to interval.
 *
 * The model. Let c = @p interval_s × @p max_occupancy, the seconds of work
 * one agent does per interval, K = floor(@p deadline_s / @p interval_s)
 * (>= 1; a quotient within 2 ulp below an integer counts as that integer),
 * and W_l = contacts[l] × aht_s[l], the work (seconds) arriving in interval
 * l. Cohort l is due by the end of interval l + K − 1: conservative, as if
 * every contact arrived at its interval's start (it may also be worked on
 * from that start). Work is answered first-in first-out, which here is
 * also earliest-deadline-first.
 *
 * Interval i gets the fewest agents that, held constant from i on, finish
 * in time all the work that has already arrived (cohorts l <= i) and is due
 * within the horizon (l + K − 1 <= intervals − 1):
 *
 *   agents[i] = ceil( max over such l of R_i(l) / ((l + K − i) × c) ),
 *
 * where R_i(l) is the work of cohorts up to l not yet done at the start of
 * interval i, and l + K − i is the number of intervals from i to l's due
 * interval (0 agents if there is no such l). The agents then work FIFO
 * for the interval, fractional work carried, and the next interval is
 * decided the same way. The term for the work due at the end of i alone
 * keeps every deadline (FIFO serves that work first); the others spread
 * the work evenly over the time left ("level" staffing
 * rather than "all at the last minute"). Work due after the last interval
 * may stay in the backlog, and is not counted in any interval's need: the
 * caller who needs it answered within the span makes the span's end a
 * deadline (as email staffing plans do, see wfm/plan.h), or passes
 * intervals up to a deadline past the span's end (the agents of the
 * span's intervals do not depend on the arrivals after them).
 *
 * This is an online rule: it does not look at arrivals after i, so it is
 * not the schedule with the smallest peak (which may work ahead of a known
 * spike), and an interval's agents are not always individually necessary
 * (agents rounded up in one interval may finish work early).
 *
 * Rounding: a need within 1e-9 × max(1, need) agents above an integer
 * rounds down to that integer, so that exact integer needs (e.g. 10 agents'
 * work exactly) do not become one more through binary rounding; what such
 * rounding leaves of work due in an interval (at most 2e-9 × max(1,
 * agents) × c seconds) counts as done.
 *
 * Cost: O(intervals × min(K, intervals)) time, no allocation.
 *
 * @param[in]  intervals      number of intervals (0 is valid and writes
 *                            nothing).
 * @param[in]  interval_s     interval length, seconds, finite, > 0.
 * @param[in]  contacts       [intervals] contacts arriving, finite, >= 0.
 *                            Borrowed, not modified.
 * @param[in]  aht_s          [intervals] handle time of the contacts
 *                            arriving in each interval, seconds, finite,
 *                            > 0. Borrowed, not modified.
 * @param[in]  deadline_s     response deadline, seconds, finite,
 *                            >= interval_s.
 * @param[in]  max_occupancy  productive fraction of an agent's interval,
 *                            in (0, 1].
 * @param[out] agents         [intervals] agents per interval. Required
 *                            (unless intervals is 0).
 * @param[out] backlog        [intervals] contacts still waiting at the end
 *                            of each interval (a partly answered cohort
 *                            counts in proportion to its work left), or
 *                            NULL.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  an argument is NaN, infinite, out of range or NULL;
 *                     nothing was written.
 * @retval WFM_ERANGE  an interval needs more than INT32_MAX agents (or the
 *                     work overflows a double); the outputs before that
 *                     interval hold results, the rest are unspecified.
 * @since 1.3
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_deferred_required_agents(size_t intervals, double interval_s,
                             const double *contacts, const double *aht_s,
                             double deadline_s, double max_occupancy,
                             int32_t *agents, double *backlog);

#ifdef __cplusplus
}
#endif

#endif /* WFM_CHANNELS_H */
