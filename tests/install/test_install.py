#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Installs wfm from the source tree into a temporary prefix and uses it as
a newcomer would, with no environment variables: the installed `wfm`, the
README's C example built through pkg-config, and `import wfm` with Debian's
/usr/bin/python3 (the module finds the library by itself). Then a staged
install (--destdir) under the default prefix, which must leave the host's
loader cache alone. TAP output.

Usage: test_install.py SOURCE_ROOT"""
import os
import shutil
import subprocess
import sys
import tempfile

checks = 0
failed = 0


def check(ok, what, detail=''):
    global checks, failed
    checks += 1
    print(f"{'ok' if ok else 'not ok'} {checks} - {what}")
    if not ok:
        failed += 1
        for line in str(detail).splitlines()[-20:]:
            print('#', line)


def run(cmd, env=None, cwd=None):
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd)


def main():
    source = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix='wfm-install-')
    try:
        prefix, build = os.path.join(tmp, 'prefix'), os.path.join(tmp, 'build')
        setup = run(['meson', 'setup', build, source, '--prefix', prefix,
                     '-Dpython=/usr/bin/python3', '-Dtests=disabled'])
        check(setup.returncode == 0, 'meson setup with a temporary prefix', setup.stdout + setup.stderr)
        built = run(['meson', 'compile', '-C', build])
        check(built.returncode == 0, 'meson compile', built.stdout + built.stderr)
        inst = run(['meson', 'install', '-C', build])
        check(inst.returncode == 0, 'meson install', inst.stdout + inst.stderr)
        if failed:
            return

        clean = {}  # no environment at all: no LD_LIBRARY_PATH, no WFM_LIBRARY
        wfm = os.path.join(prefix, 'bin', 'wfm')
        p = run([wfm, 'erlang', '--calls', '100', '--interval', '1800', '--aht', '180',
                 '--sl', '0.8', '--answer', '20'], env=clean)
        check(p.returncode == 0 and '14 agents' in p.stdout,
              'the installed wfm runs without LD_LIBRARY_PATH (rpath)', p.stdout + p.stderr)

        pcdirs = [os.path.join(root, d) for root, dirs, _ in os.walk(prefix)
                  for d in dirs if d == 'pkgconfig']
        pc_env = {'PATH': '/usr/bin:/bin', 'PKG_CONFIG_PATH': ':'.join(pcdirs)}
        flags = run(['pkg-config', '--cflags', '--libs', 'wfm'], env=pc_env)
        libdir = run(['pkg-config', '--variable=libdir', 'wfm'], env=pc_env).stdout.strip()
        check(flags.returncode == 0 and libdir.startswith(prefix),
              'pkg-config finds wfm under the prefix', flags.stderr)
        exe = os.path.join(tmp, 'example-erlang')
        cc = run(['cc', os.path.join(source, 'examples', 'example-erlang.c'), '-o', exe]
                 + flags.stdout.split() + ['-Wl,-rpath,' + libdir], env=pc_env)
        check(cc.returncode == 0, 'the README C example builds through pkg-config',
              cc.stdout + cc.stderr)
        p = run([exe], env=clean)
        check(p.returncode == 0 and p.stdout.strip() == '14 agents, SL 88.84 %, ASA 7.84 s',
              'the README C example prints 14 agents, SL 88.84 %, ASA 7.84 s', p.stdout + p.stderr)

        modules = [os.path.join(root, 'wfm.py') for root, _, files in os.walk(prefix)
                   if 'wfm.py' in files]
        check(len(modules) == 1, 'one wfm.py installed', modules)
        if modules:
            site = os.path.dirname(modules[0])
            code = ('import sys; sys.path.insert(0, %r); import wfm; '
                    'print(wfm.load_library()); print(wfm.traffic_erlangs(100, 1800, 180))' % site)
            p = run(['/usr/bin/python3', '-c', code], env=clean)
            lines = p.stdout.split()
            check(p.returncode == 0 and len(lines) == 2 and lines[0].startswith(libdir)
                  and abs(float(lines[1]) - 10.0) < 1e-12,
                  'import wfm with /usr/bin/python3 finds the installed library by itself',
                  p.stdout + p.stderr)

        # A staged install under the default prefix: files land in DESTDIR and
        # the install script leaves the host's loader cache alone.
        stage_build, stage = os.path.join(tmp, 'build-stage'), os.path.join(tmp, 'stage')
        run(['meson', 'setup', stage_build, source, '-Dtests=disabled'])
        run(['meson', 'compile', '-C', stage_build])
        before = os.stat('/etc/ld.so.cache').st_mtime if os.path.exists('/etc/ld.so.cache') else 0
        inst = run(['meson', 'install', '-C', stage_build, '--destdir', stage])
        after = os.stat('/etc/ld.so.cache').st_mtime if os.path.exists('/etc/ld.so.cache') else 0
        staged = [f for _, _, files in os.walk(stage) for f in files]
        check(inst.returncode == 0 and 'libwfm.so.1.3.0' in staged and 'wfm.py' in staged
              and before == after,
              'meson install --destdir stages the files and does not run ldconfig',
              inst.stdout + inst.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


main()
print(f'1..{checks}')
sys.exit(1 if failed else 0)
