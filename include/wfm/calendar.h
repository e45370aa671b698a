/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wfm/calendar.h
 * @brief Civil dates and seasonal calendars: holidays, retail peaks, seasons
 *        and one-off events, with their lead/lag windows.
 *
 * @section dates Dates
 * A date is an int32_t day number: days since 1970-01-01 in the proleptic
 * Gregorian calendar, no time zone (1970-01-01 = 0, 1969-12-31 = −1). Valid
 * dates run from 0001-01-01 (::WFM_DATE_MIN) to 9999-12-31
 * (::WFM_DATE_MAX). Weekdays are ISO: 1 = Monday … 7 = Sunday.
 *
 * @section events Events
 * A calendar is a set of named events. Each event has a rule that gives its
 * dates in any year, a window of @e lead days before and @e lag days after
 * that have effects of their own, and a @e closed flag (the centre is shut
 * on the event's days: zero volume). An event's dates are single days or,
 * for seasons and ranges, runs of days.
 *
 * Adding an event whose name already exists replaces it, so a planner can
 * load a preset and then redefine one of its events.
 *
 * @section format The calendar file format (version 1)
 * Plain UTF-8 text, one item per line. `#` starts a comment that runs to
 * the end of the line; blank lines are ignored. The first item must be the
 * format version:
 * @code
 * wfm-calendar 1
 * @endcode
 * Then any number of lines of two kinds:
 * @code
 * preset NAME                       # include every event of a preset
 * EVENT = RULE [OPTION]...          # define (or redefine) an event
 * @endcode
 * EVENT is a name: a letter or `_` then letters, digits and `_`
 * (presets use lower_snake_case: `black_friday`), or any text in double
 * quotes without a double quote or newline in it (`"Black Friday"`).
 * RULE is one of (words are case-insensitive; MM-DD and YYYY-MM-DD are
 * zero-padded; N is a decimal integer):
 * | RULE | meaning | example |
 * |---|---|---|
 * | `MM-DD` | that date every year | `12-25` |
 * | `ORDINAL WEEKDAY of MONTH` | ORDINAL is `1st` `2nd` `3rd` `4th` `5th` or `last` | `4th thursday of november` |
 * | `WEEKDAY on or after MM-DD` | the first such weekday on or after the date | `saturday on or after 06-20` |
 * | `WEEKDAY on or before MM-DD` | the last such weekday on or before the date | `monday on or before 05-24` |
 * | `easter`, `easter + N`, `easter - N` | relative to Western (Gregorian) Easter Sunday | `easter + 1` |
 * | `EVENT + N`, `EVENT - N` | relative to another event's date (before that event's observed shift) | `thanksgiving + 1` |
 * | `EVENT + N .. + M` | the run of days from EVENT + N to EVENT + M (N <= M; signs required) | `thanksgiving + 0 .. + 4` |
 * | `MM-DD .. MM-DD` | a season: that run of days every year; it may cross the year end | `12-26 .. 01-31` |
 * | `YYYY-MM-DD` | one-off day | `2026-05-12` |
 * | `YYYY-MM-DD .. YYYY-MM-DD` | one-off run of days | `2026-08-10 .. 2026-08-16` |
 * | `dates D, D, ...` | several one-off days or runs (each D a `YYYY-MM-DD` or a `YYYY-MM-DD .. YYYY-MM-DD`) | `dates 2019-11-29, 2020-11-27` |
 *
 * WEEKDAY is `monday` … `sunday`, MONTH `january` … `december`. A
 * yearly rule whose date does not exist in a year (`02-29`, `5th monday of
 * february`) has no occurrence that year.
 * OPTIONs, in any order, each at most once:
 * | OPTION | meaning |
 * |---|---|
 * | `window=-L..+G` | L days before and G days after have effects of their own (0 <= L, G <= 366; default `window=-0..+0`) |
 * | `observed=us` | a date on a Saturday moves to the Friday before, on a Sunday to the Monday after (US federal rule) |
 * | `observed=uk` | a date on a weekend moves to the next weekday that is not already taken by another `observed=uk` event of the calendar (UK substitute days) |
 * | `closed` | the centre is shut on the event's days |
 * | `years=Y1..Y2`, `years=Y1..`, `years=..Y2` | yearly rules apply only in those years |
 * | `except=Y,Y,...` | yearly rules do not apply in those years |
 *
 * Example:
 * @code
 * wfm-calendar 1
 * preset us-retail
 * # our own events
 * may_launch    = 2026-05-12 window=-3..+7
 * peak_season   = 11-15 .. 12-24
 * returns_wave  = 12-26 .. 01-31
 * black_friday  = thanksgiving + 1 window=-1..+3   # redefines the preset's
 * @endcode
 *
 * @section expansion Expansion
 * wfm_calendar_expand() turns a calendar into the rows a forecaster (or a
 * planner reading `wfm calendar`) needs for a range of dates: one row per
 * (date, event) on which the event or one of its window days falls, with
 * the offset from the event (0 on the event's days; −2 two days before its
 * first day; +1 the day after its last day) and whether the centre is
 * closed that day. Where two occurrences of one event overlap on a date,
 * the row keeps the smaller |offset| (the earlier occurrence on a tie).
 * Rows are sorted by date, then event name (bytewise).
 *
 * @section threads Thread safety
 * A ::wfm_calendar is used by one thread at a time. A ::wfm_calendar_days
 * is immutable: any number of threads may read it. Separate objects are
 * independent; the presets are read-only data.
 */
