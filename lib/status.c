/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gsl/gsl_errno.h>

#include "wfm/status.h"

const char *
wfm_status_str(wfm_status status)
{
    switch (status) {
    case WFM_OK:
        return "success";
    case WFM_EINVAL:
        return "invalid argument: a NULL pointer, NaN, infinity or a value "
               "outside its documented range";
    case WFM_ERANGE:
        return "result out of range: it does not fit its type";
    case WFM_ENOMEM:
        return "out of memory";
    case WFM_EPARSE:
        return "malformed input text";
    case WFM_EIO:
        return "file cannot be read or written";
    case WFM_ENOTFOUND:
        return "unknown name";
    case WFM_EMISUSE:
        return "object used wrongly (NULL, freed or of another type)";
    case WFM_EUNSUPPORTED:
        return "setting not supported by this version";
    case WFM_EINFEASIBLE:
        return "no staffing meets the targets";
    default:
        return "unknown status code";
    }
}

wfm_status
wfm_gsl_disable_abort(void)
{
    /* Replace only GSL's default (aborting) handler: gsl_set_error_handler_off
     * returns the previous handler, NULL meaning the default. A handler the
     * host installed itself is put back. */
    gsl_error_handler_t *previous = gsl_set_error_handler_off();
    if (previous != NULL)
        gsl_set_error_handler(previous);
    return WFM_OK;
}
