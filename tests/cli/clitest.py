# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared plumbing of the CLI tests: a minimal TAP producer and a runner."""
import os
import subprocess


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


def describe(args, proc, limit=3000):
    out = proc.stdout if proc.stdout is not None else ""
    if len(out) > limit:
        out = out[:limit] + "...(%d more characters)" % (len(out) - limit)
    return "args: %r\nexit: %d\nstdout: %r\nstderr: %r" % (
        args, proc.returncode, out, proc.stderr)