#ifndef WFM_CALENDAR_H
#define WFM_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "wfm/export.h"
#include "wfm/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Limits of a date (day number), @since 1.1. */
enum wfm_date_limit {
    /** 0001-01-01. */
    WFM_DATE_MIN = -719162,
    /** 9999-12-31. */
    WFM_DATE_MAX = 2932896
};

/**
 * @brief The day number of a Gregorian date.
 * @param[in]  year   1 … 9999.
 * @param[in]  month  1 … 12.
 * @param[in]  day    1 … days in that month.
 * @param[out] date   days since 1970-01-01; untouched on error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  no such date (2026-02-29, month 13, year 0), or
 *                     @p date is NULL.
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_date_from_ymd(int32_t year, int32_t month, int32_t day, int32_t *date);

/**
 * @brief Year, month and day of a day number.
 * @param[in]  date   ::WFM_DATE_MIN … ::WFM_DATE_MAX.
 * @param[out] year   1 … 9999.
 * @param[out] month  1 … 12.
 * @param[out] day    1 … 31. Outputs untouched on error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  @p date out of range or an out-pointer is NULL.
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_date_to_ymd(int32_t date, int32_t *year, int32_t *month, int32_t *day);

/**
 * @brief Parse an ISO 8601 calendar date, exactly `YYYY-MM-DD`.
 * @param[in]  text  NUL-terminated; nothing may precede or follow the date.
 * @param[out] date  the day number; untouched on error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  @p text is NULL or not a valid `YYYY-MM-DD` date, or
 *                     @p date is NULL.
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_date_parse(const char *text, int32_t *date);

/**
 * @brief Format a day number as `YYYY-MM-DD`.
 * @param[in]  date    ::WFM_DATE_MIN … ::WFM_DATE_MAX.
 * @param[out] buffer  receives 10 characters and a NUL.
 * @param[in]  size    size of @p buffer in bytes, at least 11.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  @p date out of range, @p buffer NULL or @p size < 11
 *                     (nothing written).
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_date_format(int32_t date, char *buffer, size_t size);

/**
 * @brief ISO weekday of a date: 1 = Monday … 7 = Sunday.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  @p date out of range or @p weekday NULL.
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_date_weekday(int32_t date, int32_t *weekday);

/**
 * @brief ISO 8601 week of a date: week 1 is the week (Monday to Sunday) with
 *        the year's first Thursday, so 2026-12-31 is in week 53 of 2026 and
 *        2027-01-01 too.
 * @param[in]  date      ::WFM_DATE_MIN … ::WFM_DATE_MAX.
 * @param[out] iso_year  the ISO week-numbering year (may differ from the
 *                       calendar year near 1 January).
 * @param[out] week      1 … 53. Outputs untouched on error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  @p date out of range (or its ISO year would be) or an
 *                     out-pointer is NULL.
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_date_iso_week(int32_t date, int32_t *iso_year, int32_t *week);

/** A calendar: named events with rules, windows and closed flags. Opaque. */
typedef struct wfm_calendar wfm_calendar;

/** The expansion of a calendar over a range of dates. Opaque, immutable. */
typedef struct wfm_calendar_days wfm_calendar_days;

