/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <float.h>
#include <math.h>
#include <stddef.h>

#include "wfm/staffing.h"

/* A quotient within this (relative) of an integer counts as that integer:
 * 14 agents at 30 % shrinkage is 14 / 0.7 = 20 in decimal, 20.000000000000004
 * in binary. */
#define TARGET_SLACK (4 * DBL_EPSILON)

int32_t
wfm_scheduled_agents(int32_t agents, double shrinkage, int32_t *scheduled)
{
    if (agents < 0 || !(shrinkage >= 0.0 && shrinkage < 1.0) || scheduled == NULL)
        return WFM_EINVAL;
    double m = ceil(agents / (1.0 - shrinkage) * (1.0 - TARGET_SLACK));
    if (m > INT32_MAX)
        return WFM_ERANGE;
    *scheduled = (int32_t)m;
    return WFM_OK;
}
