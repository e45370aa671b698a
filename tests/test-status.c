/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for wfm/status.h: status strings and wfm_gsl_disable_abort(),
 * which must replace only GSL's default (aborting) error handler and keep a
 * handler the host installed. Also checks the run-time version against the
 * header macros (wfm/version.h).
 *
 * The GSL error handler is process-global: each test sets up the state it
 * needs and restores GSL's default at the end. Triggers that could abort
 * (the default handler) run in a forked child.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_log.h>

#include <wfm.h>

static int host_calls;
static int host_last_errno;

static void
host_handler(const char *reason, const char *file, int line, int gsl_errno)
{
    (void)reason;
    (void)file;
    (void)line;
    host_calls++;
    host_last_errno = gsl_errno;
}

/* Makes GSL signal a domain error: log(−1). Returns GSL's status. */
static int
trigger_gsl_error(void)
{
    gsl_sf_result r;
    return gsl_sf_log_e(-1.0, &r);
}

static int
restore_default(void **state)
{
    (void)state;
    gsl_set_error_handler(NULL);
    return 0;
}

static void
test_status_str_known(void **state)
{
    (void)state;
    const char *s0 = wfm_status_str(WFM_OK);
    const char *s1 = wfm_status_str(WFM_EINVAL);
    const char *s2 = wfm_status_str(WFM_ERANGE);
    assert_non_null(s0);
    assert_non_null(s1);
    assert_non_null(s2);
    assert_true(strlen(s0) > 0 && strlen(s1) > 0 && strlen(s2) > 0);
    assert_string_not_equal(s0, s1);
    assert_string_not_equal(s0, s2);
    assert_string_not_equal(s1, s2);
    /* static strings: the same pointer every time */
    assert_ptr_equal(wfm_status_str(WFM_EINVAL), s1);
}

static void
test_status_str_unknown(void **state)
{
    (void)state;
    const int32_t unknown[] = {10, 100, -1, INT32_MAX, INT32_MIN};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        const char *s = wfm_status_str(unknown[i]);
        assert_non_null(s);
        assert_string_equal(s, "unknown status code");
    }
}

static void
test_status_values_pinned(void **state)
{
    (void)state;
    assert_int_equal(WFM_OK, 0);
    assert_int_equal(WFM_EINVAL, 1);
    assert_int_equal(WFM_ERANGE, 2);
    assert_int_equal(WFM_ENOMEM, 3);
    assert_int_equal(WFM_EPARSE, 4);
    assert_int_equal(WFM_EIO, 5);
    assert_int_equal(WFM_ENOTFOUND, 6);
    assert_int_equal(WFM_EMISUSE, 7);
    assert_int_equal(WFM_EUNSUPPORTED, 8);
    assert_int_equal(WFM_EINFEASIBLE, 9);
    for (int32_t a = WFM_OK; a <= WFM_EINFEASIBLE; a++)
        for (int32_t b = WFM_OK; b < a; b++)
            assert_string_not_equal(wfm_status_str(a), wfm_status_str(b));
    assert_int_equal(sizeof(wfm_status), 4);
}

/* A handler the host installed survives wfm_gsl_disable_abort() and still
 * receives GSL's errors. */
static void
test_disable_abort_keeps_host_handler(void **state)
{
    (void)state;
    gsl_set_error_handler(&host_handler);
    host_calls = 0;
    assert_int_equal(wfm_gsl_disable_abort(), WFM_OK);
    assert_int_equal(trigger_gsl_error(), GSL_EDOM);
    assert_int_equal(host_calls, 1);
    assert_int_equal(host_last_errno, GSL_EDOM);
    /* calling it again is harmless */
    assert_int_equal(wfm_gsl_disable_abort(), WFM_OK);
    assert_int_equal(trigger_gsl_error(), GSL_EDOM);
    assert_int_equal(host_calls, 2);
    /* and the installed handler is literally the host's */
    gsl_error_handler_t *current = gsl_set_error_handler(NULL);
    assert_ptr_equal(current, &host_handler);
}