/**
 * @brief Create an empty calendar.
 * @param[out] calendar  the new calendar, owned by the caller (free it with
 *                       wfm_calendar_free()); NULL on error.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  @p calendar is NULL.
 * @retval WFM_ENOMEM  out of memory.
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_calendar_new(wfm_calendar **calendar);

/**
 * @brief Free a calendar. NULL is a no-op. Expansions made from it stay
 *        valid.
 * @since 1.1
 */
WFM_API void
wfm_calendar_free(wfm_calendar *calendar);

/**
 * @brief What went wrong in the last failed call on @p calendar, in one
 *        line: for text input, the source name, line and column and what
 *        was expected ("holidays.cal:7:19: expected a weekday, got
 *        'thurday'").
 * @return a string owned by the calendar, valid until the next call on it;
 *         "" if the last call succeeded; a static message if @p calendar is
 *         NULL or not a calendar.
 * @since 1.1
 */
WFM_API const char *
wfm_calendar_errmsg(const wfm_calendar *calendar);

/**
 * @brief The name of the i-th built-in preset, for listing them.
 * @param[in] index  0, 1, 2, …
 * @return a static string ("us-retail", "uk-retail", "us-federal", "fr",
 *         "de", "se", "pl", …), or NULL when @p index is past the last.
 * @since 1.1
 */
WFM_API const char *
wfm_calendar_preset_name(size_t index);

