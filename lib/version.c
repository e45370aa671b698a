/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "wfm/version.h"

const char *
wfm_version_string(void)
{
    return WFM_VERSION_STRING;
}

uint32_t
wfm_version_number(void)
{
    return WFM_VERSION_NUMBER;
}
