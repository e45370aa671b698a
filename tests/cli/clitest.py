# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared plumbing of the CLI tests: a minimal TAP producer, a runner, the
checks every command's contract repeats (exit 0 quietly, one-line errors,
usage, write errors), temporary files, libwfm through ctypes for the
`library` groups, and each script's main().

The scripts import it from their own folder, which Python puts first on
sys.path when it runs a script, whatever the working directory."""
import contextlib
import csv
import datetime
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

# The CSV header of `wfm plan` (and of each queue's rows under --queues).
PLAN_HEADER = ("datetime,forecast,lower,upper,aht,workload,required_agents,"
               "scheduled_agents,service_level,asa,occupancy,shrinkage,abandon_rate,"
               "sl_at_lower,sl_at_upper,backlog")
NO_CHART = "wfm was built without chart support (cairo)"


class Tap:
    """Minimal TAP producer: the plan is printed last, which TAP allows."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def check(self, ok, name, diag=""):
        self.count += 1
        print(("ok" if ok else "not ok") + " %d - %s" % (self.count, name))
        if not ok:
            self.failed += 1
            for line in str(diag).splitlines():
                print("#   " + line)
        return ok

    def skip(self, name, why):
        self.count += 1
        print("ok %d - %s # SKIP %s" % (self.count, name, why))

    def finish(self):
        print("1..%d" % self.count)
        return 1 if self.failed else 0


def run(exe, args, stdout=subprocess.PIPE, cwd=None, timeout=60):
    return subprocess.run([exe] + list(args), stdout=stdout,
                          stderr=subprocess.PIPE, timeout=timeout, cwd=cwd,
                          universal_newlines=True,
                          env=dict(os.environ, LC_ALL="C"))


def limited(wfm, args, blocks, stdout_path=None, timeout=120):
    """Run `wfm ARGS` under `ulimit -f BLOCKS` (1024-byte blocks) in a
    shell; stdout to stdout_path when given. Exit 99 when the shell cannot
    set the limit."""
    shell = shutil.which("bash") or "/bin/sh"
    script = "ulimit -f %d || exit 99; exec \"$0\" \"$@\"" % blocks
    out = open(stdout_path, "w") if stdout_path else None
    try:
        return subprocess.run([shell, "-c", script, wfm] + list(args),
                              stdout=out if out else subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True,
                              timeout=timeout, env=dict(os.environ, LC_ALL="C"))
    finally:
        if out:
            out.close()


def describe(args, proc, limit=3000):
    out = proc.stdout if proc.stdout is not None else ""
    if len(out) > limit:
        out = out[:limit] + "...(%d more characters)" % (len(out) - limit)
    return "args: %r\nexit: %d\nstdout: %r\nstderr: %r" % (
        args, proc.returncode, out, proc.stderr)


# --- what the checks share -------------------------------------------------------

def shown(args):
    """The arguments for a check's name: absolute paths by their base name,
    line breaks as \\n."""
    text = " ".join(os.path.basename(a) if os.path.isabs(a) else a for a in args)
    return text.replace("\n", "\\n")


def mentions_in(line, mentions):
    """Whether every mention (a string, or a compiled pattern) is in line."""
    return all((m.search(line) if hasattr(m, "search") else m in line) for m in mentions)


def one_line(proc, rc, mentions, prefix="wfm "):
    """Exit rc and one stderr line, starting with prefix and naming every
    mention (standard output is the caller's to check)."""
    lines = proc.stderr.split("\n")
    return (proc.returncode == rc and len(lines) == 2 and lines[1] == ""
            and lines[0].startswith(prefix) and mentions_in(lines[0], mentions))


def one_line_error(proc, rc, mentions, prefix="wfm "):
    """one_line(), and nothing on standard output."""
    return proc.stdout == "" and one_line(proc, rc, mentions, prefix)


def check_usage(tap, wfm, args, usage):
    """`wfm ARGS` prints the usage (starting with @p usage) and exits 0."""
    proc = run(wfm, args)
    tap.check(proc.returncode == 0 and proc.stderr == ""
              and proc.stdout.startswith(usage),
              "wfm %s: usage on stdout, exit 0" % " ".join(args), describe(args, proc))
    return proc


def check_fits_80(tap, text):
    tap.check(all(len(l) <= 80 for l in text.splitlines()),
              "--help lines fit 80 columns",
              "\n".join(l for l in text.splitlines() if len(l) > 80))


def check_listed(tap, wfm, command):
    """`wfm --help` has a line for @p command."""
    proc = run(wfm, ["--help"])
    tap.check(re.search(r"^  %s " % command, proc.stdout, re.M) is not None,
              "wfm --help lists the %s command" % command, proc.stdout)


