/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan-queues.h: `wfm plan --queues FILE`, every queue of a plan file in
 * one plan (private to the tool; plan-queues.c).
 *
 * The plan file is INI, read with libinih, which is optional at build
 * time (meson feature option `queues`). Without it queues_available() is
 * false and --queues is refused with QUEUES_NO_SUPPORT_MESSAGE (exit 2).
 */
#ifndef WFM_PLAN_QUEUES_H
#define WFM_PLAN_QUEUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"

/* The message of a build without libinih (scripts and tests match it). */
#define QUEUES_NO_SUPPORT_MESSAGE "wfm was built without plan files (libinih)"

/* Whether this build reads plan files. */
bool queues_available(void);

/* The --queues part of `wfm plan --help`: the plan file's format. */
void plan_queues_usage(FILE *out);

/* `wfm plan --queues FILE ...`: @p values are the parsed options of the
 * command line (plan_options), @p items its list options in order. Reads
 * the plan file, checks every queue as `wfm plan` checks one, runs them
 * and writes the one CSV (a leading queue column), the summary (each
 * queue, then all queues with one hiring ramp) and the chart (the total),
 * all or nothing. Returns the exit code. */
int plan_queues_run(const char *prog, const struct cli_value *values,
                    const struct cli_list_item *items, size_t n_items);

#endif /* WFM_PLAN_QUEUES_H */
