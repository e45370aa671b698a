/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan-xlsx.h: `wfm plan --xlsx`, the plan as an Excel workbook (private to
 * the tool; plan-xlsx.c).
 *
 * libxlsxwriter is optional at build time (meson feature option `xlsx`).
 * Without it xlsx_available() is false and --xlsx is refused with
 * XLSX_NO_SUPPORT_MESSAGE (exit 2) before anything is read or written.
 */
#ifndef WFM_PLAN_XLSX_H
#define WFM_PLAN_XLSX_H

#include <stdbool.h>

#include <wfm.h>

#include "cli.h"
#include "wfm-plan.h"

/* The message of a build without libxlsxwriter (scripts and tests match it). */
#define XLSX_NO_SUPPORT_MESSAGE "wfm was built without workbook support (libxlsxwriter)"

/* Whether this build can write workbooks. */
bool xlsx_available(void);

/* Writes the workbook of a finished plan to @p out, a cli_output opened
 * for --xlsx (libxlsxwriter writes to a file name: the output's temporary
 * file, which cli_output_close() and _commit() then finish as any other
 * output). Sheets: intervals (the CSV's columns), days and weeks (the
 * --summary's tables, with the ramp), inputs (settings, shrinkage rows,
 * calendar days, the command line) and native charts. The weeks are read
 * as plan_print_summary() reads them, which may set and reset the plan's
 * headcount. Returns a CLI_EXIT_* code after one line on stderr. */
int plan_write_xlsx(const char *prog, const struct plan_request *req,
                    wfm_plan *plan, wfm_calendar *calendar,
                    const struct plan_result *r, const struct cli_output *out);

#endif /* WFM_PLAN_XLSX_H */
