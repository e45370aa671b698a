/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wfm/erlang-a.h
 * @brief Erlang A (M/M/n+M, Palm 1946): voice queues where callers abandon.
 *
 * Contacts arrive as a Poisson stream, handle times are exponential with
 * mean @p aht_s, and a waiting caller hangs up after an exponential
 * patience with mean @p patience_s. Unlike Erlang C the queue is stable at
 * any number of agents, abandonment is an output (and a target), and the
 * agents needed for a service level are fewer.
 *
 * Service level and ASA are defined differently by different tools (the
 * gap is ~2 SL points); wfm computes each common definition, named by
 * ::wfm_erlang_a_metric, and documents which one a staffing call uses.
 *
 * Units: traffic in Erlangs (offered contacts × AHT / interval length),
 * times in seconds, probabilities and fractions in [0, 1].
 * Thread safety: pure functions, callable from any thread.
 */
#ifndef WFM_ERLANG_A_H
#define WFM_ERLANG_A_H

#include <stddef.h>
#include <stdint.h>

#include "wfm/export.h"
#include "wfm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What wfm_erlang_a_metrics() computes. Values are pinned. */
enum wfm_erlang_a_metric {
    /** P(an arrival finds all agents busy and waits). */
    WFM_ERLANG_A_P_WAIT = 0,
    /** Fraction of all arrivals that abandon. */
    WFM_ERLANG_A_P_ABANDON = 1,
    /** P(answered within the answer time), over all arrivals: abandoners
     *  count as not answered in time. wfm's default SL. */
    WFM_ERLANG_A_SL_ANSWERED_OF_ALL = 2,
    /** P(virtual wait <= answer time): the wait a caller would have had
     *  with infinite patience (CCmath Erlang X's SL). */
    WFM_ERLANG_A_SL_VIRTUAL = 3,
    /** Answered within the answer time over answered contacts. */
    WFM_ERLANG_A_SL_ANSWERED_ONLY = 4,
    /** Mean wait of answered contacts, seconds: the ACD's ASA, wfm's
     *  default ASA. */
    WFM_ERLANG_A_ASA_ANSWERED = 5,
    /** Mean time in queue over all arrivals (abandoners included),
     *  seconds. */
    WFM_ERLANG_A_ASA_ALL = 6,
    /** Mean virtual wait over all arrivals, seconds (CCmath's ASA). */
    WFM_ERLANG_A_ASA_VIRTUAL = 7,
    /** Fraction of agent time busy with answered contacts. */
    WFM_ERLANG_A_OCCUPANCY = 8
};

