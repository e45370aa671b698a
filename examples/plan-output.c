/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan-output.c: what `wfm plan` prints from a finished plan: the CSV, one
 * row per interval (its header is the tool's contract), and the --summary
 * tables per day and ISO week ending in the peak week and hires in words.
 */
#include <math.h>
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
    const struct plan_result *r = data;
    char day_text[16];

    fputs(csv_header, out);
    fputc('\n', out);
    for (size_t i = 0; i < r->count; i++) {
        size_t day = i / r->per_day, slot = i % r->per_day;
        int minute = (int)slot * (int)r->interval;

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

/* @p x with @p decimals, commas between thousands: 4,184.2. */
static void
put_thousands(char *buf, size_t size, double x, int decimals)
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

static const char *const weekday_abbr[8] = { "?", "Mon", "Tue", "Wed", "Thu",
                                             "Fri", "Sat", "Sun" };

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

int
plan_print_summary(const char *prog, const struct plan_request *req,
                   const wfm_plan *plan, const struct plan_result *r)
{
    size_t n_days = 0, n_weeks = 0;
    int32_t *day_first = NULL, *week_first = NULL, *start_by = NULL;
    double *day_req = NULL, *day_sched = NULL, *day_fte = NULL;
    double *week_req = NULL, *week_sched = NULL, *week_fte = NULL;
    double *on_staff = NULL, *hires = NULL, *needed = NULL;
    const double *contacts = r->col[plan_column(WFM_PLAN_COL_CONTACTS)];
    const double *required = r->col[plan_column(WFM_PLAN_COL_REQUIRED)];
    const double *scheduled = r->col[plan_column(WFM_PLAN_COL_SCHEDULED)];
    double contract_hours = req->values[OPT_CONTRACT_HOURS].seen
                            ? req->contract_hours : 37.5;
    char a[16], b[16], targets[256], n1[32], n2[32], n3[32];
    wfm_status status;
    int rc = CLI_EXIT_FAILURE;

    status = wfm_plan_rollup(plan, WFM_PLAN_DAY, NULL, NULL, NULL, NULL, 0, &n_days);
    if (status == WFM_OK)
        status = wfm_plan_ramp(plan, NULL, NULL, NULL, NULL, NULL, 0, &n_weeks);
    if (status != WFM_OK || n_days == 0 || n_weeks == 0) {
        cli_error(prog, "cannot roll the plan up: %s", wfm_status_str(status));
        return CLI_EXIT_FAILURE;
    }
    day_first = malloc(n_days * sizeof *day_first);
    day_req = malloc(n_days * sizeof *day_req);
    day_sched = malloc(n_days * sizeof *day_sched);
    day_fte = malloc(n_days * sizeof *day_fte);
    week_first = malloc(n_weeks * sizeof *week_first);
    start_by = malloc(n_weeks * sizeof *start_by);
    week_req = malloc(n_weeks * sizeof *week_req);
    week_sched = malloc(n_weeks * sizeof *week_sched);
    week_fte = malloc(n_weeks * sizeof *week_fte);
    needed = malloc(n_weeks * sizeof *needed);
    on_staff = malloc(n_weeks * sizeof *on_staff);
    hires = malloc(n_weeks * sizeof *hires);
    if (!day_first || !day_req || !day_sched || !day_fte || !week_first
        || !start_by || !week_req || !week_sched || !week_fte || !needed
        || !on_staff || !hires) {
        cli_error(prog, "out of memory");
        goto done;
    }
    status = wfm_plan_rollup(plan, WFM_PLAN_DAY, day_first, day_req, day_sched,
                             day_fte, n_days, &n_days);
    if (status == WFM_OK)
        status = wfm_plan_rollup(plan, WFM_PLAN_WEEK, week_first, week_req,
                                 week_sched, week_fte, n_weeks, &n_weeks);
    if (status == WFM_OK)
        status = wfm_plan_ramp(plan, NULL, needed, on_staff, hires, start_by,
                               n_weeks, &n_weeks);
    if (status != WFM_OK || n_days != (size_t)r->days) {
        cli_error(prog, "cannot roll the plan up: %s", wfm_status_str(status));
        goto done;
    }

    plan_describe_targets(req, targets, sizeof targets);
    plan_date_text(r->first_date, a, sizeof a);
    plan_date_text(r->first_date + r->days - 1, b, sizeof b);
    printf("Plan %s .. %s (%d days, %d-minute intervals): %s.\n", a, b,
           (int)r->days, (int)r->interval, targets);
    printf("Hours are agent-hours; FTE = scheduled hours / %g h a week "
           "(a day: / %g h).\n\n", contract_hours, contract_hours / 5.0);

    printf("%-14s %12s %9s %9s %11s %11s %8s\n", "day", "contacts",
           "peak req", "peak sch", "req hours", "sch hours", "FTE");
    for (size_t d = 0; d < n_days; d++) {
        double total = 0.0, peak_req = 0.0, peak_sched = 0.0;
        int32_t weekday = 0;

        for (size_t j = 0, i = d * r->per_day; j < r->per_day; j++, i++) {
            total += contacts[i];
            peak_req = fmax(peak_req, required[i]);
            peak_sched = fmax(peak_sched, scheduled[i]);
        }
        plan_date_text(day_first[d], a, sizeof a);
        if (wfm_date_weekday(day_first[d], &weekday) != WFM_OK || weekday < 1
            || weekday > 7)
            weekday = 0;
        put_thousands(n1, sizeof n1, total, 1);
        put_thousands(n2, sizeof n2, day_req[d], 1);
        put_thousands(n3, sizeof n3, day_sched[d], 1);
        printf("%s %s %12s %9.0f %9.0f %11s %11s %8.1f\n", a,
               weekday_abbr[weekday], n1, peak_req, peak_sched, n2, n3, day_fte[d]);
    }

    printf("\n%-12s %4s %11s %11s %8s %9s %9s %12s\n", "week of", "days",
           "req hours", "sch hours", "FTE", "on staff", "hires", "start by");
    for (size_t w = 0; w < n_weeks; w++) {
        int32_t days = w + 1 < n_weeks ? week_first[w + 1] - week_first[w]
                                       : r->first_date + r->days - week_first[w];

        plan_date_text(week_first[w], a, sizeof a);
        plan_date_text(start_by[w], b, sizeof b);
        put_thousands(n2, sizeof n2, week_req[w], 1);
        put_thousands(n3, sizeof n3, week_sched[w], 1);
        printf("%-12s %4d %11s %11s %8.1f %9.1f %9.1f %12s\n", a, (int)days, n2,
               n3, week_fte[w], on_staff[w], hires[w], b);
    }

    /* Email: the work still waiting when the plan ends. The library makes
     * the plan's end a deadline (wfm/plan.h), so this is 0 unless that
     * ever changes; printed so that a plan never hides unanswered work. */
    if (req->channel == WFM_CHANNEL_EMAIL) {
        double left = r->col[plan_column(WFM_PLAN_COL_BACKLOG)][r->count - 1];
        double hours = req->values[OPT_DEADLINE].seen ? req->deadline_s / 3600.0 : 24.0;

        plan_date_text(r->first_date + r->days - 1, a, sizeof a);
        put_thousands(n1, sizeof n1, isnan(left) ? 0.0 : left, 1);
        printf("\nBacklog at the end of the plan (end of %s): %s emails. The "
               "plan's end is a deadline too: mail arriving in its last %g h "
               "is answered by then, which raises the staffing of those "
               "hours; to read them at the running rate, plan %g h further.\n",
               a, n1, hours, hours);
    }

    /* The peak week in words. */
    {
        size_t peak = 0, first_hire = SIZE_MAX;
        double baseline = req->values[OPT_HEADCOUNT].seen ? req->headcount
                                                          : needed[0];
        double total_hires = hires[n_weeks - 1];

        for (size_t w = 1; w < n_weeks; w++) {
            if (needed[w] > needed[peak])
                peak = w;
        }
        for (size_t w = 0; w < n_weeks && first_hire == SIZE_MAX; w++) {
            if (hires[w] > 0.05)
                first_hire = w;
        }
        plan_date_text(week_first[peak], a, sizeof a);
        printf("\nPeak week %s: %.1f FTE vs baseline %.1f%s", a, needed[peak],
               baseline, req->values[OPT_HEADCOUNT].seen
                         ? " on staff" : " in the first week");
        if (baseline > 0.0)
            printf(" (%+.0f %%)", 100.0 * (needed[peak] / baseline - 1.0));
        if (first_hire == SIZE_MAX) {
            printf(". No hires needed: the staff on hand cover every week "
                   "after %g %% a year attrition.\n",
                   100.0 * (req->values[OPT_ATTRITION].seen ? req->attrition : 0.3));
        } else {
            plan_date_text(start_by[first_hire], b, sizeof b);
            plan_date_text(week_first[first_hire], a, sizeof a);
            printf(". Hire %.0f FTE; start training by %s", ceil(total_hires - 0.05), b);
            if (start_by[first_hire] < r->first_date)
                printf(" (%d training days before the week of %s, the first "
                       "to need them)",
                       (int)(week_first[first_hire] - start_by[first_hire]), a);
            printf(".\n");
        }
    }
    rc = cli_finish_output(prog);
done:
    free(day_first);
    free(day_req);
    free(day_sched);
    free(day_fte);
    free(week_first);
    free(start_by);
    free(week_req);
    free(week_sched);
    free(week_fte);
    free(needed);
    free(on_staff);
    free(hires);
    return rc;
}
