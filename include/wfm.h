/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wfm.h
 * @brief wfm: contact-centre workforce planning. Include this header only.
 *
 * API/ABI: the library's SONAME is libwfm.so.1; public functions are only
 * added, never changed (see README, "API and ABI policy").
 * Thread safety: no mutable global state; pure functions may be called from
 * any thread (see README).
 */
#ifndef WFM_H
#define WFM_H

#include "wfm/export.h"
#include "wfm/status.h"
#include "wfm/version.h"
#include "wfm/erlang.h"
#include "wfm/staffing.h"
#include "wfm/calendar.h"
#include "wfm/accuracy.h"
#include "wfm/forecast.h"
#include "wfm/erlang-a.h"
#include "wfm/channels.h"
#include "wfm/plan.h"

#endif /* WFM_H */