def check_write_error(tap, wfm, args, **kw):
    """A failed write on standard output is reported, not ignored (where
    there is a /dev/full to write to)."""
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            proc = run(wfm, args, stdout=full, **kw)
        tap.check(proc.returncode == 1 and proc.stderr.count("\n") == 1,
                  "write error on stdout: exit 1, one stderr line",
                  "exit %d, stderr %r" % (proc.returncode, proc.stderr))


def erlang_csv(tap, wfm, args, header, timeout=30):
    """Run `wfm erlang ARGS --csv`; return the data row as a dict, or None."""
    proc = run(wfm, ["erlang"] + args + ["--csv"], timeout=timeout)
    lines = proc.stdout.splitlines()
    if not tap.check(proc.returncode == 0 and proc.stderr == "" and len(lines) == 2
                     and lines[0] == header,
                     "csv run: %s" % " ".join(args), describe(args, proc)):
        return None
    return next(csv.DictReader(io.StringIO(proc.stdout)))


class Command:
    """One `wfm` command: `wfm NAME ARGS...` and the checks of its contract.
    width: how much of the arguments a one-line error check's name shows."""

    def __init__(self, name, timeout=60, width=120):
        self.name, self.timeout, self.width = name, timeout, width

    def __call__(self, wfm, args, **kw):
        kw.setdefault("timeout", self.timeout)
        return run(wfm, [self.name] + list(args), **kw)

    def check_ok(self, tap, wfm, args, name, **kw):
        proc = self(wfm, args, **kw)
        tap.check(proc.returncode == 0 and proc.stderr == "",
                  name + ": exit 0, stderr empty", describe(args, proc))
        return proc

    def check_one_line_error(self, tap, wfm, args, mentions, want_rc, cwd=None,
                             name=None):
        """Exit want_rc, nothing on stdout, one stderr line "wfm NAME: ..."
        naming every mention (a string, a compiled pattern, or a list)."""
        proc = self(wfm, args, cwd=cwd)
        if not isinstance(mentions, list):
            mentions = [mentions]
        if name is None:
            name = "wfm %s %s" % (self.name, shown(args)[:self.width])
        tap.check(one_line_error(proc, want_rc, mentions, "wfm %s: " % self.name),
                  "%s: exit %d, one stderr line naming %r"
                  % (name, want_rc, [getattr(m, "pattern", m) for m in mentions]),
                  describe(args, proc))
        return proc

    def check_write_error(self, tap, wfm, args):
        check_write_error(tap, wfm, [self.name] + list(args), timeout=self.timeout)


# --- files --------------------------------------------------------------------------

class Files:
    """Test input and output files in a temporary folder."""

    def __init__(self, prefix):
        self.dir = tempfile.mkdtemp(prefix=prefix)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text):
        """Write text (str, or bytes as they are) to NAME, making its
        folders; the path."""
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(text, bytes):
            with open(path, "wb") as f:
                f.write(text)
        else:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        return path

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def suppress_leaks(files, *libraries):
    """Tell LeakSanitizer (under AddressSanitizer) to ignore leaks in
    @p libraries (e.g. fontconfig under cairo's text, which no call frees);
    leaks in wfm itself are still reported."""
    supp = files.write("lsan.supp", "".join("leak:%s\n" % lib for lib in libraries))
    lsan = os.environ.get("LSAN_OPTIONS", "")
    os.environ["LSAN_OPTIONS"] = ((lsan + ":" if lsan else "") + "suppressions=" + supp
                                  + ":print_suppressions=0")


def listing(folder):
    return sorted(os.listdir(folder))


def day(text):
    return datetime.date.fromisoformat(text)


def csv_rows(text):
    """The rows of CSV text, as lists of fields."""
    return list(csv.reader(io.StringIO(text)))


# --- libwfm through ctypes (the groups named `library`) ---------------------------

