/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wfm/staffing.h
 * @brief From required (productive) agents to scheduled agents.
 *
 * Thread safety: pure functions, callable from any thread.
 */
#ifndef WFM_STAFFING_H
#define WFM_STAFFING_H

#include <stdint.h>

#include "wfm/export.h"
#include "wfm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Agents to schedule so that, after shrinkage, @p agents remain.
 *
 * Shrinkage is the fraction of paid time agents are not available for
 * contacts (breaks, meetings, training, leave, sickness). The answer is the
 * smallest integer m with m·(1 − shrinkage) >= agents, decided as if the
 * inputs were the decimals they were typed as: a product within the
 * rounding of the inputs (2·DBL_EPSILON plus half an ulp of @p shrinkage
 * relative to 1 − shrinkage) of @p agents meets it, so 14 agents
 * at 30 % shrinkage give 20, not 21.
 *
 * @param[in]  agents     productive agents needed, >= 0.
 * @param[in]  shrinkage  a fraction in [0, 1).
 * @param[out] scheduled  agents to schedule; untouched on error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  agents < 0, shrinkage NaN or outside [0, 1), or
 *                     @p scheduled is NULL.
 * @retval WFM_ERANGE  the answer exceeds INT32_MAX.
 * @since 1.0
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_scheduled_agents(int32_t agents, double shrinkage, int32_t *scheduled);

#ifdef __cplusplus
}
#endif

#endif /* WFM_STAFFING_H */
