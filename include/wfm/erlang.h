/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wfm/erlang.h
 * @brief Erlang B / Erlang C queueing formulas and exact staffing.
 *
 * The model is M/M/n: contacts arrive at random (Poisson), handle times are
 * exponential with mean @c aht_s seconds, @c n agents serve one FIFO queue and
 * callers never abandon.
 *
 * Units and definitions (A = traffic in Erlangs, n = agents, t = answer time):
 * - traffic A = contacts per interval × AHT (s) / interval length (s), in
 *   Erlangs (see wfm_traffic_erlangs());
 * - Erlang C probability of waiting P(wait) = C(A, n) = n·B / (n − A(1 − B)),
 *   B = Erlang B, defined for n > A;
 * - service level SL = 1 − C·exp(−(n − A)·t / AHT): the fraction of all
 *   contacts answered within t seconds (a fraction in [0, 1]);
 * - average speed of answer ASA = C·AHT / (n − A): the mean wait in seconds
 *   over all contacts, those answered at once included;
 * - occupancy = A / n: the fraction of time agents are busy.
 *
 * When n ≤ A (and A > 0) the queue grows without bound: the evaluation
 * functions report P(wait) = 1, SL = 0, ASA = +infinity and occupancy = 1.
 * This is not an error. With A = 0 nobody waits: P(wait) = 0, SL = 1,
 * ASA = 0, occupancy = 0 (and 0 agents are required).
 *
 * Accuracy: results are within a few units in the last place for
 * everyday loads and within 1e-12 relative for any A up to 1e7 Erlangs
 * and any value above 1e-300; staffing decisions are exact (see
 * wfm_required_agents()).
 *
 * Thread safety: every function here is pure (no state, no allocation) and
 * may be called from any number of threads at once.
 */
#ifndef WFM_ERLANG_H
#define WFM_ERLANG_H

#include <stddef.h>
#include <stdint.h>

#include "wfm/export.h"
#include "wfm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Offered traffic from contacts per interval and handle time.
 *
 * Computes contacts × aht_s / interval_s with a single rounding, so decimal
 * inputs such as 42 contacts, 900 s, 270 s give the double nearest 12.6.
 *
 * @param[in]  contacts         contacts arriving in the interval, finite, >= 0.
 * @param[in]  interval_s       interval length in seconds, finite, > 0.
 * @param[in]  aht_s            average handle time in seconds, finite, > 0.
 * @param[out] traffic_erlangs  the offered load in Erlangs; untouched on error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  an input is NaN, infinite or out of range, or the
 *                     out-pointer is NULL.
 * @retval WFM_ERANGE  the result overflows a double.
 * @since 1.0
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_traffic_erlangs(double contacts, double interval_s, double aht_s,
                    double *traffic_erlangs);

