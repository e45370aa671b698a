/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the calendar object (calendar.c) and its readers (calendar-parse.c,
 * calendar-prophet.c) share: a rule's life cycle, copies of text and the
 * calendar's error message. In: a rule or a calendar; out: the same,
 * updated. Below both, so the readers never call back into the object. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "calendar-private.h"
#include "text-private.h"

/* ---- rules ------------------------------------------------------------ */

cal_rule
cal_rule_init(void)
{
    cal_rule r;
    memset(&r, 0, sizeof r);
    r.kind = CAL_RULE_FIXED;
    r.observed = CAL_OBSERVED_NONE;
    r.first_year = DATE_YEAR_MIN;
    r.last_year = DATE_YEAR_MAX;
    return r;
}

void
cal_rule_clear(cal_rule *rule)
{
    free(rule->name);
    free(rule->base);
    free(rule->spans);
    free(rule->except_years);
    *rule = cal_rule_init();
}

bool
cal_rule_in_year(const cal_rule *rule, int32_t year)
{
    if (year < rule->first_year || year > rule->last_year)
        return false;
    for (size_t i = 0; i < rule->n_except; i++)
        if (rule->except_years[i] == year)
            return false;
    return true;
}

/* ---- errors and text ---------------------------------------------------- */

int32_t
cal_fail(wfm_calendar *cal, int32_t status, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    text_vfail(cal->errmsg, sizeof cal->errmsg, status, format, args);
    va_end(args);
    return status;
}

char *
cal_copy_text(const char *s, size_t n)
{
    char *copy = malloc(n + 1);
    if (copy != NULL) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}
