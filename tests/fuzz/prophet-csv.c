/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz target for Prophet's holiday CSV, wfm_calendar_add_prophet_csv()
 * (`wfm ... --events FILE`): its own corpus of holiday files, so that the
 * fuzzer spends its time on the CSV reader (calendar-parse gives the same
 * bytes to both readers, starting mostly from calendar texts).
 *
 * Properties (calendar-check.c): a failure has a one-line message and adds
 * nothing; a success round-trips through the calendar file format (same
 * text, same expansion over 2005 … 2034) and expands to well-formed days.
 *
 * Built with libFuzzer (-Dfuzzing=true, clang) or linked with replay.c to
 * run the stored corpus as a normal test.
 */
#include <stdint.h>

#include "calendar-check.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    calendar_check_reader("prophet-csv", data, size, READ_PROPHET_CSV);
    return 0;
}