def load_library(tap, lib_path, what):
    """libwfm (LIBWFM) through ctypes, with the prototypes of the functions
    the scripts call; None, with @p what reported as skipped, when it
    cannot be loaded."""
    try:
        import ctypes
        from ctypes import POINTER, c_char_p, c_double, c_int32, c_size_t, c_void_p
        lib = ctypes.CDLL(lib_path)
    except (ImportError, OSError) as e:
        tap.skip(what, "cannot load %s: %s" % (lib_path, e))
        return None
    P_INT32, P_DOUBLE, P_SIZE = POINTER(c_int32), POINTER(c_double), POINTER(c_size_t)
    for name, res, args in (
            ("wfm_history_new", c_int32, [POINTER(c_void_p)]),
            ("wfm_history_free", None, [c_void_p]),
            ("wfm_history_read_file", c_int32, [c_void_p, c_char_p]),
            ("wfm_calendar_new", c_int32, [POINTER(c_void_p)]),
            ("wfm_calendar_free", None, [c_void_p]),
            ("wfm_calendar_add_preset", c_int32, [c_void_p, c_char_p]),
            ("wfm_calendar_add_file", c_int32, [c_void_p, c_char_p]),
            ("wfm_calendar_add_prophet_file", c_int32, [c_void_p, c_char_p]),
            ("wfm_calendar_expand", c_int32, [c_void_p, c_int32, c_int32,
                                              POINTER(c_void_p)]),
            ("wfm_calendar_days_free", None, [c_void_p]),
            ("wfm_calendar_days_count", c_size_t, [c_void_p]),
            ("wfm_calendar_days_row", c_int32, [c_void_p, c_size_t, P_INT32,
                                                P_INT32, P_INT32, P_INT32]),
            ("wfm_calendar_days_event_name", c_char_p, [c_void_p, c_int32]),
            ("wfm_calendar_write", c_int32, [c_void_p, c_char_p, c_size_t,
                                             POINTER(c_size_t)]),
            ("wfm_forecast_new", c_int32, [POINTER(c_void_p)]),
            ("wfm_forecast_free", None, [c_void_p]),
            ("wfm_forecast_errmsg", c_char_p, [c_void_p]),
            ("wfm_forecast_set_int", c_int32, [c_void_p, c_int32, c_int32]),
            ("wfm_forecast_set_double", c_int32, [c_void_p, c_int32, c_double]),
            ("wfm_forecast_run", c_int32, [c_void_p, c_void_p, c_void_p, c_int32, c_int32]),
            ("wfm_forecast_span", c_int32, [c_void_p, P_INT32, P_INT32, P_INT32]),
            ("wfm_forecast_copy", c_int32, [c_void_p, P_DOUBLE, P_DOUBLE, P_DOUBLE,
                                            c_size_t, P_SIZE]),
            ("wfm_forecast_backtest", c_int32, [c_void_p, c_void_p, c_void_p, P_INT32,
                                                c_size_t, c_int32, P_DOUBLE, P_DOUBLE,
                                                P_DOUBLE, P_DOUBLE]),
            ("wfm_date_parse", c_int32, [c_char_p, P_INT32]),
            ("wfm_date_format", c_int32, [c_int32, c_char_p, c_size_t])):
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args
    return lib


@contextlib.contextmanager
def forecast_inputs(lib, history, events, quantiles=None):
    """(forecast, history, calendar or None) as `--history HISTORY
    [--events EVENTS] [--quantiles LO,HI]` set them up; freed after."""
    import ctypes
    h, cal, f = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
    assert lib.wfm_history_new(ctypes.byref(h)) == 0
    assert lib.wfm_forecast_new(ctypes.byref(f)) == 0
    try:
        assert lib.wfm_history_read_file(h, history.encode()) == 0
        if events:
            assert lib.wfm_calendar_new(ctypes.byref(cal)) == 0
            assert lib.wfm_calendar_add_prophet_file(cal, events.encode()) == 0
        if quantiles:
            assert lib.wfm_forecast_set_double(f, 1, quantiles[0]) == 0
            assert lib.wfm_forecast_set_double(f, 2, quantiles[1]) == 0
        yield f, h, (cal if events else None)
    finally:
        lib.wfm_forecast_free(f)
        lib.wfm_calendar_free(cal)
        lib.wfm_history_free(h)


# --- main() -------------------------------------------------------------------------

def parse_args(argv, groups, operands):
    """(OPERANDS, GROUP) of `SCRIPT OPERAND... GROUP`, the operands (paths)
    made absolute, since some checks change folder; None after a usage
    message when the command line is not that."""
    if len(argv) != len(operands) + 2 or argv[-1] not in groups:
        sys.stderr.write("usage: %s %s {%s}\n" % (os.path.basename(argv[0]),
                                                  " ".join(operands),
                                                  "|".join(sorted(groups))))
        return None
    return [os.path.abspath(a) for a in argv[1:-1]], argv[-1]


def main(argv, groups, operands, files=None):
    """`SCRIPT OPERAND... GROUP`: run groups[GROUP](tap, OPERAND...) and
    print TAP; with files (a prefix), a Files made for the group is passed
    last and removed after it. The exit status: 0, 1 (a check failed) or 2
    (usage)."""
    parsed = parse_args(argv, groups, operands)
    if parsed is None:
        return 2
    args, group = parsed
    tap = Tap()
    if files is None:
        groups[group](tap, *args)
        return tap.finish()
    made = Files(files)
    try:
        groups[group](tap, *args, made)
    finally:
        made.cleanup()
    return tap.finish()
