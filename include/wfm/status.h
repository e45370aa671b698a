/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wfm/status.h
 * @brief Status codes returned by every fallible wfm function, and the GSL
 *        error-handler policy.
 *
 * Every fallible function returns a ::wfm_status; results travel through
 * out-pointers. The library never aborts, exits, prints or installs signal
 * handlers.
 */
#ifndef WFM_STATUS_H
#define WFM_STATUS_H

#include <stdint.h>

#include "wfm/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A status code: ::WFM_OK (0) or one of the positive ::wfm_status_code values. */
typedef int32_t wfm_status;

/**
 * @brief The status codes.
 *
 * The numeric values are pinned: they never change and are never reused.
 * New codes are only appended.
 * @since 1.0
 */
enum wfm_status_code {
    /** Success. */
    WFM_OK = 0,
    /** An argument is a NULL pointer, NaN, infinite, or outside the range the
     *  function documents. Nothing was computed; no output was written. */
    WFM_EINVAL = 1,
    /** The result does not fit its type, e.g. more than INT32_MAX agents. */
    WFM_ERANGE = 2,
    /** Memory could not be allocated. The object is unchanged. @since 1.1 */
    WFM_ENOMEM = 3,
    /** Text input (a calendar file, a CSV) is malformed; the object's error
     *  message names the line, the column and what was expected.
     *  @since 1.1 */
    WFM_EPARSE = 4,
    /** A file cannot be opened or read; the object's error message says
     *  which and why. @since 1.1 */
    WFM_EIO = 5,
    /** A name is unknown: a preset, or an event a rule refers to.
     *  @since 1.1 */
    WFM_ENOTFOUND = 6,
    /** An object was used wrongly: NULL, freed, or of another type.
     *  @since 1.1 */
    WFM_EMISUSE = 7,
    /** A settings key (option) this version does not know. @since 1.2 */
    WFM_EUNSUPPORTED = 8,
    /** No staffing meets the targets. Reserved: every valid target of the
     *  1.3 solvers (Erlang C and A, chat, deferred work) is reached by
     *  enough agents, so no function returns it yet; bindings should still
     *  map it. @since 1.3 */
    WFM_EINFEASIBLE = 9
};

/**
 * @brief A short English description of a status code.
 * @param[in] status any value, known or not.
 * @return a static, NUL-terminated string: never NULL, never to be freed.
 *         Unknown codes give "unknown status code".
 * @note Thread-safe.
 * @since 1.0
 */
WFM_API const char *wfm_status_str(wfm_status status);

/**
 * @brief Stop GSL's default error handler from aborting the process.
 *
 * GSL reports errors through one process-global handler whose default calls
 * abort(). This call replaces only that default: a host that installed its own
 * handler with gsl_set_error_handler() keeps it. wfm checks every GSL return
 * code itself, so turning the default handler off loses nothing.
 *
 * Call it once at start-up, before threads that use GSL are started (GSL's
 * handler is a plain global, so changing it races with other threads that
 * change it). The Python binding calls it on import. Calling it again is
 * harmless.
 *
 * Independently of this call, wfm validates inputs before they reach GSL, so
 * no supported input makes GSL signal an error (see README, "GSL and your
 * process").
 *
 * @retval WFM_OK always.
 * @since 1.0
 */
WFM_API wfm_status wfm_gsl_disable_abort(void);

#ifdef __cplusplus
}
#endif

#endif /* WFM_STATUS_H */
