/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <float.h>
#include <math.h>
#include <stddef.h>

#include "wfm/staffing.h"

int32_t
wfm_scheduled_agents(int32_t agents, double shrinkage, int32_t *scheduled)
{
    if (agents < 0 || !(shrinkage >= 0.0 && shrinkage < 1.0) || scheduled == NULL)
        return WFM_EINVAL;
    /* A quotient within the inputs' own rounding of an integer counts as
     * that integer: 14 agents at 30 % shrinkage is 14 / 0.7 = 20 in decimal,
     * 20.000000000000004 in binary. The shrinkage's half-ulp becomes a
     * relative error of ulp/2 / (1 − s) in 1 − s: 0.92 gives
     * 0.07999999999999996. */
    double available = 1.0 - shrinkage;
    double slack = 2 * DBL_EPSILON + 0.5 * (nextafter(shrinkage, 1.0) - shrinkage) / available;
    double m = ceil(agents / available * (1.0 - slack));
    if (m > INT32_MAX)
        return WFM_ERANGE;
    *scheduled = (int32_t)m;
    return WFM_OK;
}
