/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wfm/plan.h
 * @brief Staffing plans: from a queue forecast to required and scheduled
 *        agents per interval, hours and FTE per day and week, and the
 *        peak-season hiring ramp.
 *
 * Data flow: a ::wfm_forecast (or the caller's own per-interval contacts
 * and handle times) → workload per interval → required agents for the
 * queue's channel and targets → scheduled agents after shrinkage by date →
 * roll-ups and ramp.
 *
 * Units: contacts per interval; seconds for handle time, answer time and
 * ASA; Erlangs for workload (contacts × AHT / interval length); agents are
 * whole people working an interval; hours are paid agent-hours; FTE =
 * hours / the contract's hours in the same period; fractions in [0, 1].
 *
 * @section plan_model The model of a run
 * Per interval:
 * - staffed volume = the point forecast, or the upper bound with
 *   ::WFM_PLAN_STAFF_UPPER; the forecast must satisfy
 *   0 <= lower <= contacts <= upper, all finite (bounds are optional:
 *   NaN, or no array, where there are none);
 * - AHT = ::WFM_PLAN_AHT_S when > 0, else the forecast's (caller's) handle
 *   time, which must be finite and > 0 wherever the staffed volume is > 0
 *   (an interval with nothing staffed may have none: NaN or 0);
 * - workload = staffed volume × AHT / interval length, in Erlangs;
 * - required agents, by channel (the targets are the plan's settings; 0 =
 *   not set; at least one must be set except for email):
 *   - voice, patience 0: Erlang C, wfm_required_agents_batch() with the
 *     SL, ASA and occupancy it reports; abandonment NaN;
 *   - voice, patience > 0: Erlang A, wfm_erlang_a_required_agents() with
 *     SL ::WFM_ERLANG_A_SL_ANSWERED_OF_ALL and the abandonment cap, and
 *     wfm_erlang_a_metrics() for SL, ASA (::WFM_ERLANG_A_ASA_ANSWERED),
 *     occupancy and abandonment;
 *   - chat: wfm_chat_required_agents() and wfm_chat_service() with the
 *     handle times of wfm_plan_set_chat_aht(); the forecast's handle time
 *     and ::WFM_PLAN_AHT_S are not used, the AHT column and the workload
 *     use the one-session handle time; abandonment NaN;
 *   - email: the level rule of wfm_deferred_required_agents() over the
 *     whole span with ::WFM_PLAN_DEADLINE_S (at least one interval) and the
 *     occupancy cap as the agents' productive share (0 = 1), with one
 *     difference: the span's end is a deadline too. The mail arriving in
 *     interval l is due by the end of interval min(l + K − 1, count − 1),
 *     K = floor(deadline / interval length), so all the work that arrives
 *     in the plan is staffed in the plan, every mail is answered within its
 *     deadline, and the backlog is 0 at the end of the last interval
 *     (wfm_deferred_required_agents() itself lets work due after its last
 *     interval wait). The price: the last K intervals also answer the work
 *     that a plan going on would leave for later, so they are staffed
 *     above the running rate (a 24-hour deadline about doubles the last
 *     day's hours); and the plan starts with nothing waiting, so its first
 *     K intervals are below it. The rule only looks at arrivals up to each
 *     interval, so to staff days at the running rate, plan from one
 *     deadline before them to one deadline after them and read those days'
 *     rows; the backlog column is the mail waiting at each interval's
 *     end; SL, ASA, abandonment and the risk columns are NaN; occupancy
 *     = the handle time of the contacts answered in the interval (first in,
 *     first out: backlog before + arrivals − backlog after, each with the
 *     AHT of its arrival interval) / (agents × interval length), capped at
 *     1, and 0 with no agents;
 * - an interval with no staffed volume (voice, chat) needs 0 agents and
 *   reports SL 1, ASA 0, occupancy 0 (and abandonment 0 under Erlang A),
 *   as the Erlang functions do for no traffic;
 * - risk: SL at lower / upper = the SL the same agents reach if the volume
 *   lands at that bound (1 at a bound of 0; 0 when there are no agents or,
 *   for Erlang C, when the bound's traffic reaches the agents); NaN
 *   without that bound, and for email;
 * - shrinkage of the interval's date = ::WFM_PLAN_SHRINKAGE + every
 *   wfm_plan_add_shrinkage() range covering it + every
 *   wfm_plan_add_event_shrinkage() window covering it (each added window
 *   counts once on a date, however many occurrences reach it), summed in
 *   the order added; it must lie in [0, 1);
 * - scheduled agents = wfm_scheduled_agents(required, shrinkage).
 *
 * A run validates everything and computes into new storage: on failure the
 * plan's previous results (if any) are kept unchanged and the message
 * names the interval ("2026-01-05 09:30: ...") or date at fault. Nothing
 * is allocated per interval. Cost: a year of 15-minute Erlang C intervals
 * takes about 5–7 ms of CPU (mostly wfm_required_agents_batch()); the SL
 * at the bounds of an Erlang C plan, two more Erlang C evaluations an
 * interval, is computed from the run's agents, bounds, handle times and
 * answer time when wfm_plan_copy_column() asks for it (a few ms for a
 * year). Erlang A and chat cost what their per-interval solvers cost
 * (tens of microseconds an interval).
 *
 * Roll-ups and the ramp use the last run's agents and the settings in
 * force when they are called (contract, attrition, headcount, training
 * days), so those can be changed without a new run.
 *
 * Thread safety: a ::wfm_plan is used by one thread at a time; separate
 * plans are independent. The forecast and calendar a run reads are only
 * read (a calendar caches its expansion, so do not share one calendar
 * between threads running at the same time).
 */
#ifndef WFM_PLAN_H
#define WFM_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "wfm/calendar.h"
#include "wfm/export.h"
#include "wfm/forecast.h"
#include "wfm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A staffing plan: settings, what-ifs and, after a run, its results. */
typedef struct wfm_plan wfm_plan;

/** How contacts are handled. Values are pinned. */
enum wfm_channel {
    /** Voice: Erlang C, or Erlang A when a mean patience is set. */
    WFM_CHANNEL_VOICE = 0,
    /** Chat: several sessions per agent (wfm_chat_service()). */
    WFM_CHANNEL_CHAT = 1,
    /** Email / back-office: deferred work with a deadline
     *  (wfm_deferred_required_agents()). */
    WFM_CHANNEL_EMAIL = 2
};

/** Which forecast volume a plan staffs to. Values are pinned. */
enum wfm_plan_staff_to {
    /** The point forecast (the default). */
    WFM_PLAN_STAFF_POINT = 0,
    /** The forecast's upper bound: cover the high-volume risk. */
    WFM_PLAN_STAFF_UPPER = 1
};

/** Settings keys for wfm_plan_set_int() / wfm_plan_set_double(). */
enum wfm_plan_option {
    /** int: a ::wfm_channel. Default ::WFM_CHANNEL_VOICE. */
    WFM_PLAN_CHANNEL = 0,
    /** double: SL target, a fraction in [0, 1); 0 = not set. Default 0.8.
     *  (For the fewest agents that keep an Erlang C queue stable, set no
     *  SL or ASA target and an occupancy cap of 1.) */
    WFM_PLAN_TARGET_SL = 1,
    /** double: SL answer time, seconds, >= 0. Default 20. */
    WFM_PLAN_ANSWER_S = 2,
    /** double: ASA cap, seconds, >= 0; 0 = not set (default). */
    WFM_PLAN_MAX_ASA_S = 3,
    /** double: occupancy cap in [0, 1]; 0 = not set. Default 0.85. */
    WFM_PLAN_MAX_OCCUPANCY = 4,
    /** double: base shrinkage, a fraction in [0, 1). Default 0.3. */
    WFM_PLAN_SHRINKAGE = 5,
    /** double: handle time, seconds, >= 0; > 0 uses this for every
     *  interval, 0 (the default) uses the forecast's handle time. */
    WFM_PLAN_AHT_S = 6,
    /** double: voice callers' mean patience, seconds, >= 0; 0 (the
     *  default) = Erlang C, > 0 = Erlang A. */
    WFM_PLAN_PATIENCE_S = 7,
    /** double: abandonment cap (Erlang A), a fraction in [0, 1); 0 = not
     *  set (the default). Erlang C callers never abandon: the cap is
     *  met. */
    WFM_PLAN_MAX_ABANDON = 8,
    /** int: a ::wfm_plan_staff_to. Default ::WFM_PLAN_STAFF_POINT. */
    WFM_PLAN_STAFF_TO = 9,
    /** double: email deadline, seconds, > 0 (a run needs at least one
     *  interval). Default 86400 (24 hours). */
    WFM_PLAN_DEADLINE_S = 10,
    /** double: paid hours of one FTE per week, in (0, 168]. Default
     *  37.5. */
    WFM_PLAN_CONTRACT_HOURS = 11,
    /** double: working days of one FTE per week, for daily FTE, in
     *  (0, 7]. Default 5. */
    WFM_PLAN_CONTRACT_DAYS = 12,
    /** int: days from a hire's start to taking contacts, 0 … 730.
     *  Default 42. */
    WFM_PLAN_TRAINING_DAYS = 13,
    /** double: staff leaving per year, a fraction in [0, 1). Default 0.3. */
    WFM_PLAN_ATTRITION = 14,
    /** double: FTE on staff at the plan's start, >= 0; 0 (the default) =
     *  the scheduled FTE of the plan's first week. */
    WFM_PLAN_HEADCOUNT_FTE = 15
};

/**
 * @brief Create a plan with the default settings.
 * @param[out] plan  the new plan, freed with wfm_plan_free().
 * @retval WFM_OK, WFM_EINVAL (@p plan NULL), WFM_ENOMEM.
 * @since 1.3
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_plan_new(wfm_plan **plan);

/** @brief Free a plan; NULL is a no-op. @since 1.3 */
WFM_API void
wfm_plan_free(wfm_plan *plan);

/**
 * @brief The last error of a call on @p plan: one line naming the problem,
 *        "" after success. Valid until the next call on the plan.
 * @since 1.3
 */
WFM_API const char *
wfm_plan_errmsg(const wfm_plan *plan);

/** @brief Set an int setting. WFM_EUNSUPPORTED for an unknown key or a
 *  double key; WFM_EINVAL for a value out of range (the setting is kept);
 *  WFM_EMISUSE when @p plan is not a plan. @since 1.3 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_plan_set_int(wfm_plan *plan, int32_t option, int32_t value);

/** @brief Set a double setting (see ::wfm_plan_option for the ranges);
 *  statuses as wfm_plan_set_int() (an int key is WFM_EUNSUPPORTED).
 *  @since 1.3 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_plan_set_double(wfm_plan *plan, int32_t option, double value);

/** @brief Read an int setting. WFM_EINVAL for a NULL @p value,
 *  WFM_EUNSUPPORTED for an unknown or double key. @since 1.3 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_plan_get_int(const wfm_plan *plan, int32_t option, int32_t *value);

/** @brief Read a double setting; statuses as wfm_plan_get_int().
 *  @since 1.3 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_plan_get_double(const wfm_plan *plan, int32_t option, double *value);

/**
 * @brief Chat handle time per concurrency (see wfm_chat_service()).
 * @param[in] aht_by_sessions_s  [max_sessions] seconds, > 0; copied.
 * @param[in] max_sessions       1 … 16.
 * A chat plan without them fails its run (WFM_EINVAL).
 * @retval WFM_OK, WFM_EINVAL (the handle times are kept), WFM_EMISUSE.
 * @since 1.3
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_plan_set_chat_aht(wfm_plan *plan, const double *aht_by_sessions_s,
                      int32_t max_sessions);

/**
 * @brief Add shrinkage on a range of dates, on top of the base rate.
 *
 * The shrinkage of a date is the base rate plus every added rate that
 * covers it (holiday leave around Christmas, the flu season, training days
 * for new hires); a run fails with WFM_EINVAL naming the date if a total
 * reaches 1.
 *
 * @param[in] first_date, last_date  inclusive range, days since 1970-01-01
 *                                   (within ::WFM_DATE_MIN … ::WFM_DATE_MAX,
 *                                   first <= last); it may reach outside
 *                                   a run's span.
 * @param[in] rate                   fraction in (−1, 1).
 * @retval WFM_OK, WFM_EINVAL, WFM_EMISUSE, WFM_ENOMEM.
 * @since 1.3
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_plan_add_shrinkage(wfm_plan *plan, int32_t first_date,
                       int32_t last_date, double rate);

/**
 * @brief Add shrinkage around each occurrence of a calendar event (e.g.
 *        +8 % from 7 days before Christmas to 2 days after).
 *
 * Offsets count days from each occurrence of @p event in the calendar the
 * run is given, as forecast uplifts do: 0 = the occurrence's days, < 0
 * before its first day, > 0 after its last. Occurrences outside the run's
 * span count where their offsets reach into it. A date that several
 * occurrences' windows reach gets @p rate once. An event the calendar
 * lacks, or event shrinkage with no calendar, fails the run with
 * WFM_ENOTFOUND.
 *
 * @param[in] event         event name, copied.
 * @param[in] first_offset  first day, relative to the occurrence, >= −366.
 * @param[in] last_offset   last day, first_offset … 366.
 * @param[in] rate          fraction in (−1, 1).
 * @retval WFM_OK, WFM_EINVAL, WFM_EMISUSE, WFM_ENOMEM.
 * @since 1.3
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_plan_add_event_shrinkage(wfm_plan *plan, const char *event,
                             int32_t first_offset, int32_t last_offset,
                             double rate);

/**
 * @brief Plan a forecast's span: required and scheduled agents for every
 *        interval the forecast covers.
 *
 * The forecast must hold intraday results (interval length 5 … 60 min,
 * at most 3660 days); its point forecast, bounds and handle time are
 * copied, the handle time unless ::WFM_PLAN_AHT_S is set (a forecast
 * without handle time needs it, except for chat). See @ref plan_model.
 *
 * @param[in] forecast  a forecast after a successful wfm_forecast_run();
 *                      borrowed, read only.
 * @param[in] calendar  for event shrinkage, or NULL; borrowed, used only
 *                      when event shrinkage is set.
 * @retval WFM_OK        success: the results replace the previous ones.
 * @retval WFM_EINVAL    a bad setting for the channel, a daily forecast, a
 *                       bad value (the message names the interval) or a
 *                       shrinkage total outside [0, 1) (it names the date).
 * @retval WFM_EMISUSE   @p plan is not a plan, @p forecast not a forecast
 *                       or without a result, @p calendar not a calendar.
 * @retval WFM_ENOTFOUND event shrinkage names an event the calendar lacks.
 * @retval WFM_ERANGE    an interval needs more than INT32_MAX agents.
 * @retval WFM_ENOMEM    out of memory.
 * On any failure the previous results are kept.
 * @since 1.3
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_plan_run(wfm_plan *plan, const wfm_forecast *forecast,
             wfm_calendar *calendar);

/**
 * @brief Plan the caller's own per-interval forecast.
 *
 * @param[in] first_date        date of the first interval, days since
 *                              1970-01-01.
 * @param[in] interval_minutes  5 … 60, dividing 1440.
 * @param[in] count             intervals, a whole number of days (1 …
 *                              3660 days), day-major from midnight.
 * @param[in] contacts          [count] forecast contacts, finite, >= 0.
 *                              Borrowed (all arrays are copied).
 * @param[in] lower, upper      [count] forecast bounds with
 *                              0 <= lower <= contacts <= upper (finite; NaN
 *                              = no bound for that interval), or NULL each
 *                              (then that bound's column and its risk
 *                              column are NaN); ::WFM_PLAN_STAFF_UPPER
 *                              needs an upper bound in every interval.
 * @param[in] aht_s             [count] handle time, seconds (NaN allowed
 *                              where nothing is staffed), or NULL when
 *                              ::WFM_PLAN_AHT_S is set or the channel is
 *                              chat (then it is not read).
 * @param[in] calendar          for event shrinkage, or NULL.
 * @retval as wfm_plan_run().
 * @since 1.3
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_plan_run_series(wfm_plan *plan, int32_t first_date,
                    int32_t interval_minutes, size_t count,
                    const double *contacts, const double *lower,
                    const double *upper, const double *aht_s,
                    wfm_calendar *calendar);

/**
 * @brief The planned span: first date, days and interval length. Any
 *        out-pointer may be NULL.
 * @retval WFM_OK, WFM_EMISUSE (not a plan, or no successful run yet).
 * @since 1.3
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_plan_span(const wfm_plan *plan, int32_t *first_date, int32_t *days,
              int32_t *interval_minutes);

/** Per-interval results of a run, for wfm_plan_copy_column(). Values are
 *  pinned; NaN where a column does not apply. */
enum wfm_plan_column {
    /** Forecast contacts. */
    WFM_PLAN_COL_CONTACTS = 0,
    /** Forecast lower bound, contacts. */
    WFM_PLAN_COL_LOWER = 1,
    /** Forecast upper bound, contacts. */
    WFM_PLAN_COL_UPPER = 2,
    /** Handle time, seconds. */
    WFM_PLAN_COL_AHT_S = 3,
    /** Workload, Erlangs (staffed volume × AHT / interval length). */
    WFM_PLAN_COL_WORKLOAD = 4,
    /** Required (productive) agents. */
    WFM_PLAN_COL_REQUIRED = 5,
    /** Shrinkage applied, fraction. */
    WFM_PLAN_COL_SHRINKAGE = 6,
    /** Scheduled agents (required grossed up for shrinkage). */
    WFM_PLAN_COL_SCHEDULED = 7,
    /** Expected SL at the required agents. */
    WFM_PLAN_COL_SERVICE_LEVEL = 8,
    /** Expected ASA, seconds. */
    WFM_PLAN_COL_ASA_S = 9,
    /** Expected occupancy. */
    WFM_PLAN_COL_OCCUPANCY = 10,
    /** Expected abandonment (Erlang A), fraction. */
    WFM_PLAN_COL_ABANDON = 11,
    /** SL if volume lands at the lower bound, at the same agents. */
    WFM_PLAN_COL_SL_AT_LOWER = 12,
    /** SL if volume lands at the upper bound, at the same agents. */
    WFM_PLAN_COL_SL_AT_UPPER = 13,
    /** Contacts waiting at the interval's end (email). */
    WFM_PLAN_COL_BACKLOG = 14
};

/**
 * @brief Copy one per-interval column of the last run.
 *
 * Call with @p values NULL (WFM_OK) or @p capacity too small (WFM_ERANGE)
 * to learn the count.
 * @param[in]  column    a ::wfm_plan_column.
 * @param[out] values    [capacity] results, or NULL.
 * @param[out] count     number of intervals; required.
 * @retval WFM_OK, WFM_EINVAL (@p count NULL), WFM_ERANGE (capacity too
 *         small: @p count set, nothing copied), WFM_EMISUSE (not a plan, or
 *         no run), WFM_EUNSUPPORTED (unknown column).
 * @since 1.3
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_plan_copy_column(const wfm_plan *plan, int32_t column, double *values,
                     size_t capacity, size_t *count);

/** Roll-up periods. Values are pinned. */
enum wfm_plan_period {
    /** Calendar days. */
    WFM_PLAN_DAY = 0,
    /** ISO weeks (Monday … Sunday); the first and last may be partial. */
    WFM_PLAN_WEEK = 1
};

/**
 * @brief Hours and FTE per day or week.
 *
 * Hours = agents × interval length summed over the period. FTE = scheduled
 * hours / (contract hours × days of the period in the plan / 7) for weeks,
 * and / (contract hours / contract days) for days, with the contract
 * settings in force at the call. With every array NULL only @p count is
 * set (WFM_OK).
 *
 * @param[in]  period           a ::wfm_plan_period.
 * @param[out] first_date       [capacity] each period's first date in the
 *                              plan, or NULL.
 * @param[out] required_hours   [capacity] productive hours, or NULL.
 * @param[out] scheduled_hours  [capacity] paid hours, or NULL.
 * @param[out] fte              [capacity] scheduled FTE, or NULL.
 * @param[in]  capacity         room in each non-NULL array.
 * @param[out] count            number of periods; required.
 * @retval WFM_OK, WFM_EINVAL (@p count NULL), WFM_ERANGE (an array given
 *         and @p capacity < @p count: count set, nothing written),
 *         WFM_EMISUSE (not a plan, or no run), WFM_EUNSUPPORTED (unknown
 *         period).
 * @since 1.3
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_plan_rollup(const wfm_plan *plan, int32_t period, int32_t *first_date,
                double *required_hours, double *scheduled_hours,
                double *fte, size_t capacity, size_t *count);

/**
 * @brief The peak-season ramp, week by week: FTE needed, FTE on staff after
 *        attrition without hiring, and the hires to start by each date.
 *
 * One row per roll-up week (ISO weeks cut to the plan, as
 * wfm_plan_rollup()). The model, with the settings in force at the call:
 * - needed(w) = the week's scheduled FTE (wfm_plan_rollup());
 * - on_staff(w) = H × (1 − attrition)^(d(w) / 365), H =
 *   ::WFM_PLAN_HEADCOUNT_FTE (0: needed of the first week), d(w) = days
 *   from the plan's first date to the week's first date;
 * - hires(w) = max(0, max over weeks v <= w of (needed(v) − on_staff(v))):
 *   the FTE that must have been hired by week w, cumulative and never
 *   down. Hires themselves do not attrite in this model (within a season
 *   the effect is small; grow the answer by the attrition rate for long
 *   horizons);
 * - start_by(w) = the week's first date − ::WFM_PLAN_TRAINING_DAYS: when
 *   the hires counted in week w must start training.
 * With every array NULL only @p count is set (WFM_OK).
 *
 * @param[out] week_first_date  [capacity] or NULL.
 * @param[out] needed_fte       [capacity] scheduled FTE of the week, or
 *                              NULL.
 * @param[out] on_staff_fte     [capacity] staff on hand without new hires,
 *                              or NULL.
 * @param[out] hires_fte        [capacity] cumulative hires needed by that
 *                              week, or NULL.
 * @param[out] start_by_date    [capacity] date those hires must start
 *                              training, or NULL.
 * @param[in]  capacity         room in each non-NULL array.
 * @param[out] count            number of weeks; required.
 * @retval as wfm_plan_rollup().
 * @since 1.3
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_plan_ramp(const wfm_plan *plan, int32_t *week_first_date,
              double *needed_fte, double *on_staff_fte, double *hires_fte,
              int32_t *start_by_date, size_t capacity, size_t *count);

#ifdef __cplusplus
}
#endif

#endif /* WFM_PLAN_H */