/* Runs fn in a child process; returns its exit status, or −signal. */
static int
in_child(int (*fn)(void))
{
    fflush(stdout);
    fflush(stderr);
    const pid_t pid = fork();
    if (pid < 0)
        return -1000;
    if (pid == 0)
        _exit(fn());
    int status = 0;
    if (waitpid(pid, &status, 0) != pid)
        return -1001;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return -WTERMSIG(status);
    return -1002;
}

/* Child: default handler in place, wfm_gsl_disable_abort(), then an error
 * must come back as a return code instead of abort(). */
static int
child_default_then_disable(void)
{
    gsl_set_error_handler(NULL);
    if (wfm_gsl_disable_abort() != WFM_OK)
        return 2;
    if (trigger_gsl_error() != GSL_EDOM)
        return 3;
    /* twice is harmless: still off */
    if (wfm_gsl_disable_abort() != WFM_OK)
        return 4;
    if (trigger_gsl_error() != GSL_EDOM)
        return 5;
    return 0;
}

/* Child: the control: with the default handler GSL aborts. */
static int
child_default_aborts(void)
{
    gsl_set_error_handler(NULL);
    /* GSL prints its message to stderr before abort(): keep the log clean */
    if (freopen("/dev/null", "w", stderr) == NULL)
        return 6;
    (void)trigger_gsl_error();
    return 0;
}

static void
test_disable_abort_turns_default_off(void **state)
{
    (void)state;
    const int rc = in_child(&child_default_then_disable);
    if (rc != 0)
        fail_msg("child %s %d (SIGABRT is %d)", rc < 0 ? "killed by signal" : "exited with",
                 rc < 0 ? -rc : rc, SIGABRT);
    /* in this process too: afterwards the current handler is no longer the
     * default (NULL) */
    gsl_set_error_handler(NULL);
    assert_int_equal(wfm_gsl_disable_abort(), WFM_OK);
    assert_int_equal(trigger_gsl_error(), GSL_EDOM);
    gsl_error_handler_t *current = gsl_set_error_handler(NULL);
    assert_non_null(current);
}

static void
test_default_handler_aborts_control(void **state)
{
    (void)state;
    /* Without wfm_gsl_disable_abort() GSL's default handler aborts: this
     * shows that the test above really exercises the default handler. */
    const int rc = in_child(&child_default_aborts);
    assert_int_equal(rc, -SIGABRT);
}

/* After GSL was turned off by the host itself (gsl_set_error_handler_off),
 * wfm_gsl_disable_abort() keeps it off. */
static void
test_disable_abort_after_host_off(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    assert_int_equal(wfm_gsl_disable_abort(), WFM_OK);
    assert_int_equal(trigger_gsl_error(), GSL_EDOM);
    gsl_error_handler_t *current = gsl_set_error_handler(NULL);
    assert_non_null(current);
}

static void
test_version(void **state)
{
    (void)state;
    assert_int_equal(wfm_version_number(), WFM_VERSION_NUMBER);
    assert_non_null(wfm_version_string());
    assert_string_equal(wfm_version_string(), WFM_VERSION_STRING);
    char buf[64];
    snprintf(buf, sizeof buf, "%d.%d.%d", WFM_VERSION_MAJOR, WFM_VERSION_MINOR,
             WFM_VERSION_PATCH);
    assert_string_equal(buf, WFM_VERSION_STRING);
    assert_int_equal(WFM_VERSION_NUMBER,
                     WFM_VERSION_MAJOR * 10000 + WFM_VERSION_MINOR * 100 + WFM_VERSION_PATCH);
}

#define T(f) cmocka_unit_test_teardown(f, restore_default)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_status_str_known),
        T(test_status_str_unknown),
        T(test_status_values_pinned),
        T(test_disable_abort_keeps_host_handler),
        T(test_disable_abort_turns_default_off),
        T(test_default_handler_aborts_control),
        T(test_disable_abort_after_host_off),
        T(test_version),
    };
    /* e.g. WFM_TEST_FILTER='test_csv*' runs a subset */
    if (getenv("WFM_TEST_FILTER") != NULL)
        cmocka_set_test_filter(getenv("WFM_TEST_FILTER"));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