/**
 * @brief Add every event of a built-in preset (see
 *        wfm_calendar_preset_name()).
 *
 * Each preset is a calendar text in the file format, its sources named in
 * its comments; `wfm calendar --list NAME` prints its events and rules.
 * Event names never change and keep their dates; releases only add
 * events, after the existing ones.
 *
 * The retail presets `us-retail` and `uk-retail` also have these shopping
 * days and seasons (since 1.3; none closed, no window):
 * | EVENT | us-retail | uk-retail | source |
 * |---|---|---|---|
 * | `valentines_day` | `02-14` | `02-14` | |
 * | `mothers_day` | `2nd sunday of may` | `easter - 21` (Mothering Sunday) | 36 U.S.C. 117; UK: the fourth Sunday of Lent |
 * | `fathers_day` | `3rd sunday of june` | `3rd sunday of june` | 36 U.S.C. 109 |
 * | `singles_day` | `11-11` | `11-11` | Alibaba's "Double 11" sales |
 * | `peak_season` | `11-15 .. 12-24` | `11-15 .. 12-24` | a planning season |
 * | `cyber_week` | `thanksgiving + 0 .. + 4` | `thanksgiving + 0 .. + 4` | Thanksgiving to Cyber Monday, Adobe Analytics' "Cyber Week"; US Thanksgiving in both |
 * | `green_monday` | `2nd monday of december` | `2nd monday of december` | eBay (2007) |
 * | `super_saturday` | `saturday on or before 12-23` | `saturday on or before 12-23` | the last Saturday before Christmas Eve, as the NRF names it (2022-12-17) |
 * | `returns_wave` | `12-26 .. 01-31` | `12-26 .. 01-31` | a planning season, to the end of the holiday return windows |
 *
 * `mothers_day` is the one event name with a different day in the two
 * presets: each market's own Mother's Day. Loading both keeps the later
 * preset's; add the other as an event of your own
 * (`mothering_sunday = easter - 21`).
 *
 * @retval WFM_OK         success.
 * @retval WFM_EINVAL     @p name is NULL.
 * @retval WFM_ENOTFOUND  no preset has that name; the calendar is unchanged.
 * @retval WFM_EMISUSE    @p calendar is not a calendar.
 * @retval WFM_ENOMEM     out of memory; the calendar is unchanged.
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_calendar_add_preset(wfm_calendar *calendar, const char *name);

/**
 * @brief Add the events of a text in the calendar file format.
 *
 * All or nothing: on error the calendar is unchanged. An empty text lacks
 * the version line and is malformed (WFM_EPARSE).
 *
 * @param[in] text    the text, borrowed; need not be NUL-terminated.
 * @param[in] length  its length in bytes.
 * @param[in] source  a name for error messages (a file name), or NULL.
 * @retval WFM_OK         success.
 * @retval WFM_EPARSE     malformed text: wfm_calendar_errmsg() names the
 *                        line, the column and what was expected.
 * @retval WFM_ENOTFOUND  a `preset` line names an unknown preset.
 * @retval WFM_EINVAL     @p text is NULL with a non-zero @p length.
 * @retval WFM_EMISUSE    @p calendar is not a calendar.
 * @retval WFM_ENOMEM     out of memory.
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_calendar_add_text(wfm_calendar *calendar, const char *text, size_t length,
                      const char *source);

/**
 * @brief Add the events of a calendar file (see wfm_calendar_add_text()).
 * @param[in] path  the file's path, NUL-terminated.
 * @retval WFM_EIO    the file cannot be read (the message says why); other
 *                    codes as wfm_calendar_add_text().
 * @retval WFM_ERANGE the file is over 64 MiB (a wrong path: /dev/zero, a
 *                    FIFO, is refused without exhausting memory).
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_calendar_add_file(wfm_calendar *calendar, const char *path);

/**
 * @brief Add events from Prophet's holiday CSV.
 *
 * The text has a header naming at least the columns `holiday` and `ds`
 * (in any order and any letter case; `lower_window`, `upper_window`
 * optional, other columns ignored); lines end in LF, CR LF or a bare CR. Each row is one occurrence of the event `holiday` on `ds`
 * (`YYYY-MM-DD`, optionally followed by a time that must be midnight), with
 * a window from lower_window (<= 0) to upper_window (>= 0) days. The rows of
 * one holiday become one event with those dates; they must agree on the
 * window (otherwise WFM_EPARSE names the rows: wfm keeps one window per
 * event, and silently widening it would change what the caller gave).
 * Holiday names are 1 to 128 bytes without a double quote or a newline (the
 * calendar file format cannot write them). Fields may be quoted as in
 * RFC 4180. All or nothing.
 *
 * @retval WFM_OK      success.
 * @retval WFM_EPARSE  malformed CSV; the message names the line and column.
 * @retval WFM_EINVAL  @p text is NULL with a non-zero @p length.
 * @retval WFM_EMISUSE @p calendar is not a calendar.
 * @retval WFM_ENOMEM  out of memory.
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_calendar_add_prophet_csv(wfm_calendar *calendar, const char *text,
                             size_t length, const char *source);

/**
 * @brief Add the events of a Prophet holiday CSV file.
 * @retval WFM_EIO    the file cannot be read; other codes as
 *                    wfm_calendar_add_prophet_csv().
 * @retval WFM_ERANGE the file is over 64 MiB (a wrong path: /dev/zero, a
 *                    FIFO, is refused without exhausting memory).
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_calendar_add_prophet_file(wfm_calendar *calendar, const char *path);

/**
 * @brief Write the calendar in the file format (version 1), one event per
 *        line in the order they were added; reading the text back gives
 *        the same calendar.
 * @param[out] buffer  receives the text and a NUL; may be NULL when
 *                     @p size is 0 (a size query).
 * @param[in]  size    size of @p buffer in bytes.
 * @param[out] length  the text's length without the NUL, whatever @p size
 *                     (untouched on WFM_ENOMEM).
 * @retval WFM_OK      success: the whole text and its NUL fit.
 * @retval WFM_ERANGE  @p buffer is too small (or NULL): call again with
 *                     *length + 1 bytes; nothing useful was written.
 * @retval WFM_EINVAL  @p length is NULL.
 * @retval WFM_EMISUSE @p calendar is not a calendar.
 * @retval WFM_ENOMEM  out of memory; @p buffer and @p length untouched.
 *
 * Like every call on the calendar, this one sets wfm_calendar_errmsg():
 * "" on success, what went wrong otherwise (since 1.3: before, it left the
 * message as the previous call had set it). The calendar's events are not
 * changed.
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_calendar_write(const wfm_calendar *calendar, char *buffer, size_t size,
                   size_t *length);

/**
 * @brief Number of events in the calendar (0 for NULL).
 * @since 1.1
 */
WFM_API size_t
wfm_calendar_event_count(const wfm_calendar *calendar);

/**
 * @brief Name of the i-th event, in the order they were added.
 * @return owned by the calendar, valid until it changes or is freed; NULL
 *         when @p index is out of range.
 * @since 1.1
 */
WFM_API const char *
wfm_calendar_event_name(const wfm_calendar *calendar, size_t index);

