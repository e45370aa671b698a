/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan-output.c: what `wfm plan` prints from a finished plan: the CSV, one
 * row per interval (its header is the tool's contract), and the --summary
 * tables per day (with the day's SL, ASA and occupancy) and ISO week
 * (partial weeks labelled, not stretched; start-by dates before the day the
 * plan is made flagged with each week's shortfall) ending in the peak week
 * and hires in words. `wfm plan --queues` prints its summary with the same
 * tables and words (plan_print_days(), struct plan_ramp).
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wfm.h>

#include "cli.h"
#include "wfm-plan.h"

/* --------------------------------------------------------------------- */
/* The CSV                                                               */

/* The plan's columns, in the CSV's order after datetime. */
static const int32_t csv_columns[] = {
    WFM_PLAN_COL_CONTACTS, WFM_PLAN_COL_LOWER, WFM_PLAN_COL_UPPER,
    WFM_PLAN_COL_AHT_S, WFM_PLAN_COL_WORKLOAD, WFM_PLAN_COL_REQUIRED,
    WFM_PLAN_COL_SCHEDULED, WFM_PLAN_COL_SERVICE_LEVEL, WFM_PLAN_COL_ASA_S,
    WFM_PLAN_COL_OCCUPANCY, WFM_PLAN_COL_SHRINKAGE, WFM_PLAN_COL_ABANDON,
    WFM_PLAN_COL_SL_AT_LOWER, WFM_PLAN_COL_SL_AT_UPPER, WFM_PLAN_COL_BACKLOG
};
_Static_assert(sizeof csv_columns / sizeof csv_columns[0] == PLAN_N_COLUMNS,
               "struct plan_result holds one array per CSV column");

/* Decimals per CSV column: counts and seconds 3, agents 0, fractions 6. */
static const int csv_decimals[PLAN_N_COLUMNS] = { 3, 3, 3, 3, 3, 0, 0, 6, 3, 6,
                                                  6, 6, 6, 6, 3 };

/* The header is part of the tool's contract: never reorder or rename. */
static const char csv_header[] =
    "datetime,forecast,lower,upper,aht,workload,required_agents,"
    "scheduled_agents,service_level,asa,occupancy,shrinkage,abandon_rate,"
    "sl_at_lower,sl_at_upper,backlog";

void
plan_result_free(struct plan_result *r)
{
    for (size_t c = 0; c < PLAN_N_COLUMNS; c++)
        free(r->col[c]);
}

int
plan_result_fetch(const char *prog, const wfm_plan *plan, struct plan_result *r)
{
    wfm_status status = wfm_plan_span(plan, &r->first_date, &r->days,
                                      &r->interval);
    size_t count = 0;

    if (status == WFM_OK) {
        status = wfm_plan_copy_column(plan, WFM_PLAN_COL_CONTACTS, NULL, 0, &count);
        if (status == WFM_ERANGE)
            status = WFM_OK;
    }
    if (status != WFM_OK || r->interval <= 0 || r->days <= 0) {
        cli_error(prog, "cannot read the plan: %s", wfm_status_str(status));
        return CLI_EXIT_FAILURE;
    }
    r->count = count;
    r->per_day = (size_t)(1440 / r->interval);
    for (size_t c = 0; c < PLAN_N_COLUMNS; c++) {
        size_t got = 0;

        r->col[c] = malloc((count ? count : 1) * sizeof *r->col[c]);
        if (r->col[c] == NULL) {
            cli_error(prog, "out of memory");
            return CLI_EXIT_FAILURE;
        }
        status = wfm_plan_copy_column(plan, csv_columns[c], r->col[c], count, &got);
        if (status != WFM_OK || got != count) {
            cli_error(prog, "cannot read the plan: %s", wfm_status_str(status));
            return CLI_EXIT_FAILURE;
        }
    }
    if (count != (size_t)r->days * r->per_day) {
        cli_error(prog, "the plan has %zu intervals for %d days", count, (int)r->days);
        return CLI_EXIT_FAILURE;
    }
    return CLI_EXIT_OK;
}

void
plan_write_csv(FILE *out, const void *data)
{
    plan_write_csv_header(out, NULL);
    plan_write_csv_rows(out, data, NULL);
}

void
plan_write_csv_header(FILE *out, const char *first_column)
{
    if (first_column != NULL) {
        fputs(first_column, out);
        fputc(',', out);
    }
    fputs(csv_header, out);
    fputc('\n', out);
}

void
plan_write_csv_rows(FILE *out, const struct plan_result *r, const char *queue)
{
    char day_text[16];

    for (size_t i = 0; i < r->count; i++) {
        size_t day = i / r->per_day, slot = i % r->per_day;
        int minute = (int)slot * (int)r->interval;

        if (queue != NULL) {
            fputs(queue, out);
            fputc(',', out);
        }
        plan_date_text(r->first_date + (int32_t)day, day_text, sizeof day_text);
        fprintf(out, "%s %02d:%02d", day_text, minute / 60, minute % 60);
        for (size_t c = 0; c < PLAN_N_COLUMNS; c++) {
            double x = r->col[c][i];

            fputc(',', out);
            if (isnan(x))
                continue; /* does not apply: empty */
            if (isinf(x))
                fputs(x > 0 ? "inf" : "-inf", out);
            else
                cli_put_fixed(out, x, csv_decimals[c]);
        }
        fputc('\n', out);
    }
}

/* Index of a column in struct plan_result. */
size_t
plan_column(int32_t column)
{
    for (size_t c = 0; c < PLAN_N_COLUMNS; c++) {
        if (csv_columns[c] == column)
            return c;
    }
    return 0;
}

/* --------------------------------------------------------------------- */
/* The summary                                                           */

void
plan_date_text(int32_t date, char *buf, size_t size)
{
    if (wfm_date_format(date, buf, size) != WFM_OK)
        snprintf(buf, size, "?");
}

void
plan_put_thousands(char *buf, size_t size, double x, int decimals)
{
    char digits[64];
    size_t len, int_len, out = 0;

    snprintf(digits, sizeof digits, "%.*f", decimals, x);
    len = strlen(digits);
    int_len = strcspn(digits, ".");
    for (size_t i = 0; i < len && out + 2 < size; i++) {
        buf[out++] = digits[i];
        if (i + 1 < int_len && digits[i] != '-' && (int_len - i - 1) % 3 == 0)
            buf[out++] = ',';
    }
    buf[out] = '\0';
}

const char *
plan_weekday_text(int32_t date)
{
    static const char *const abbr[8] = { "?", "Mon", "Tue", "Wed", "Thu", "Fri",
                                         "Sat", "Sun" };
    int32_t weekday = 0;

    if (wfm_date_weekday(date, &weekday) != WFM_OK || weekday < 1 || weekday > 7)
        weekday = 0;
    return abbr[weekday];
}

/* The targets in words, for the summary's first line and the chart. */
void
plan_describe_targets(const struct plan_request *req, char *buf, size_t size)
{
    size_t len = 0;

#define ADD(...) (len += (size_t)snprintf(buf + len, len < size ? size - len : 0, __VA_ARGS__))
    buf[0] = '\0';
    if (req->channel == WFM_CHANNEL_EMAIL) {
        ADD("email (deferred work), answered within %g h",
            req->values[OPT_DEADLINE].seen ? req->deadline_s / 3600.0 : 24.0);
    } else {
        if (req->channel == WFM_CHANNEL_CHAT)
            ADD("chat (up to %zu at once)", req->chat_sessions);
        else if (req->patience_s > 0.0)
            ADD("voice (Erlang A, patience %g s)", req->patience_s);
        else
            ADD("voice (Erlang C)");
        if (req->target_sl > 0.0)
            ADD(", %g %% in %g s", 100.0 * req->target_sl, req->answer_s);
        if (req->max_asa_s > 0.0)
            ADD(", ASA <= %g s", req->max_asa_s);
        if (req->max_abandon > 0.0)
            ADD(", abandonment <= %g %%", 100.0 * req->max_abandon);
    }
    ADD(", occupancy <= %g %%", 100.0 * (req->values[OPT_MAX_OCCUPANCY].seen
                                         ? req->max_occupancy : 0.85));
    if (req->channel != WFM_CHANNEL_CHAT) {
        if (req->aht_column)
            ADD(", AHT from the history");
        else
            ADD(", AHT %g s", req->aht_s);
    }
    if (req->staff_to == WFM_PLAN_STAFF_UPPER)
        ADD(", staffed to the upper bound");
#undef ADD
}

/* One day's service at the required agents: SL and ASA weighted by the
 * contacts staffed in each interval (ASA by those answered, when Erlang A
 * gives an abandonment rate), occupancy by the agents (busy time over
 * staffed time). NaN where the day has no weight (no contacts, no agents,
 * or a column that does not apply to the channel). */
struct day_service {
    double sl, asa, occupancy;
};

static struct day_service
day_service(const struct plan_request *req, const struct plan_result *r, size_t d)
{
    const double *staffed = r->col[plan_column(req->staff_to == WFM_PLAN_STAFF_UPPER
                                               ? WFM_PLAN_COL_UPPER
                                               : WFM_PLAN_COL_CONTACTS)];
    const double *sl = r->col[plan_column(WFM_PLAN_COL_SERVICE_LEVEL)];
    const double *asa = r->col[plan_column(WFM_PLAN_COL_ASA_S)];
    const double *occupancy = r->col[plan_column(WFM_PLAN_COL_OCCUPANCY)];
    const double *abandon = r->col[plan_column(WFM_PLAN_COL_ABANDON)];
    const double *required = r->col[plan_column(WFM_PLAN_COL_REQUIRED)];
    double sl_sum = 0.0, sl_w = 0.0, asa_sum = 0.0, asa_w = 0.0;
    double occ_sum = 0.0, occ_w = 0.0;

    for (size_t j = 0, i = d * r->per_day; j < r->per_day; j++, i++) {
        double v = staffed[i];

        if (v > 0.0 && !isnan(sl[i])) {
            sl_sum += v * sl[i];
            sl_w += v;
        }
        if (v > 0.0 && !isnan(asa[i])) {
            double answered = isnan(abandon[i]) ? v : v * (1.0 - abandon[i]);

            if (answered > 0.0) {
                asa_sum += answered * asa[i];
                asa_w += answered;
            }
        }
        if (required[i] > 0.0 && !isnan(occupancy[i])) {
            occ_sum += required[i] * occupancy[i];
            occ_w += required[i];
        }
    }
    return (struct day_service){
        sl_w > 0.0 ? sl_sum / sl_w : NAN,
        asa_w > 0.0 ? asa_sum / asa_w : NAN,
        occ_w > 0.0 ? occ_sum / occ_w : NAN,
    };
}

void
plan_day_measures(const struct plan_request *req, const struct plan_result *r,
                  size_t d, double *sl, double *asa, double *occupancy)
{
    struct day_service s = day_service(req, r, d);

    *sl = s.sl;
    *asa = s.asa;
    *occupancy = s.occupancy;
}

void
plan_print_measure(double x, double scale, int width)
{
    if (isnan(x))
        printf(" %*s", width, "-");
    else if (isinf(x))
        printf(" %*s", width, "inf");
    else
        printf(" %*.1f", width, scale * x);
}

bool
plan_read_weeks(const struct plan_request *req, wfm_plan *plan, const struct plan_result *r,
                struct plan_week *w, size_t n_weeks, char *why, size_t why_size)
{
    int32_t *first = NULL, *start_by = NULL;
    double *req_h = NULL, *sched_h = NULL, *needed = NULL, *on_staff = NULL;
    double attrition = 0.0, headcount = 0.0, hires = 0.0;
    size_t n = n_weeks, ff = SIZE_MAX;
    wfm_status status;
    bool ok = false;

    first = malloc(n_weeks * sizeof *first);
    start_by = malloc(n_weeks * sizeof *start_by);
    req_h = malloc(n_weeks * sizeof *req_h);
    sched_h = malloc(n_weeks * sizeof *sched_h);
    needed = malloc(n_weeks * sizeof *needed);
    on_staff = malloc(n_weeks * sizeof *on_staff);
    if (!first || !start_by || !req_h || !sched_h || !needed || !on_staff) {
        snprintf(why, why_size, "out of memory");
        goto done;
    }
    status = wfm_plan_rollup(plan, WFM_PLAN_WEEK, first, req_h, sched_h, NULL,
                             n_weeks, &n);
    if (status == WFM_OK && n == n_weeks)
        status = wfm_plan_ramp(plan, NULL, needed, NULL, NULL, start_by, n_weeks, &n);
    for (size_t k = 0; status == WFM_OK && k < n_weeks; k++) {
        w[k].first = first[k];
        w[k].days = k + 1 < n_weeks ? first[k + 1] - first[k]
                                    : r->first_date + r->days - first[k];
        w[k].full = w[k].days == 7;
        if (w[k].full && ff == SIZE_MAX)
            ff = k;
    }
    if (status == WFM_OK && ff != SIZE_MAX && ff > 0 && !req->values[OPT_HEADCOUNT].seen
        && needed[ff] > 0.0) {
        status = wfm_plan_get_double(plan, WFM_PLAN_ATTRITION, &attrition);
        headcount = needed[ff] / pow(1.0 - attrition, (first[ff] - r->first_date) / 365.0);
        if (status == WFM_OK)
            status = wfm_plan_set_double(plan, WFM_PLAN_HEADCOUNT_FTE, headcount);
    }
    if (status == WFM_OK)
        status = wfm_plan_ramp(plan, NULL, NULL, on_staff, NULL, NULL, n_weeks, &n);
    if (headcount > 0.0 && status == WFM_OK) /* back to the default */
        status = wfm_plan_set_double(plan, WFM_PLAN_HEADCOUNT_FTE, 0.0);
    if (status != WFM_OK || n != n_weeks) {
        snprintf(why, why_size, "cannot roll the plan up: %s", wfm_status_str(status));
        goto done;
    }
    for (size_t k = 0; k < n_weeks; k++) {
        w[k].start_by = start_by[k];
        w[k].req_hours = req_h[k];
        w[k].sched_hours = sched_h[k];
        w[k].needed = needed[k];
        w[k].on_staff = on_staff[k];
        w[k].gap = needed[k] - on_staff[k];
        if (w[k].full)
            hires = fmax(hires, w[k].gap);
        w[k].hires = hires;
        w[k].late = w[k].full && start_by[k] < req->today;
        /* Without a full week or --headcount, the library's staff on hand
         * is a partial week's FTE stretched over the whole week. */
        if (ff == SIZE_MAX && !req->values[OPT_HEADCOUNT].seen)
            w[k].on_staff = w[k].gap = NAN;
    }
    ok = true;
done:
    free(first);
    free(start_by);
    free(req_h);
    free(sched_h);
    free(needed);
    free(on_staff);
    return ok;
}

void
plan_print_days(const struct plan_request *req, const struct plan_result *r,
                size_t n_days, const double *req_hours, const double *sched_hours,
                const double *fte)
{
    const double *contacts = r->col[plan_column(WFM_PLAN_COL_CONTACTS)];
    const double *required = r->col[plan_column(WFM_PLAN_COL_REQUIRED)];
    const double *scheduled = r->col[plan_column(WFM_PLAN_COL_SCHEDULED)];
    char a[16], n1[32], n2[32], n3[32];

    printf("%-14s %12s %6s %6s %6s %9s %9s %11s %11s %8s\n", "day", "contacts",
           "SL %", "ASA s", "occ %", "peak req", "peak sch", "req hours",
           "sch hours", "FTE");
    for (size_t d = 0; d < n_days; d++) {
        int32_t date = r->first_date + (int32_t)d;
        double total = 0.0, peak_req = 0.0, peak_sched = 0.0;
        struct day_service service = day_service(req, r, d);

        for (size_t j = 0, i = d * r->per_day; j < r->per_day; j++, i++) {
            total += contacts[i];
            peak_req = fmax(peak_req, required[i]);
            peak_sched = fmax(peak_sched, scheduled[i]);
        }
        plan_date_text(date, a, sizeof a);
        plan_put_thousands(n1, sizeof n1, total, 1);
        plan_put_thousands(n2, sizeof n2, req_hours[d], 1);
        plan_put_thousands(n3, sizeof n3, sched_hours[d], 1);
        printf("%s %s %12s", a, plan_weekday_text(date), n1);
        plan_print_measure(service.sl, 100.0, 6);
        plan_print_measure(service.asa, 1.0, 6);
        plan_print_measure(service.occupancy, 100.0, 6);
        printf(" %9.0f %9.0f %11s %11s %8.1f\n", peak_req, peak_sched, n2, n3, fte[d]);
    }
}

void
plan_print_ramp_weeks(const struct plan_ramp *ramp)
{
    size_t partial = SIZE_MAX; /* the first partial week */
    char a[16], b[16], n2[32], n3[32];

    printf("\n%-12s %4s %11s %11s %8s %9s %9s %12s %7s\n", "week of", "days",
           "req hours", "sch hours", "FTE", "on staff", "hires", "start by", "short");
    for (size_t k = 0; k < ramp->n_weeks; k++) {
        const struct plan_week *w = &ramp->weeks[k];

        plan_date_text(w->first, a, sizeof a);
        plan_put_thousands(n2, sizeof n2, w->req_hours, 1);
        plan_put_thousands(n3, sizeof n3, w->sched_hours, 1);
        if (!w->full) {
            char days[8];

            if (partial == SIZE_MAX)
                partial = k;
            snprintf(days, sizeof days, "%d/7", (int)w->days);
            printf("%-12s %4s %11s %11s %8s", a, days, n2, n3, "-");
            plan_print_measure(w->on_staff, 1.0, 9);
            printf(" %9s %12s %7s  partial\n", "-", "-", "-");
            continue;
        }
        plan_date_text(w->start_by, b, sizeof b);
        printf("%-12s %4d %11s %11s %8.1f", a, (int)w->days, n2, n3, w->needed);
        plan_print_measure(w->on_staff, 1.0, 9);
        printf(" %9.1f %12s", w->hires, b);
        if (w->late)
            printf(" %7.1f\n", fmax(0.0, w->gap));
        else
            printf(" %7s\n", "-");
    }
    if (partial != SIZE_MAX)
        printf("Partial weeks (%d/7: the plan covers %d of the week's 7 days) show "
               "the hours of their planned days only: no FTE, hires or start "
               "date, and they count in neither the peak week nor the hires (a "
               "week's FTE from part of it would stretch those days over the "
               "whole week).\n", (int)ramp->weeks[partial].days,
               (int)ramp->weeks[partial].days);
}

/* Where the day the plan is made came from, in words. */
static const char *
today_source_text(const struct plan_ramp *ramp)
{
    switch (ramp->today_source) {
    case PLAN_TODAY_GIVEN:
        return "--today";
    case PLAN_TODAY_AFTER_HISTORY:
        return ramp->all_queues
               ? "the day after the latest history's last day; --today sets it"
               : "the day after the history's last day; --today sets it";
    case PLAN_TODAY_BEFORE_START:
    default:
        return "the day before --start; --today sets it";
    }
}

void
plan_print_hire_note(const struct plan_ramp *ramp)
{
    bool any_late = false;
    char a[16];

    for (size_t k = 0; k < ramp->n_weeks; k++)
        any_late = any_late || ramp->weeks[k].late;
    plan_date_text(ramp->today, a, sizeof a);
    printf("Hires take contacts %d days after they start (--hire-lead-days). "
           "The plan is made on %s (%s): a start-by date before it is too late%s.\n",
           (int)ramp->lead, a, today_source_text(ramp),
           any_late ? ", and \"short\" is the FTE such a week lacks without its hires"
                    : "");
}

void
plan_print_backlog(const struct plan_request *req, const struct plan_result *r)
{
    double left = r->col[plan_column(WFM_PLAN_COL_BACKLOG)][r->count - 1];
    double hours = req->values[OPT_DEADLINE].seen ? req->deadline_s / 3600.0 : 24.0;
    char a[16], n1[32];

    plan_date_text(r->first_date + r->days - 1, a, sizeof a);
    plan_put_thousands(n1, sizeof n1, isnan(left) ? 0.0 : left, 1);
    printf("Backlog at the end of the plan (end of %s): %s emails. The "
           "plan's end is a deadline too: mail arriving in its last %g h "
           "is answered by then, which raises the staffing of those "
           "hours; to read them at the running rate, plan %g h further.\n",
           a, n1, hours, hours);
}

void
plan_print_answer(const struct plan_ramp *ramp)
{
    const struct plan_week *w = ramp->weeks;
    size_t peak = SIZE_MAX, first_full = SIZE_MAX, first_hire = SIZE_MAX;
    size_t n_short = 0, first_reachable_hire = SIZE_MAX;
    double baseline, all_hires = 0.0, reachable_hires = 0.0;
    int32_t lead = ramp->lead, today = ramp->today;
    char a[16], b[16];

    for (size_t k = 0; k < ramp->n_weeks; k++) {
        if (!w[k].full)
            continue;
        if (first_full == SIZE_MAX)
            first_full = k;
        if (peak == SIZE_MAX || w[k].needed > w[peak].needed)
            peak = k;
        all_hires = fmax(all_hires, w[k].gap);
        if (w[k].gap > 0.05 && first_hire == SIZE_MAX)
            first_hire = k;
        if (w[k].late && w[k].gap > 0.05)
            n_short++;
        if (!w[k].late) {
            reachable_hires = fmax(reachable_hires, w[k].gap);
            if (w[k].gap > 0.05 && first_reachable_hire == SIZE_MAX)
                first_reachable_hire = k;
        }
    }
    if (first_full == SIZE_MAX) {
        printf("\nNo full week in the plan (%d day%s): plan whole ISO weeks, "
               "Monday to Sunday, for weekly FTE, the peak week and the hires.\n",
               (int)ramp->days, ramp->days == 1 ? "" : "s");
        return;
    }
    baseline = ramp->has_headcount ? ramp->headcount : w[first_full].needed;
    plan_date_text(w[peak].first, a, sizeof a);
    printf("\nPeak week %s: %.1f FTE%s vs baseline %.1f%s", a, w[peak].needed,
           ramp->all_queues ? " of all queues" : "", baseline,
           ramp->has_headcount ? " on staff"
           : first_full == 0 ? " in the first week" : " in the first full week");
    if (baseline > 0.0)
        printf(" (%+.0f %%)", 100.0 * (w[peak].needed / baseline - 1.0));
    if (first_hire == SIZE_MAX) {
        printf(". No hires needed: the staff on hand cover every week "
               "after %g %% a year attrition.\n", 100.0 * ramp->attrition);
        return;
    }
    if (n_short == 0) {
        plan_date_text(w[first_hire].start_by, b, sizeof b);
        plan_date_text(w[first_hire].first, a, sizeof a);
        printf(". Hire %.0f FTE; start training by %s", ceil(all_hires - 0.05), b);
        if (w[first_hire].start_by < ramp->start)
            printf(" (%d training days before the week of %s, the first "
                   "to need them)", (int)lead, a);
        printf(".\n");
        return;
    }
    /* Some weeks' hires had to start before the plan is made. */
    plan_date_text(today, a, sizeof a);
    plan_date_text(today + lead, b, sizeof b);
    printf(". Too late for %zu week%s: hires take contacts %d days after they "
           "start, so those starting on %s, the day this plan is made, take "
           "contacts from %s%s; short without them:", n_short, n_short == 1 ? "" : "s",
           (int)lead, a, b, today + lead > ramp->start + ramp->days - 1
           ? " (after the plan's end)" : "");
    for (size_t k = 0, shown = 0; k < ramp->n_weeks; k++) {
        if (!(w[k].late && w[k].gap > 0.05))
            continue;
        plan_date_text(w[k].first, a, sizeof a);
        shown++;
        if (shown == 1)
            printf(" %.1f FTE in the week of %s", w[k].gap, a);
        else
            printf("%s %.1f in %s", shown == n_short ? " and" : ",", w[k].gap, a);
    }
    printf(".");
    if (first_reachable_hire != SIZE_MAX) {
        plan_date_text(w[first_reachable_hire].start_by, b, sizeof b);
        plan_date_text(w[first_reachable_hire].first, a, sizeof a);
        printf(" Hire %.0f FTE; start training by %s, for the week of %s and after.",
               ceil(reachable_hires - 0.05), b, a);
    }
    printf("\n");
}

int
plan_print_summary(const char *prog, const struct plan_request *req,
                   wfm_plan *plan, const struct plan_result *r)
{
    size_t n_days = 0, n_weeks = 0;
    double *day_req = NULL, *day_sched = NULL, *day_fte = NULL;
    char why[160];
    struct plan_week *weeks = NULL;
    struct plan_ramp ramp;
    double contract_hours = req->values[OPT_CONTRACT_HOURS].seen
                            ? req->contract_hours : 37.5;
    char a[16], b[16], targets[256];
    wfm_status status;
    int rc = CLI_EXIT_FAILURE;

    status = wfm_plan_rollup(plan, WFM_PLAN_DAY, NULL, NULL, NULL, NULL, 0, &n_days);
    if (status == WFM_OK)
        status = wfm_plan_ramp(plan, NULL, NULL, NULL, NULL, NULL, 0, &n_weeks);
    if (status != WFM_OK || n_days == 0 || n_weeks == 0) {
        cli_error(prog, "cannot roll the plan up: %s", wfm_status_str(status));
        return CLI_EXIT_FAILURE;
    }
    day_req = malloc(n_days * sizeof *day_req);
    day_sched = malloc(n_days * sizeof *day_sched);
    day_fte = malloc(n_days * sizeof *day_fte);
    weeks = calloc(n_weeks, sizeof *weeks);
    if (!day_req || !day_sched || !day_fte || !weeks) {
        cli_error(prog, "out of memory");
        goto done;
    }
    status = wfm_plan_rollup(plan, WFM_PLAN_DAY, NULL, day_req, day_sched, day_fte,
                             n_days, &n_days);
    if (status != WFM_OK || n_days != (size_t)r->days) {
        cli_error(prog, "cannot roll the plan up: %s", wfm_status_str(status));
        goto done;
    }
    if (!plan_read_weeks(req, plan, r, weeks, n_weeks, why, sizeof why)) {
        cli_error(prog, "%s", why);
        goto done;
    }
    ramp = (struct plan_ramp){
        .weeks = weeks, .n_weeks = n_weeks,
        .start = r->first_date, .days = r->days,
        .today = req->today, .today_source = req->today_source,
        .lead = weeks[0].first - weeks[0].start_by,
        .has_headcount = req->values[OPT_HEADCOUNT].seen,
        .headcount = req->headcount,
        .attrition = req->values[OPT_ATTRITION].seen ? req->attrition : 0.3,
        .all_queues = false,
    };

    plan_describe_targets(req, targets, sizeof targets);
    plan_date_text(r->first_date, a, sizeof a);
    plan_date_text(r->first_date + r->days - 1, b, sizeof b);
    printf("Plan %s .. %s (%d days, %d-minute intervals): %s.\n", a, b,
           (int)r->days, (int)r->interval, targets);
    printf("Hours are agent-hours; FTE = scheduled hours / %g h a week "
           "(a day: / %g h).\n", contract_hours, contract_hours / 5.0);
    printf("SL, ASA and occupancy are at the required agents: SL and ASA "
           "weighted by the contacts %s in each interval%s, occupancy by the "
           "agents.\n\n", req->staff_to == WFM_PLAN_STAFF_UPPER ? "staffed (upper bound)"
                                                             : "forecast",
           req->patience_s > 0.0 ? " (ASA by those answered)" : "");
    plan_print_days(req, r, n_days, day_req, day_sched, day_fte);
    plan_print_ramp_weeks(&ramp);
    plan_print_hire_note(&ramp);
    /* Email: the work still waiting when the plan ends. The library makes
     * the plan's end a deadline (wfm/plan.h), so this is 0 unless that
     * ever changes; printed so that a plan never hides unanswered work. */
    if (req->channel == WFM_CHANNEL_EMAIL) {
        putchar('\n');
        plan_print_backlog(req, r);
    }
    plan_print_answer(&ramp);
    rc = cli_finish_output(prog);
done:
    free(day_req);
    free(day_sched);
    free(day_fte);
    free(weeks);
    return rc;
}