/**
 * @brief Several Erlang A measures from one evaluation of the queue.
 *
 * The model has no line limit (no blocking; Erlang X's finite lines and
 * redials are not modelled). Method: the birth-death chain's lower states
 * through Erlang B, and its whole queue tail in closed form: a caller who
 * finds j others queued has a virtual wait V_j with exp(−V_j/patience) ~
 * Beta(n·patience/AHT, j + 1), which sums over j to a one-dimensional
 * integral of a log-concave function (Garnett, Mandelbaum & Reiman 2002),
 * integrated by adaptive Gauss–Kronrod on a window whose cut tails are
 * bounded by tangents, in log scale. No state-space truncation, no
 * overflow at any load or patience: the cost is independent of the load,
 * the agents and the patience (tens of microseconds for all metrics).
 *
 * Accuracy: about 1e-12 relative (tested to 1e-9 against 30-digit
 * references for loads 0.01 … 5,000 Erlangs, patience from seconds to
 * hours, and n below, at and above the load). Values below ~1e-300
 * underflow to 0; probabilities are clamped to at most 1. Every metric is
 * monotone in @p agents. Traffic 0 gives P_WAIT = P_ABANDON = 0, every SL
 * 1, every ASA 0 and OCCUPANCY 0. As @p patience_s grows the measures tend
 * to Erlang C's (wfm_erlang_c(), wfm_service_level(),
 * wfm_average_speed_of_answer()) for n > A.
 *
 * @param[in]  traffic_erlangs  offered load, finite, >= 0.
 * @param[in]  agents           agents, >= 1 (fewer than the load is fine:
 *                              Erlang A is always stable).
 * @param[in]  aht_s            mean handle time, seconds, finite, > 0.
 * @param[in]  patience_s       mean patience, seconds, finite, > 0 (use
 *                              Erlang C for infinite patience).
 * @param[in]  answer_s         answer-time threshold of the SL, seconds,
 *                              finite, >= 0 (0: SL = answered without
 *                              waiting).
 * @param[in]  metrics          @p count values of ::wfm_erlang_a_metric
 *                              (repeats allowed). Borrowed, not modified.
 * @param[in]  count            number of metrics, >= 1.
 * @param[out] values           @p count results, in the order asked;
 *                              untouched on error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  an argument is NaN, infinite, out of range or NULL,
 *                     or a metric is unknown.
 * @retval WFM_ERANGE  n·patience/AHT or A·patience/AHT overflows or is
 *                     below DBL_MIN (patience/AHT beyond ~1e±300), or the
 *                     quadrature did not converge (not seen in testing).
 * @since 1.3
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_erlang_a_metrics(double traffic_erlangs, int32_t agents, double aht_s,
                     double patience_s, double answer_s,
                     const int32_t *metrics, size_t count, double *values);

/**
 * @brief Fewest agents that meet every target set, under Erlang A.
 *
 * The answer is the smallest n >= 1 with
 * - SL(n) >= @p target_sl, SL by @p sl_definition within @p answer_s,
 *   if target_sl > 0;
 * - ::WFM_ERLANG_A_P_ABANDON <= @p max_abandon, if max_abandon > 0;
 * - ::WFM_ERLANG_A_ASA_ANSWERED <= @p max_asa_s, if max_asa_s > 0;
 * - ::WFM_ERLANG_A_OCCUPANCY <= @p max_occupancy, if max_occupancy > 0.
 * A target of 0 is not set; at least one must be set (@p answer_s is the
 * SL target's parameter, not a target: alone it is WFM_EINVAL, as in
 * wfm_required_agents()). With traffic 0 the answer is 0 agents. Unlike
 * Erlang C, n may be below the load.
 *
 * Ties: a value within 4·DBL_EPSILON of its target (absolute for SL and
 * abandonment, relative for ASA and occupancy) meets it. The measures are
 * accurate to ~1e-12, so a target closer than that to an achieved value
 * may be decided either way.
 *
 * Search: every measure used is monotone in n, so "n meets every target"
 * is too. The search starts from Erlang C's answer (wfm_required_agents())
 * or from the bound n >= A·(1 − max_abandon) (n agents cannot serve more
 * than n Erlangs), follows the secant of the smallest margin inside a
 * bracket, and returns n only once n meets and n − 1 does not: typically
 * 3–5 evaluations.
 *
 * Feasibility: as n grows every SL definition tends to 1 (also with
 * answer_s = 0), and abandonment, ASA and occupancy tend to 0, so every
 * target in its documented range is met by enough agents:
 * WFM_EINFEASIBLE is not returned for valid inputs (it is reserved).
 *
 * @param[in]  traffic_erlangs  offered load, finite, >= 0.
 * @param[in]  aht_s            mean handle time, seconds, finite, > 0.
 * @param[in]  patience_s       mean patience, seconds, finite, > 0.
 * @param[in]  target_sl        SL target in (0, 1), or 0.
 * @param[in]  answer_s         SL answer time, seconds, finite, >= 0.
 * @param[in]  sl_definition    ::WFM_ERLANG_A_SL_ANSWERED_OF_ALL,
 *                              ::WFM_ERLANG_A_SL_VIRTUAL or
 *                              ::WFM_ERLANG_A_SL_ANSWERED_ONLY; checked
 *                              even when no SL target is set.
 * @param[in]  max_abandon      abandonment cap in (0, 1), or 0.
 * @param[in]  max_asa_s        ASA cap, seconds, finite, > 0, or 0.
 * @param[in]  max_occupancy    occupancy cap in (0, 1], or 0.
 * @param[out] agents           the answer; untouched on error.
 * @retval WFM_OK        success.
 * @retval WFM_EINVAL    an argument is NaN, infinite, out of range or NULL,
 *                       @p sl_definition is not an SL definition, or no
 *                       target is set (target_sl, max_abandon, max_asa_s
 *                       and max_occupancy all 0, whatever @p answer_s; also
 *                       with traffic 0).
 * @retval WFM_ERANGE    the answer exceeds INT32_MAX agents, or an
 *                       evaluation returned WFM_ERANGE. Any finite load is
 *                       accepted, up to DBL_MAX: when the answer would
 *                       exceed INT32_MAX (e.g. an SL target s by
 *                       ::WFM_ERLANG_A_SL_ANSWERED_OF_ALL needs n >= s·A:
 *                       at most n Erlangs are served) the call returns
 *                       this after a few evaluations.
 * @retval WFM_EINFEASIBLE  reserved: not returned for valid inputs (see
 *                       Feasibility).
 * @since 1.3
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_erlang_a_required_agents(double traffic_erlangs, double aht_s,
                             double patience_s, double target_sl,
                             double answer_s, int32_t sl_definition,
                             double max_abandon, double max_asa_s,
                             double max_occupancy, int32_t *agents);

#ifdef __cplusplus
}
#endif

#endif /* WFM_ERLANG_A_H */