/**
 * @brief Erlang B: the probability that a contact finds all @p agents busy in
 *        a loss system (M/M/n/n).
 *
 * @param[in]  traffic_erlangs  offered load A in Erlangs, finite, >= 0.
 * @param[in]  agents           n >= 0. B(A, 0) = 1; B(0, n) = 0 for n > 0.
 * @param[out] blocking         B(A, n), a fraction in [0, 1]; untouched on
 *                              error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  A is NaN, infinite or negative, n < 0, or @p blocking
 *                     is NULL.
 * @since 1.0
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_erlang_b(double traffic_erlangs, int32_t agents, double *blocking);

/**
 * @brief Erlang C: the probability that a contact has to wait.
 *
 * @param[in]  traffic_erlangs  offered load A in Erlangs, finite, >= 0.
 * @param[in]  agents           n >= 0.
 * @param[out] p_wait           C(A, n), a fraction in [0, 1]; 1 when n <= A
 *                              and A > 0; 0 when A = 0. Untouched on error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  A is NaN, infinite or negative, n < 0, or @p p_wait is
 *                     NULL.
 * @since 1.0
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_erlang_c(double traffic_erlangs, int32_t agents, double *p_wait);

/**
 * @brief Service level: the fraction of contacts answered within @p answer_s.
 *
 * SL = 1 − C(A, n)·exp(−(n − A)·answer_s / aht_s). With answer_s = 0 it is
 * 1 − P(wait).
 *
 * @param[in]  traffic_erlangs  offered load A in Erlangs, finite, >= 0.
 * @param[in]  agents           n >= 0.
 * @param[in]  aht_s            average handle time in seconds, finite, > 0.
 * @param[in]  answer_s         answer-time threshold t in seconds, finite,
 *                              >= 0.
 * @param[out] service_level    a fraction in [0, 1]: 0 when n <= A and A > 0
 *                              (never negative), 1 when A = 0. Untouched on
 *                              error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  an input is NaN, infinite or out of range, or the
 *                     out-pointer is NULL.
 * @since 1.0
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_service_level(double traffic_erlangs, int32_t agents, double aht_s,
                  double answer_s, double *service_level);

/**
 * @brief Average speed of answer: the mean wait in seconds over all contacts.
 *
 * ASA = C(A, n)·aht_s / (n − A).
 *
 * @param[in]  traffic_erlangs  offered load A in Erlangs, finite, >= 0.
 * @param[in]  agents           n >= 0.
 * @param[in]  aht_s            average handle time in seconds, finite, > 0.
 * @param[out] asa_s            seconds, >= 0: +infinity (HUGE_VAL) when
 *                              n <= A and A > 0, 0 when A = 0. Untouched on
 *                              error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  an input is NaN, infinite or out of range, or the
 *                     out-pointer is NULL.
 * @since 1.0
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_average_speed_of_answer(double traffic_erlangs, int32_t agents,
                            double aht_s, double *asa_s);

/**
 * @brief Agent occupancy A / n: the fraction of time agents are busy.
 *
 * @param[in]  traffic_erlangs  offered load A in Erlangs, finite, >= 0.
 * @param[in]  agents           n >= 0.
 * @param[out] occupancy        A / n for n > A; 1 when n <= A and A > 0;
 *                              0 when A = 0. Untouched on error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  A is NaN, infinite or negative, n < 0, or the
 *                     out-pointer is NULL.
 * @since 1.0
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_occupancy(double traffic_erlangs, int32_t agents, double *occupancy);

/**
 * @brief The smallest number of agents that meets every target that is set.
 *
 * The answer is the smallest integer n > A with
 * - SL(n) >= @p target_sl (SL within @p answer_s seconds), if target_sl > 0;
 * - ASA(n) <= @p max_asa_s, if max_asa_s > 0;
 * - A / n <= @p max_occupancy, if max_occupancy > 0.
 * Equality meets a target. A target given as 0 is not set, and at least
 * one of target_sl, max_asa_s and max_occupancy must be set: there is no
 * "fewest agents" without a goal. @p answer_s is the SL target's parameter,
 * not a target of its own (before 1.3 an answer time alone was accepted and
 * gave the fewest agents of a stable queue, floor(A) + 1). With A = 0 the
 * answer is 0 agents.
 *
 * Exactness: the decision is made on the mathematically exact values for the
 * given (double) inputs. Where a computed value lies within 1e-13 of a
 * target, wfm re-evaluates it in extended precision before deciding; values
 * within a few units in the last place of a target (2·DBL_EPSILON, relative
 * for ASA and occupancy) count as meeting it, so that decimal inputs that
 * hit a target exactly (A = 2.4 Erlangs at occupancy 0.8 needs 3 agents)
 * are not lost to binary rounding.
 *
 * Cost: O(1) for any load in the common case (a square-root-staffing guess,
 * an incomplete-gamma evaluation and a short local walk); O(n) only in the
 * rare case of a target within 1e-13 of an achievable value, and for ASA
 * targets below 1e-270 s, whose values underflow a double.
 *
 * @param[in]  traffic_erlangs  offered load A in Erlangs, finite, >= 0.
 * @param[in]  aht_s            average handle time in seconds, finite, > 0.
 * @param[in]  target_sl        service-level target, a fraction in [0, 1);
 *                              0 = not set.
 * @param[in]  answer_s         the SL's answer time in seconds, finite, >= 0.
 * @param[in]  max_asa_s        ASA target in seconds, finite, >= 0;
 *                              0 = not set.
 * @param[in]  max_occupancy    occupancy cap, a fraction in [0, 1];
 *                              0 = not set.
 * @param[out] agents           the required agents; untouched on error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  an input is NaN, infinite or out of range, no target
 *                     is set (target_sl, max_asa_s and max_occupancy all 0,
 *                     whatever @p answer_s), or @p agents is NULL. The same
 *                     for any load, 0 included.
 * @retval WFM_ERANGE  the answer exceeds INT32_MAX agents.
 * @since 1.0
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_required_agents(double traffic_erlangs, double aht_s, double target_sl,
                    double answer_s, double max_asa_s, double max_occupancy,
                    int32_t *agents);

/**
 * @brief Staff many intervals in one call: wfm_required_agents() for each
 *        interval, with the SL, ASA and occupancy the answer achieves.
 *
 * All intervals share the targets (a queue's service goal); traffic and
 * handle time vary per interval. All inputs are validated before anything is
 * computed.
 *
 * @param[in]  intervals        number of intervals (0 is valid and does
 *                              nothing).
 * @param[in]  traffic_erlangs  [intervals] offered load per interval, Erlangs,
 *                              finite, >= 0. Borrowed, not modified.
 * @param[in]  aht_s            [intervals] average handle time per interval,
 *                              seconds, finite, > 0. Borrowed, not modified.
 * @param[in]  target_sl        as in wfm_required_agents().
 * @param[in]  answer_s         as in wfm_required_agents().
 * @param[in]  max_asa_s        as in wfm_required_agents().
 * @param[in]  max_occupancy    as in wfm_required_agents().
 * @param[out] agents           [intervals] required agents. Required.
 * @param[out] service_level    [intervals] SL at that staffing, or NULL.
 * @param[out] asa_s            [intervals] ASA in seconds, or NULL.
 * @param[out] occupancy        [intervals] occupancy, or NULL.
 * @param[out] failed_interval  on failure, the index of the first interval
 *                              that failed (or @p intervals when the failure
 *                              is not tied to one interval); may be NULL.
 * @retval WFM_OK      success: every output holds @p intervals values.
 * @retval WFM_EINVAL  a pointer that is required is NULL, a target is out of
 *                     range, no target is set (as in wfm_required_agents():
 *                     target_sl, max_asa_s and max_occupancy all 0; checked
 *                     even with 0 intervals), or an interval's traffic or AHT
 *                     is invalid; no output was written (@p failed_interval
 *                     is @p intervals when the failure is not an interval's).
 * @retval WFM_ERANGE  an interval needs more than INT32_MAX agents; outputs
 *                     before @p failed_interval hold results, the rest are
 *                     unspecified.
 * @since 1.0
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_required_agents_batch(size_t intervals, const double *traffic_erlangs,
                          const double *aht_s, double target_sl,
                          double answer_s, double max_asa_s,
                          double max_occupancy, int32_t *agents,
                          double *service_level, double *asa_s,
                          double *occupancy, size_t *failed_interval);

#ifdef __cplusplus
}
#endif

#endif /* WFM_ERLANG_H */
