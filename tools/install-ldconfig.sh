#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# meson install script: refresh the dynamic linker's cache so that the
# installed `wfm` (and `import wfm`) find libwfm.so.1 at once — meson 1.0
# does not, and on Debian /usr/local/lib/x86_64-linux-gnu is searched only
# through the cache. Skipped for a staged install (--destdir / DESTDIR: the
# package's own postinst runs ldconfig) and when not root (it says so).
# $1: the directory libwfm.so.1 was installed into.
set -eu
libdir=$1
if [ -n "${DESTDIR:-}" ]; then
    exit 0
fi
searched=no
for d in $( (cat /etc/ld.so.conf /etc/ld.so.conf.d/*.conf 2>/dev/null || true) | grep '^/' ) \
         /lib /usr/lib /lib64 /usr/lib64; do
    if [ "$d" = "$libdir" ]; then
        searched=yes
    fi
done
if [ "$searched" = no ]; then
    exit 0 # found through the programs' rpath and the module's own path
fi
if [ "$(id -u)" -eq 0 ] && command -v ldconfig >/dev/null 2>&1; then
    ldconfig
elif [ "$(id -u)" -eq 0 ] && [ -x /sbin/ldconfig ]; then
    /sbin/ldconfig
else
    echo "wfm: run 'sudo ldconfig' so that programs find $libdir/libwfm.so.1" >&2
fi
