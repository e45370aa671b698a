# SPDX-License-Identifier: GPL-3.0-or-later
"""Print the directory under PREFIX where this Python looks for modules.

Run by lib/python/meson.build with the Python the module is for. Debian's
python3 reads /usr/local/lib/python3.X/dist-packages (and
/usr/lib/python3/dist-packages for /usr), which its sysconfig does not
name for a given prefix; meson 1.0 would install into
PREFIX/lib/python3/dist-packages, where nothing looks. So the answer is
the nearest site directory of sys.path under PREFIX, else sysconfig's
purelib for PREFIX (not on sys.path: PYTHONPATH then)."""
import os
import sys
import sysconfig

prefix = os.path.normpath(sys.argv[1])
sites = [os.path.normpath(e) for e in sys.path
         if e.endswith(('dist-packages', 'site-packages'))
         and os.path.normpath(e).startswith(prefix + os.sep)]
if sites:  # the nearest: /usr/lib/python3/dist-packages, not /usr/local/...
    print(min(sites, key=lambda e: (e.count(os.sep), e)))
else:
    scheme = 'posix_prefix' if os.name == 'posix' else None
    print(sysconfig.get_path('purelib', scheme,
                             vars={'base': prefix, 'platbase': prefix}))