/**
 * @brief Expand the calendar over the dates @p first … @p last (inclusive).
 *
 * @param[in]  first, last  day numbers within ::WFM_DATE_MIN …
 *                          ::WFM_DATE_MAX, first <= last, their years at
 *                          most 100 apart (2000-01-01 … 2100-12-31 is
 *                          allowed, 2000 … 2101 is not).
 * @param[out] days         the expansion, owned by the caller (free it with
 *                          wfm_calendar_days_free()); independent of the
 *                          calendar afterwards. NULL on error.
 * @retval WFM_OK         success.
 * @retval WFM_ENOTFOUND  a rule refers to an event the calendar does not
 *                        have (the message names both).
 * @retval WFM_EINVAL     bad range, @p days NULL, or rules that refer to
 *                        each other in a cycle (the message names them).
 * @retval WFM_EMISUSE    @p calendar is not a calendar.
 * @retval WFM_ENOMEM     out of memory.
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_calendar_expand(wfm_calendar *calendar, int32_t first, int32_t last,
                    wfm_calendar_days **days);

/** @brief Free an expansion. NULL is a no-op. @since 1.1 */
WFM_API void
wfm_calendar_days_free(wfm_calendar_days *days);

/** @brief Number of (date, event) rows (0 for NULL). @since 1.1 */
WFM_API size_t
wfm_calendar_days_count(const wfm_calendar_days *days);

/**
 * @brief One row of the expansion.
 * @param[in]  row     0 … count − 1.
 * @param[out] date    the day number.
 * @param[out] event   index of the event (see wfm_calendar_days_event_name()).
 * @param[out] offset  days from the event: 0 on its days, < 0 before, > 0
 *                     after.
 * @param[out] closed  1 if the centre is closed that day for this event,
 *                     else 0. Any out-pointer may be NULL.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  @p row out of range (outputs untouched).
 * @retval WFM_EMISUSE @p days is not an expansion.
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_calendar_days_row(const wfm_calendar_days *days, size_t row, int32_t *date,
                      int32_t *event, int32_t *offset, int32_t *closed);

/**
 * @brief All rows at once into caller arrays (for bindings): each of the
 *        four arrays, any of which may be NULL, receives @p capacity values
 *        at most.
 * @param[out] rows  the number of rows, whatever @p capacity.
 * @retval WFM_OK      success: all rows fitted.
 * @retval WFM_ERANGE  @p capacity < *rows: call again with *rows.
 * @retval WFM_EINVAL  @p rows is NULL.
 * @retval WFM_EMISUSE @p days is not an expansion.
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_calendar_days_copy(const wfm_calendar_days *days, int32_t *dates,
                       int32_t *events, int32_t *offsets, int32_t *closed,
                       size_t capacity, size_t *rows);

/** @brief Number of events the expansion knows (all the calendar's events,
 *         whether or not they fall in the range). @since 1.1 */
WFM_API size_t
wfm_calendar_days_event_count(const wfm_calendar_days *days);

/**
 * @brief Name of event @p event of the expansion (the same index order as
 *        the calendar's events at expansion time).
 * @return owned by the expansion, valid until it is freed; NULL when out of
 *         range.
 * @since 1.1
 */
WFM_API const char *
wfm_calendar_days_event_name(const wfm_calendar_days *days, int32_t event);

/** @brief Number of event occurrences whose day or window touches the range.
 *  @since 1.1 */
WFM_API size_t
wfm_calendar_days_occurrence_count(const wfm_calendar_days *days);

/**
 * @brief One occurrence: an event's day (or run of days) and its window.
 * @param[out] event  index of the event.
 * @param[out] first  its first day; @param[out] last its last day (== first
 *                    for single-day events).
 * @param[out] lead   window days before; @param[out] lag window days after.
 * @param[out] closed 1 if the centre is closed on its days.
 *                    Any out-pointer may be NULL. Occurrences are sorted by
 *                    first day, then event name.
 * @retval WFM_OK      success.
 * @retval WFM_EINVAL  @p index out of range.
 * @retval WFM_EMISUSE @p days is not an expansion.
 * @since 1.1
 */
WFM_API WFM_WARN_UNUSED int32_t
wfm_calendar_days_occurrence(const wfm_calendar_days *days, size_t index,
                             int32_t *event, int32_t *first, int32_t *last,
                             int32_t *lead, int32_t *lag, int32_t *closed);

#ifdef __cplusplus
}
#endif

#endif /* WFM_CALENDAR_H */
