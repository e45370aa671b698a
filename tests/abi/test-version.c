/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Version test: the compile-time macros of <wfm/version.h> and the run-time
 * functions of the library agree (STYLE.md §4 "Versioning"), and both match
 * the meson project version (WFM_TEST_PROJECT_VERSION, set by the build).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <wfm.h>

/* The macros must be usable by the preprocessor, e.g. in #if checks. */
#if !defined(WFM_VERSION_MAJOR) || !defined(WFM_VERSION_MINOR) ||              \
    !defined(WFM_VERSION_PATCH) || !defined(WFM_VERSION_NUMBER) ||             \
    !defined(WFM_VERSION_STRING)
#  error "a version macro is missing"
#endif
#if WFM_VERSION_NUMBER != WFM_VERSION_MAJOR * 10000 + WFM_VERSION_MINOR * 100 + WFM_VERSION_PATCH
#  error "WFM_VERSION_NUMBER is not MAJOR*10000 + MINOR*100 + PATCH"
#endif
#if WFM_VERSION_MAJOR < 0 || WFM_VERSION_MINOR < 0 || WFM_VERSION_MINOR > 99 ||   \
    WFM_VERSION_PATCH < 0 || WFM_VERSION_PATCH > 99
#  error "MINOR and PATCH must be 0..99 for WFM_VERSION_NUMBER to be unambiguous"
#endif

#ifndef WFM_TEST_PROJECT_VERSION
#  error "the build must define WFM_TEST_PROJECT_VERSION"
#endif

/* Parse "X.Y.Z": decimal numbers without sign or leading zeros, nothing else.
 * Returns 0 on success. */
static int
parse_version(const char *s, long part[3])
{
    for (int i = 0; i < 3; i++) {
        if (*s < '0' || *s > '9')
            return -1;
        if (*s == '0' && s[1] >= '0' && s[1] <= '9')
            return -1; /* leading zero */
        long v = 0;
        while (*s >= '0' && *s <= '9') {
            v = v * 10 + (*s - '0');
            if (v > 1000000)
                return -1;
            s++;
        }
        part[i] = v;
        if (i < 2) {
            if (*s != '.')
                return -1;
            s++;
        }
    }
    return *s == '\0' ? 0 : -1;
}

static void
test_number_macro_matches_runtime(void **state)
{
    (void)state;
    assert_int_equal(WFM_VERSION_NUMBER, wfm_version_number());
}

static void
test_string_macro_matches_runtime(void **state)
{
    (void)state;
    const char *rt = wfm_version_string();
    assert_non_null(rt);
    assert_string_equal(WFM_VERSION_STRING, rt);
    /* Static storage: the same pointer every call. */
    assert_ptr_equal(rt, wfm_version_string());
}

static void
test_number_from_parts(void **state)
{
    (void)state;
    const uint32_t expect = (uint32_t)WFM_VERSION_MAJOR * 10000u
                            + (uint32_t)WFM_VERSION_MINOR * 100u
                            + (uint32_t)WFM_VERSION_PATCH;
    assert_int_equal(WFM_VERSION_NUMBER, expect);
    assert_int_equal(wfm_version_number(), expect);
    assert_int_equal(wfm_version_number() / 10000u, WFM_VERSION_MAJOR);
    assert_int_equal(wfm_version_number() / 100u % 100u, WFM_VERSION_MINOR);
    assert_int_equal(wfm_version_number() % 100u, WFM_VERSION_PATCH);
}

static void
check_string_format(const char *s)
{
    long part[3] = { -1, -1, -1 };
    if (parse_version(s, part) != 0)
        fail_msg("version string \"%s\" is not \"MAJOR.MINOR.PATCH\"", s);
    assert_int_equal(part[0], WFM_VERSION_MAJOR);
    assert_int_equal(part[1], WFM_VERSION_MINOR);
    assert_int_equal(part[2], WFM_VERSION_PATCH);
}

static void
test_string_format(void **state)
{
    (void)state;
    check_string_format(WFM_VERSION_STRING);
    check_string_format(wfm_version_string());

    /* The parser itself rejects malformed strings. */
    long part[3];
    static const char *const bad[] = { "", "1", "1.0", "1.0.", "1..0", "1.0.0.0",
                                       "01.0.0", "1.00.0", "1.0.0-rc1", "v1.0.0",
                                       " 1.0.0", "1.0.0 ", "-1.0.0", "1.a.0" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (parse_version(bad[i], part) == 0)
            fail_msg("parse_version accepted \"%s\"", bad[i]);
    }
    assert_int_equal(parse_version("10.20.30", part), 0);
    assert_int_equal(part[0], 10);
    assert_int_equal(part[1], 20);
    assert_int_equal(part[2], 30);
}

static void
test_matches_project_version(void **state)
{
    (void)state;
    assert_string_equal(WFM_VERSION_STRING, WFM_TEST_PROJECT_VERSION);
    assert_string_equal(wfm_version_string(), WFM_TEST_PROJECT_VERSION);
    char buf[64];
    snprintf(buf, sizeof buf, "%d.%d.%d", WFM_VERSION_MAJOR, WFM_VERSION_MINOR,
             WFM_VERSION_PATCH);
    assert_string_equal(buf, WFM_VERSION_STRING);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_macro_matches_runtime),
        cmocka_unit_test(test_string_macro_matches_runtime),
        cmocka_unit_test(test_number_from_parts),
        cmocka_unit_test(test_string_format),
        cmocka_unit_test(test_matches_project_version),
    };
    return cmocka_run_group_tests_name("version", tests, NULL, NULL);
}
