/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deferred work (channel-deferred.c) as the plan stage calls it: contacts
 * and handle times per interval in, agents and backlog per interval out.
 * Not installed. */
#ifndef WFM_DEFERRED_PRIVATE_H
#define WFM_DEFERRED_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* channel-deferred.c: the level rule of wfm_deferred_required_agents()
 * (arguments, statuses and outputs as there). With due_by_end the span's
 * last interval is a deadline too: cohort l is due by the end of interval
 * min(l + K − 1, intervals − 1), so every cohort is due in range and the
 * last interval ends with no backlog (email plans); without it, this is
 * wfm_deferred_required_agents(). Plans (plan-run.c) are its only internal
 * user. */
int32_t deferred_staff(size_t intervals, double interval_s, const double *contacts,
                       const double *aht_s, double deadline_s, double max_occupancy,
                       bool due_by_end, int32_t *agents, double *backlog);

#endif /* WFM_DEFERRED_PRIVATE_H */
