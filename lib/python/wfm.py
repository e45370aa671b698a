# SPDX-License-Identifier: GPL-3.0-or-later
"""wfm: contact-centre workforce planning from Python.

A pure-Python ctypes binding of the wfm C library (libwfm.so.1): Erlang C
and Erlang A queueing, chat and email staffing, calendars of holidays and
events, contact-volume histories, forecasts with bounds and what-ifs,
backtests, accuracy scores and staffing plans. Standard library only;
numpy arrays are accepted wherever a sequence of numbers is (and read
without a copy when they are contiguous float64), never required.

Finding the library, in this order:

* ``WFM_LIBRARY``: the full path of ``libwfm.so`` (or ``libwfm.so.1``);
* ``WFM_BUILD_DIR``: a meson build directory (``BUILD/lib/libwfm.so``);
* the installed library: ``libwfm.so.1`` in the directory ``meson install``
  put it in (written into the installed module), then
  ``ctypes.util.find_library('wfm')``, then ``libwfm.so.1`` on the dynamic
  linker's search path.

or call :func:`load_library` with a path before anything else. Loading
calls ``wfm_gsl_disable_abort()`` (see README, "GSL and your process").

Units, as in the C headers: traffic in Erlangs (contacts x handle time /
interval length); times (handle time, answer time, ASA, patience,
deadlines) in seconds; service level, occupancy, shrinkage, abandonment,
WAPE, bias and coverage as fractions in [0, 1] (0.8 = 80 %); volumes in
contacts per interval (or per day for daily series); agents are whole
people; hours are agent-hours; FTE = hours / contract hours. Dates are
accepted as :class:`datetime.date`, ``'YYYY-MM-DD'`` text or day numbers
(days since 1970-01-01) and returned as :class:`datetime.date`.

Errors: every failure raises :class:`WfmError` (a subclass per status,
e.g. :class:`InvalidArgument`, also a :class:`ValueError`), carrying
``.status`` (the C status code), ``.status_text`` (``wfm_status_str``),
``.detail`` (the object's error message, e.g. ``"data.csv:7:12: ..."``)
and ``.function`` (the C function).

Results by name: :meth:`Plan.column` / :meth:`Plan.columns` and
:meth:`Forecast.column` / :meth:`Forecast.columns` use the column names of
the ``wfm plan`` and ``wfm forecast`` CSV headers (``forecast``,
``required_agents``, ``asa``, ``abandon_rate``, ...; the binding's earlier
names such as ``required`` still work), with a ``datetime`` column
(:class:`datetime.datetime` of each interval's start) and agents as ints;
``numpy=True`` gives numpy arrays (int64 agents). ``to_pandas()`` gives a
pandas DataFrame laid out as the CSV, indexed by datetime, when pandas is
installed, and an ImportError saying so when it is not: pandas and numpy
are never required. :meth:`Forecast.copy` is an independent Forecast (same
settings, what-ifs and a snapshot of the result); its lists are
:meth:`Forecast.values`.

Objects (:class:`Calendar`, :class:`CalendarDays`, :class:`History`,
:class:`Forecast`, :class:`Plan`) own a C object each: it is freed when
the Python object is collected, at ``close()``, or at the end of a
``with`` block. One object is used by one thread at a time (the C
library's rule); separate objects may be used from separate threads, and
calls release the GIL. :class:`Calendar` and :class:`History` can be
pickled (for Dask and multiprocessing); forecasts and plans are rebuilt on
the worker from their inputs.

Example::

    import wfm
    a = wfm.traffic_erlangs(contacts=120, interval_s=1800, aht_s=240)
    n = wfm.required_agents(a, aht_s=240, target_sl=0.8, answer_s=20)
    print(a, n, wfm.service_level(a, n, aht_s=240, answer_s=20))
"""

import collections
import ctypes
import ctypes.util
import datetime
import math
import numbers
import operator
import os
import re
import weakref
from ctypes import (POINTER, byref, c_char_p, c_double, c_int32, c_size_t,
                    c_uint32, c_void_p)

__all__ = [
    # errors and status codes
    'WfmError', 'InvalidArgument', 'RangeError', 'OutOfMemory', 'ParseError',
    'FileError', 'NotFound', 'Misuse', 'Unsupported', 'Infeasible',
    'OK', 'EINVAL', 'ERANGE', 'ENOMEM', 'EPARSE', 'EIO', 'ENOTFOUND',
    'EMISUSE', 'EUNSUPPORTED', 'EINFEASIBLE', 'status_str',
    # library
    'load_library', 'library_path', 'library_version', 'library_version_number',
    # Erlang C and staffing
    'traffic_erlangs', 'erlang_b', 'erlang_c', 'service_level',
    'average_speed_of_answer', 'occupancy', 'required_agents',
    'required_agents_batch', 'scheduled_agents',
    # Erlang A, chat, email
    'ERLANG_A_METRICS', 'erlang_a_metrics', 'erlang_a_required_agents',
    'chat_service', 'chat_required_agents', 'deferred_required_agents',
    # dates and calendars
    'DATE_MIN', 'DATE_MAX', 'day_number', 'to_date', 'date_from_ymd',
    'date_to_ymd', 'date_parse', 'date_format', 'date_weekday',
    'date_iso_week', 'calendar_presets', 'Calendar', 'CalendarDays',
    # accuracy, histories, forecasts, plans
    'accuracy_wape', 'accuracy_bias', 'accuracy_mase', 'accuracy_coverage',
    'History', 'Forecast', 'Plan', 'Span', 'BatchResult', 'ChatService',
    'DeferredResult', 'CalendarRow', 'Occurrence', 'BacktestScore', 'LevelStep',
    'Rollup', 'RampWeek',
    # many queues as one plan (wfm plan --queues)
    'Plans', 'plan_queues', 'OperationWeek', 'PLAN_FILE_KEYS',
]

__version__ = '1.3.0'

# ------------------------------------------------------------- status codes

OK, EINVAL, ERANGE, ENOMEM, EPARSE, EIO = 0, 1, 2, 3, 4, 5
ENOTFOUND, EMISUSE, EUNSUPPORTED, EINFEASIBLE = 6, 7, 8, 9

_INT32_MIN, _INT32_MAX = -2**31, 2**31 - 1
_EPOCH = datetime.date(1970, 1, 1).toordinal()

#: Day numbers of 0001-01-01 and 9999-12-31.
DATE_MIN, DATE_MAX = -719162, 2932896


class WfmError(Exception):
    """A wfm call failed.

    Attributes: ``status`` (the C status code, an int), ``status_text``
    (its description, ``wfm_status_str``), ``detail`` (the object's error
    message, or what the binding knows about the arguments; may be ''),
    ``function`` (the C function that failed, or '').
    """

    def __init__(self, message, *, status=None, status_text='', detail='',
                 function=''):
        super().__init__(message)
        self.status = status
        self.status_text = status_text
        self.detail = detail
        self.function = function

    def __reduce__(self):  # keep the attributes across pickling (Dask)
        return (_rebuild_error, (type(self), self.args[0], dict(self.__dict__)))


def _rebuild_error(cls, message, state):
    err = cls(message)
    err.__dict__.update(state)
    return err


class InvalidArgument(WfmError, ValueError):
    """WFM_EINVAL: an argument is NULL, NaN, infinite or out of range."""


class RangeError(WfmError, OverflowError):
    """WFM_ERANGE: a result does not fit its type (e.g. > INT32_MAX agents)."""


class OutOfMemory(WfmError, MemoryError):
    """WFM_ENOMEM: memory could not be allocated."""


class ParseError(WfmError, ValueError):
    """WFM_EPARSE: malformed text; ``detail`` names line and column."""


class FileError(WfmError, OSError):
    """WFM_EIO: a file cannot be read; ``detail`` says which and why."""


class NotFound(WfmError, LookupError):
    """WFM_ENOTFOUND: an unknown name (preset, event), or no result yet."""


class Misuse(WfmError):
    """WFM_EMISUSE: an object used wrongly (closed, or not run yet)."""


class Unsupported(WfmError, NotImplementedError):
    """WFM_EUNSUPPORTED: an option or function this library lacks."""


class Infeasible(WfmError):
    """WFM_EINFEASIBLE: no staffing meets the targets (reserved: no 1.3
    function returns it)."""


_ERRORS = {EINVAL: InvalidArgument, ERANGE: RangeError, ENOMEM: OutOfMemory,
           EPARSE: ParseError, EIO: FileError, ENOTFOUND: NotFound,
           EMISUSE: Misuse, EUNSUPPORTED: Unsupported, EINFEASIBLE: Infeasible}

# ------------------------------------------------------------ ctypes layer

P_DOUBLE, P_INT32, P_SIZE = POINTER(c_double), POINTER(c_int32), POINTER(c_size_t)
P_VOIDP = POINTER(c_void_p)

#: name: (restype, argtypes), exactly as declared in include/wfm/*.h
#: (tests/python/test_binding.py checks them against the headers).
SIGNATURES = {
    # wfm/status.h, wfm/version.h
    'wfm_status_str': (c_char_p, [c_int32]),
    'wfm_gsl_disable_abort': (c_int32, []),
    'wfm_version_string': (c_char_p, []),
    'wfm_version_number': (c_uint32, []),
    # wfm/erlang.h
    'wfm_traffic_erlangs': (c_int32, [c_double, c_double, c_double, P_DOUBLE]),
    'wfm_erlang_b': (c_int32, [c_double, c_int32, P_DOUBLE]),
    'wfm_erlang_c': (c_int32, [c_double, c_int32, P_DOUBLE]),
    'wfm_service_level': (c_int32, [c_double, c_int32, c_double, c_double, P_DOUBLE]),
    'wfm_average_speed_of_answer': (c_int32, [c_double, c_int32, c_double, P_DOUBLE]),
    'wfm_occupancy': (c_int32, [c_double, c_int32, P_DOUBLE]),
    'wfm_required_agents': (c_int32, [c_double, c_double, c_double, c_double,
                                      c_double, c_double, P_INT32]),
    'wfm_required_agents_batch': (c_int32, [c_size_t, P_DOUBLE, P_DOUBLE,
                                            c_double, c_double, c_double,
                                            c_double, P_INT32, P_DOUBLE,
                                            P_DOUBLE, P_DOUBLE, P_SIZE]),
    # wfm/staffing.h
    'wfm_scheduled_agents': (c_int32, [c_int32, c_double, P_INT32]),
    # wfm/accuracy.h
    'wfm_accuracy_wape': (c_int32, [P_DOUBLE, P_DOUBLE, c_size_t, P_DOUBLE]),
    'wfm_accuracy_bias': (c_int32, [P_DOUBLE, P_DOUBLE, c_size_t, P_DOUBLE]),
    'wfm_accuracy_mase': (c_int32, [P_DOUBLE, P_DOUBLE, c_size_t, P_DOUBLE,
                                    c_size_t, c_size_t, P_DOUBLE]),
    'wfm_accuracy_coverage': (c_int32, [P_DOUBLE, P_DOUBLE, P_DOUBLE, c_size_t,
                                        P_DOUBLE]),
    # wfm/calendar.h
    'wfm_date_from_ymd': (c_int32, [c_int32, c_int32, c_int32, P_INT32]),
    'wfm_date_to_ymd': (c_int32, [c_int32, P_INT32, P_INT32, P_INT32]),
    'wfm_date_parse': (c_int32, [c_char_p, P_INT32]),
    'wfm_date_format': (c_int32, [c_int32, c_char_p, c_size_t]),
    'wfm_date_weekday': (c_int32, [c_int32, P_INT32]),
    'wfm_date_iso_week': (c_int32, [c_int32, P_INT32, P_INT32]),
    'wfm_calendar_new': (c_int32, [P_VOIDP]),
    'wfm_calendar_free': (None, [c_void_p]),
    'wfm_calendar_errmsg': (c_char_p, [c_void_p]),
    'wfm_calendar_preset_name': (c_char_p, [c_size_t]),
    'wfm_calendar_add_preset': (c_int32, [c_void_p, c_char_p]),
    'wfm_calendar_add_text': (c_int32, [c_void_p, c_char_p, c_size_t, c_char_p]),
    'wfm_calendar_add_file': (c_int32, [c_void_p, c_char_p]),
    'wfm_calendar_add_prophet_csv': (c_int32, [c_void_p, c_char_p, c_size_t,
                                               c_char_p]),
    'wfm_calendar_add_prophet_file': (c_int32, [c_void_p, c_char_p]),
    'wfm_calendar_write': (c_int32, [c_void_p, c_char_p, c_size_t, P_SIZE]),
    'wfm_calendar_event_count': (c_size_t, [c_void_p]),
    'wfm_calendar_event_name': (c_char_p, [c_void_p, c_size_t]),
    'wfm_calendar_expand': (c_int32, [c_void_p, c_int32, c_int32, P_VOIDP]),
    'wfm_calendar_days_free': (None, [c_void_p]),
    'wfm_calendar_days_count': (c_size_t, [c_void_p]),
    'wfm_calendar_days_row': (c_int32, [c_void_p, c_size_t, P_INT32, P_INT32,
                                        P_INT32, P_INT32]),
    'wfm_calendar_days_copy': (c_int32, [c_void_p, P_INT32, P_INT32, P_INT32,
                                         P_INT32, c_size_t, P_SIZE]),
    'wfm_calendar_days_event_count': (c_size_t, [c_void_p]),
    'wfm_calendar_days_event_name': (c_char_p, [c_void_p, c_int32]),
    'wfm_calendar_days_occurrence_count': (c_size_t, [c_void_p]),
    'wfm_calendar_days_occurrence': (c_int32, [c_void_p, c_size_t, P_INT32,
                                               P_INT32, P_INT32, P_INT32,
                                               P_INT32, P_INT32]),
    # wfm/forecast.h
    'wfm_history_new': (c_int32, [P_VOIDP]),
    'wfm_history_free': (None, [c_void_p]),
    'wfm_history_errmsg': (c_char_p, [c_void_p]),
    'wfm_history_read_csv': (c_int32, [c_void_p, c_char_p, c_size_t, c_char_p]),
    'wfm_history_read_file': (c_int32, [c_void_p, c_char_p]),
    'wfm_history_set_series': (c_int32, [c_void_p, c_int32, c_int32, P_DOUBLE,
                                         P_DOUBLE, c_size_t]),
    'wfm_history_span': (c_int32, [c_void_p, P_INT32, P_INT32, P_INT32]),
    'wfm_history_copy': (c_int32, [c_void_p, P_DOUBLE, P_DOUBLE, c_size_t, P_SIZE]),
    'wfm_forecast_new': (c_int32, [P_VOIDP]),
    'wfm_forecast_free': (None, [c_void_p]),
    'wfm_forecast_errmsg': (c_char_p, [c_void_p]),
    'wfm_forecast_set_int': (c_int32, [c_void_p, c_int32, c_int32]),
    'wfm_forecast_set_double': (c_int32, [c_void_p, c_int32, c_double]),
    'wfm_forecast_get_int': (c_int32, [c_void_p, c_int32, P_INT32]),
    'wfm_forecast_get_double': (c_int32, [c_void_p, c_int32, P_DOUBLE]),
    'wfm_forecast_add_uplift': (c_int32, [c_void_p, c_char_p, c_int32, c_int32,
                                          c_double]),
    'wfm_forecast_add_override': (c_int32, [c_void_p, c_int32, c_int32, c_double]),
    'wfm_forecast_run': (c_int32, [c_void_p, c_void_p, c_void_p, c_int32, c_int32]),
    'wfm_forecast_span': (c_int32, [c_void_p, P_INT32, P_INT32, P_INT32]),
    'wfm_forecast_method_used': (c_int32, [c_void_p, P_INT32]),
    'wfm_forecast_level_step': (c_int32, [c_void_p, P_INT32, P_DOUBLE]),
    'wfm_forecast_method_name': (c_char_p, [c_int32]),
    'wfm_forecast_copy': (c_int32, [c_void_p, P_DOUBLE, P_DOUBLE, P_DOUBLE,
                                    c_size_t, P_SIZE]),
    'wfm_forecast_copy_aht': (c_int32, [c_void_p, P_DOUBLE, c_size_t, P_SIZE]),
    'wfm_forecast_backtest': (c_int32, [c_void_p, c_void_p, c_void_p, P_INT32,
                                        c_size_t, c_int32, P_DOUBLE, P_DOUBLE,
                                        P_DOUBLE, P_DOUBLE]),
    # wfm/erlang-a.h
    'wfm_erlang_a_metrics': (c_int32, [c_double, c_int32, c_double, c_double,
                                       c_double, P_INT32, c_size_t, P_DOUBLE]),
    'wfm_erlang_a_required_agents': (c_int32, [c_double, c_double, c_double,
                                               c_double, c_double, c_int32,
                                               c_double, c_double, c_double,
                                               P_INT32]),
    # wfm/channels.h
    'wfm_chat_service': (c_int32, [c_double, c_double, P_DOUBLE, c_int32,
                                   c_int32, c_double, P_DOUBLE, P_DOUBLE,
                                   P_DOUBLE]),
    'wfm_chat_required_agents': (c_int32, [c_double, c_double, P_DOUBLE,
                                           c_int32, c_double, c_double,
                                           c_double, c_double, P_INT32]),
    'wfm_deferred_required_agents': (c_int32, [c_size_t, c_double, P_DOUBLE,
                                               P_DOUBLE, c_double, c_double,
                                               P_INT32, P_DOUBLE]),
    # wfm/plan.h
    'wfm_plan_new': (c_int32, [P_VOIDP]),
    'wfm_plan_free': (None, [c_void_p]),
    'wfm_plan_errmsg': (c_char_p, [c_void_p]),
    'wfm_plan_set_int': (c_int32, [c_void_p, c_int32, c_int32]),
    'wfm_plan_set_double': (c_int32, [c_void_p, c_int32, c_double]),
    'wfm_plan_get_int': (c_int32, [c_void_p, c_int32, P_INT32]),
    'wfm_plan_get_double': (c_int32, [c_void_p, c_int32, P_DOUBLE]),
    'wfm_plan_set_chat_aht': (c_int32, [c_void_p, P_DOUBLE, c_int32]),
    'wfm_plan_add_shrinkage': (c_int32, [c_void_p, c_int32, c_int32, c_double]),
    'wfm_plan_add_event_shrinkage': (c_int32, [c_void_p, c_char_p, c_int32,
                                               c_int32, c_double]),
    'wfm_plan_run': (c_int32, [c_void_p, c_void_p, c_void_p]),
    'wfm_plan_run_series': (c_int32, [c_void_p, c_int32, c_int32, c_size_t,
                                      P_DOUBLE, P_DOUBLE, P_DOUBLE, P_DOUBLE,
                                      c_void_p]),
    'wfm_plan_span': (c_int32, [c_void_p, P_INT32, P_INT32, P_INT32]),
    'wfm_plan_copy_column': (c_int32, [c_void_p, c_int32, P_DOUBLE, c_size_t,
                                       P_SIZE]),
    'wfm_plan_rollup': (c_int32, [c_void_p, c_int32, P_INT32, P_DOUBLE,
                                  P_DOUBLE, P_DOUBLE, c_size_t, P_SIZE]),
    'wfm_plan_ramp': (c_int32, [c_void_p, P_INT32, P_DOUBLE, P_DOUBLE,
                                P_DOUBLE, P_INT32, c_size_t, P_SIZE]),
}


class _Missing:
    """Stands in for a function the loaded library does not export (an
    older libwfm): calling it raises Unsupported."""

    def __init__(self, name, path):
        self.name, self.path = name, path

    def __call__(self, *args):
        raise Unsupported(f'{self.name}: not in {self.path} (library '
                          f'{library_version()}; the binding is {__version__})',
                          status=EUNSUPPORTED, function=self.name)


class _Library:
    """The loaded libwfm with every function of SIGNATURES bound."""

    def __init__(self, path):
        self.path = path
        self.cdll = ctypes.CDLL(path)
        self.missing = []
        for name, (res, args) in SIGNATURES.items():
            try:
                fn = getattr(self.cdll, name)
            except AttributeError:
                self.missing.append(name)
                setattr(self, name, _Missing(name, path))
                continue
            fn.restype, fn.argtypes = res, args
            setattr(self, name, fn)


_LIB = None

# `meson install` writes the directory it installed libwfm.so.1 into here;
# in the source tree the placeholder stays, and means "not installed".
_INSTALLED_LIBDIR = '@WFM_INSTALLED_LIBDIR@'


def _candidates():
    env = os.environ.get('WFM_LIBRARY')
    if env:
        return [env], 'WFM_LIBRARY'
    build = os.environ.get('WFM_BUILD_DIR')
    if build:
        return [os.path.join(build, 'lib', 'libwfm.so'),
                os.path.join(build, 'libwfm.so')], 'WFM_BUILD_DIR'
    paths = []
    if not _INSTALLED_LIBDIR.startswith('@'):
        paths.append(os.path.join(_INSTALLED_LIBDIR, 'libwfm.so.1'))
    found = ctypes.util.find_library('wfm')
    return paths + [p for p in (found, 'libwfm.so.1') if p], 'the installed library'


def load_library(path=None):
    """Load libwfm from @p path (or find it: WFM_LIBRARY, WFM_BUILD_DIR,
    the installed libwfm.so.1) and return its path. Called by the first
    wfm call; call it yourself to choose the file. Loading again with
    another path switches libraries for objects created afterwards.

    Raises OSError (FileError) naming every place tried when no library
    loads.
    """
    global _LIB
    if path is None:
        paths, how = _candidates()
    else:
        paths, how = [os.fspath(path)], 'load_library()'
    errors = []
    for p in paths:
        if os.sep in p and not os.path.exists(p):
            errors.append(f'{p}: no such file')
            continue
        try:
            lib = _Library(p)
        except OSError as e:
            errors.append(str(e))
            continue
        lib.wfm_gsl_disable_abort()
        _LIB = lib
        return p
    raise FileError(f'cannot load libwfm ({how}): ' + '; '.join(errors)
                    + '. Set WFM_LIBRARY to the path of libwfm.so or '
                    'WFM_BUILD_DIR to a meson build directory.',
                    status=EIO, status_text='file cannot be read',
                    function='load_library')


def _lib():
    if _LIB is None:
        load_library()
    return _LIB


def library_path():
    """The path (or soname) of the loaded libwfm."""
    return _lib().path


def library_version():
    """The loaded library's version, "MAJOR.MINOR.PATCH"."""
    return _lib().wfm_version_string().decode()


def library_version_number():
    """The loaded library's version as MAJOR*10000 + MINOR*100 + PATCH."""
    return int(_lib().wfm_version_number())


def status_str(status):
    """A short English description of a status code (wfm_status_str)."""
    return _lib().wfm_status_str(_i32(status, 'status')).decode('utf-8', 'replace')


def _raise(status, function, detail=''):
    text = status_str(status)
    msg = f'{function}: {detail} ({text})' if detail else f'{function}: {text}'
    raise _ERRORS.get(status, WfmError)(msg, status=status, status_text=text,
                                        detail=detail, function=function)


def _check(status, function, args=None):
    """Raise for a failed pure call; @p args (a dict) goes into the message."""
    if status != OK:
        detail = ', '.join(f'{k}={v!r}' for k, v in args.items()) if args else ''
        _raise(status, function, detail)


# ---------------------------------------------------------- argument helpers

def _i32(value, name):
    try:
        v = operator.index(value)
    except TypeError:
        raise TypeError(f'{name} must be an integer, not {type(value).__name__}') from None
    if not _INT32_MIN <= v <= _INT32_MAX:
        raise InvalidArgument(f'{name}={v} does not fit an int32_t',
                              status=EINVAL, detail=f'{name}={v}')
    return v


def _f64(value, name):
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f'{name} must be a number, not {type(value).__name__}') from None


def _bytes(text, name):
    if isinstance(text, bytes):
        return text
    if isinstance(text, str):
        return text.encode('utf-8')
    raise TypeError(f'{name} must be str or bytes, not {type(text).__name__}')


def _path(path):
    return os.fsencode(os.fspath(path))


def _numpy_array(values, dtype):
    """A C-contiguous 1-D copy-free view of a numpy array (or a converted
    copy), or None for anything that is not a numpy array."""
    mod = type(values).__module__
    if not mod.startswith('numpy') or not hasattr(values, '__array_interface__'):
        return None
    import numpy  # only ever imported for numpy input
    return numpy.ascontiguousarray(values, dtype=dtype).reshape(-1)


def _doubles(values, name):
    """(pointer-compatible array, length, keep-alive) for a sequence of
    numbers, a numpy array (any shape, read in C order) or None."""
    if values is None:
        return None, 0
    arr = _numpy_array(values, 'float64')
    if arr is not None:
        return arr.ctypes.data_as(P_DOUBLE), arr.size
    if isinstance(values, (str, bytes)) or not hasattr(values, '__iter__'):
        raise TypeError(f'{name} must be a sequence of numbers')
    seq = values if isinstance(values, (list, tuple)) else list(values)
    try:
        return (c_double * len(seq))(*seq), len(seq)
    except TypeError:
        raise TypeError(f'{name} must be a sequence of numbers') from None


def _doubles_like(values, name, n):
    """_doubles() of a sequence of length n, or one number repeated n times."""
    if isinstance(values, numbers.Real):
        return (c_double * n)(*([float(values)] * n))
    arr, m = _doubles(values, name)
    _same_length(name, m, n)
    return arr


def _same_length(name, n, expected):
    if n != expected:
        raise InvalidArgument(f'{name} has {n} values, expected {expected}',
                              status=EINVAL, detail=f'len({name})={n}')


# ------------------------------------------- optional numpy / pandas output

def _optional(module, what, instead):
    """Import numpy or pandas for @p what, or raise an ImportError that says
    what to install and what works without it (@p instead)."""
    import importlib
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise ImportError(
            f'{what} needs {module}, which cannot be imported ({e}). Install it '
            f'(Debian: apt-get install python3-{module}; or pip install {module}), '
            f'or use {instead}: wfm never requires {module}.', name=module) from e


def _as_column(values, integer, numpy, what):
    """A column of floats as returned to Python: a list (of ints for agent
    columns) or, with numpy=True, a float64 (int64) numpy array."""
    if numpy:
        np = _optional('numpy', what, 'the same call without numpy=True (lists)')
        arr = np.array(values, dtype='float64')  # also a ctypes array, in one copy
        return arr.astype('int64') if integer else arr
    return [int(x) for x in values] if integer else values


def _interval_starts(span, numpy, what):
    """The start of each value's day or interval of a Span, day-major: a list
    of datetime.datetime, or a numpy datetime64[m] array."""
    n = span.days * (1440 // span.interval_minutes)
    if numpy:
        np = _optional('numpy', what, 'the same call without numpy=True (lists)')
        first = np.datetime64(span.first_date.isoformat(), 'm')
        return first + np.arange(n, dtype='int64') * np.timedelta64(span.interval_minutes, 'm')
    base = datetime.datetime.combine(span.first_date, datetime.time())
    step = datetime.timedelta(minutes=span.interval_minutes)
    return [base + i * step for i in range(n)]


def _interval_dates(span, numpy, what):
    """The date of each value of a Span, day-major: a list of
    datetime.date, or a numpy datetime64[D] array."""
    per_day = 1440 // span.interval_minutes
    if numpy:
        np = _optional('numpy', what, 'the same call without numpy=True (lists)')
        first = np.datetime64(span.first_date.isoformat(), 'D')
        return first + np.repeat(np.arange(span.days, dtype='int64'), per_day)
    return [span.first_date + datetime.timedelta(days=d)
            for d in range(span.days) for _ in range(per_day)]


def _data_frame(columns, index_name, what, instead):
    """A pandas DataFrame of {name: numpy array} (insertion order), indexed
    by the column @p index_name as a DatetimeIndex (nanoseconds, as
    pandas.read_csv(..., parse_dates=...) makes it)."""
    pd = _optional('pandas', what, instead)
    columns = dict(columns)
    index = pd.DatetimeIndex(columns.pop(index_name).astype('datetime64[ns]'),
                             name=index_name)
    return pd.DataFrame(columns, index=index)


class _Aliased(dict):
    """A dict keyed by current names that also answers to earlier names
    (aliases): d['required'] is d['required_agents']. Iteration, keys() and
    len() see the current names only."""

    def __init__(self, items, aliases):
        super().__init__(items)
        self.aliases = aliases

    def __missing__(self, key):
        real = self.aliases.get(key) if isinstance(key, str) else None
        if real is None or not super().__contains__(real):
            raise KeyError(key)
        return self[real]

    def __contains__(self, key):
        if super().__contains__(key):
            return True
        real = self.aliases.get(key) if isinstance(key, str) else None
        return real is not None and super().__contains__(real)

    def get(self, key, default=None):
        return self[key] if key in self else default


# ---------------------------------------------------------------- Erlang C

def traffic_erlangs(contacts, interval_s, aht_s):
    """Offered traffic in Erlangs: contacts x aht_s / interval_s, rounded once.

    contacts: contacts arriving in the interval (>= 0); interval_s: the
    interval's length in seconds (> 0); aht_s: average handle time in
    seconds (> 0). Example: 42 contacts, 900 s, 270 s -> 12.6 Erlangs.
    """
    out = c_double()
    _check(_lib().wfm_traffic_erlangs(_f64(contacts, 'contacts'),
                                      _f64(interval_s, 'interval_s'),
                                      _f64(aht_s, 'aht_s'), byref(out)),
           'wfm_traffic_erlangs',
           dict(contacts=contacts, interval_s=interval_s, aht_s=aht_s))
    return out.value


def erlang_b(traffic, agents):
    """Erlang B blocking probability B(A, n) of a loss system, a fraction.

    traffic: offered load A in Erlangs (>= 0); agents: n (>= 0).
    """
    out = c_double()
    _check(_lib().wfm_erlang_b(_f64(traffic, 'traffic'), _i32(agents, 'agents'),
                               byref(out)),
           'wfm_erlang_b', dict(traffic=traffic, agents=agents))
    return out.value


def erlang_c(traffic, agents):
    """Erlang C probability of waiting C(A, n), a fraction (1 when n <= A > 0).

    traffic: offered load A in Erlangs (>= 0); agents: n (>= 0).
    """
    out = c_double()
    _check(_lib().wfm_erlang_c(_f64(traffic, 'traffic'), _i32(agents, 'agents'),
                               byref(out)),
           'wfm_erlang_c', dict(traffic=traffic, agents=agents))
    return out.value


def service_level(traffic, agents, aht_s, answer_s):
    """Fraction of contacts answered within answer_s seconds (Erlang C):
    1 - C(A, n) exp(-(n - A) answer_s / aht_s); 0 when n <= A.

    traffic in Erlangs, agents n, aht_s and answer_s in seconds.
    """
    out = c_double()
    _check(_lib().wfm_service_level(_f64(traffic, 'traffic'), _i32(agents, 'agents'),
                                    _f64(aht_s, 'aht_s'), _f64(answer_s, 'answer_s'),
                                    byref(out)),
           'wfm_service_level',
           dict(traffic=traffic, agents=agents, aht_s=aht_s, answer_s=answer_s))
    return out.value


def average_speed_of_answer(traffic, agents, aht_s):
    """ASA in seconds, the mean wait over all contacts: C(A, n) aht_s / (n - A);
    +inf when n <= A.

    traffic in Erlangs, agents n, aht_s in seconds.
    """
    out = c_double()
    _check(_lib().wfm_average_speed_of_answer(_f64(traffic, 'traffic'),
                                              _i32(agents, 'agents'),
                                              _f64(aht_s, 'aht_s'), byref(out)),
           'wfm_average_speed_of_answer',
           dict(traffic=traffic, agents=agents, aht_s=aht_s))
    return out.value


def occupancy(traffic, agents):
    """Agent occupancy A / n, a fraction (1 when n <= A > 0, 0 when A = 0)."""
    out = c_double()
    _check(_lib().wfm_occupancy(_f64(traffic, 'traffic'), _i32(agents, 'agents'),
                                byref(out)),
           'wfm_occupancy', dict(traffic=traffic, agents=agents))
    return out.value


def required_agents(traffic, aht_s, target_sl=0.0, answer_s=0.0, max_asa_s=0.0,
                    max_occupancy=0.0):
    """Fewest agents n > A meeting every target set (0 = not set), exactly.

    traffic: Erlangs; aht_s: seconds; target_sl: fraction in [0, 1) of
    contacts answered within answer_s seconds; max_asa_s: ASA cap in
    seconds; max_occupancy: occupancy cap, a fraction. Equality meets a
    target. Returns an int (0 when traffic is 0).
    """
    out = c_int32()
    _check(_lib().wfm_required_agents(_f64(traffic, 'traffic'), _f64(aht_s, 'aht_s'),
                                      _f64(target_sl, 'target_sl'),
                                      _f64(answer_s, 'answer_s'),
                                      _f64(max_asa_s, 'max_asa_s'),
                                      _f64(max_occupancy, 'max_occupancy'),
                                      byref(out)),
           'wfm_required_agents',
           dict(traffic=traffic, aht_s=aht_s, target_sl=target_sl, answer_s=answer_s,
                max_asa_s=max_asa_s, max_occupancy=max_occupancy))
    return out.value


BatchResult = collections.namedtuple(
    'BatchResult', 'agents service_level asa_s occupancy')
BatchResult.__doc__ = ('required_agents_batch() result: lists of agents, SL '
                       '(fraction), ASA (seconds) and occupancy (fraction).')


def required_agents_batch(traffic, aht_s, target_sl=0.0, answer_s=0.0,
                          max_asa_s=0.0, max_occupancy=0.0):
    """required_agents() for many intervals in one call (shared targets).

    traffic: a sequence (or numpy array) of Erlangs per interval; aht_s:
    seconds, a sequence of the same length or one number for all. Returns
    a BatchResult of lists: agents, service_level, asa_s, occupancy (what
    each interval achieves at its staffing). On failure the error's detail
    names the first failing interval.
    """
    a, n = _doubles(traffic, 'traffic')
    h = _doubles_like(aht_s, 'aht_s', n)
    agents, sl, asa, occ = (c_int32 * n)(), (c_double * n)(), (c_double * n)(), (c_double * n)()
    failed = c_size_t(n)
    st = _lib().wfm_required_agents_batch(n, a, h, _f64(target_sl, 'target_sl'),
                                          _f64(answer_s, 'answer_s'),
                                          _f64(max_asa_s, 'max_asa_s'),
                                          _f64(max_occupancy, 'max_occupancy'),
                                          agents, sl, asa, occ, byref(failed))
    if st != OK:
        i = failed.value
        where = f'interval {i}' if i < n else 'the targets'
        _raise(st, 'wfm_required_agents_batch', f'{where} failed')
    return BatchResult(list(agents), list(sl), list(asa), list(occ))


def scheduled_agents(agents, shrinkage):
    """Agents to schedule so that `agents` remain after `shrinkage` (a
    fraction in [0, 1)): the smallest m with m (1 - shrinkage) >= agents.
    14 agents at 0.3 shrinkage -> 20."""
    out = c_int32()
    _check(_lib().wfm_scheduled_agents(_i32(agents, 'agents'),
                                       _f64(shrinkage, 'shrinkage'), byref(out)),
           'wfm_scheduled_agents', dict(agents=agents, shrinkage=shrinkage))
    return out.value


# ------------------------------------------------------ Erlang A, channels

#: Erlang A measures by name (wfm_erlang_a_metric): probabilities and SLs
#: are fractions, ASAs seconds.
ERLANG_A_METRICS = {
    'p_wait': 0, 'p_abandon': 1, 'sl_answered_of_all': 2, 'sl_virtual': 3,
    'sl_answered_only': 4, 'asa_answered': 5, 'asa_all': 6, 'asa_virtual': 7,
    'occupancy': 8,
}


def _enum(value, table, what):
    if isinstance(value, str):
        try:
            return table[value]
        except KeyError:
            raise InvalidArgument(f'unknown {what} {value!r}; known: '
                                  + ', '.join(table), status=EINVAL,
                                  detail=f'{what}={value!r}') from None
    return _i32(value, what)


def erlang_a_metrics(traffic, agents, aht_s, patience_s, answer_s, metrics=None):
    """Erlang A (M/M/n+M) measures of a voice queue whose callers abandon.

    traffic: offered load in Erlangs; agents: >= 1; aht_s: mean handle time,
    seconds; patience_s: callers' mean patience, seconds (> 0); answer_s:
    SL answer time, seconds. metrics: names (or numbers) from
    ERLANG_A_METRICS, default all. Returns {name: value}: fractions for
    probabilities, SLs and occupancy, seconds for ASAs.
    """
    names = list(ERLANG_A_METRICS) if metrics is None else list(metrics)
    codes = [_enum(m, ERLANG_A_METRICS, 'metric') for m in names]
    arr, n = (c_int32 * len(codes))(*codes), len(codes)
    out = (c_double * n)()
    _check(_lib().wfm_erlang_a_metrics(_f64(traffic, 'traffic'), _i32(agents, 'agents'),
                                       _f64(aht_s, 'aht_s'), _f64(patience_s, 'patience_s'),
                                       _f64(answer_s, 'answer_s'), arr, n, out),
           'wfm_erlang_a_metrics',
           dict(traffic=traffic, agents=agents, aht_s=aht_s, patience_s=patience_s,
                answer_s=answer_s, metrics=names))
    return dict(zip(names, list(out)))


def erlang_a_required_agents(traffic, aht_s, patience_s, target_sl=0.0,
                             answer_s=0.0, sl_definition='sl_answered_of_all',
                             max_abandon=0.0, max_asa_s=0.0, max_occupancy=0.0):
    """Fewest agents meeting every target set (0 = not set) under Erlang A.

    traffic: Erlangs; aht_s, patience_s, answer_s, max_asa_s: seconds;
    target_sl, max_abandon, max_occupancy: fractions. sl_definition:
    'sl_answered_of_all' (default), 'sl_virtual' or 'sl_answered_only'.
    ASA is the answered contacts' mean wait.
    """
    out = c_int32()
    _check(_lib().wfm_erlang_a_required_agents(
        _f64(traffic, 'traffic'), _f64(aht_s, 'aht_s'), _f64(patience_s, 'patience_s'),
        _f64(target_sl, 'target_sl'), _f64(answer_s, 'answer_s'),
        _enum(sl_definition, ERLANG_A_METRICS, 'sl_definition'),
        _f64(max_abandon, 'max_abandon'), _f64(max_asa_s, 'max_asa_s'),
        _f64(max_occupancy, 'max_occupancy'), byref(out)),
        'wfm_erlang_a_required_agents',
        dict(traffic=traffic, aht_s=aht_s, patience_s=patience_s, target_sl=target_sl,
             answer_s=answer_s, sl_definition=sl_definition, max_abandon=max_abandon,
             max_asa_s=max_asa_s, max_occupancy=max_occupancy))
    return out.value


ChatService = collections.namedtuple('ChatService', 'service_level asa_s occupancy')
ChatService.__doc__ = 'chat_service() result: SL (fraction), ASA (s), occupancy.'


def _chat_aht(aht_by_sessions_s):
    arr, n = _doubles(aht_by_sessions_s, 'aht_by_sessions_s')
    if n < 1:
        raise InvalidArgument('aht_by_sessions_s is empty', status=EINVAL,
                              detail='len(aht_by_sessions_s)=0')
    return arr, n


def chat_service(contacts, interval_s, aht_by_sessions_s, agents, answer_s):
    """Service of a chat queue where an agent holds up to
    len(aht_by_sessions_s) chats at once.

    contacts: chats offered in the interval; interval_s: its length,
    seconds; aht_by_sessions_s: mean handle time per chat at 1, 2, ...
    concurrent chats, seconds; agents; answer_s: SL answer time, seconds.
    Returns ChatService(service_level fraction, asa_s seconds, occupancy
    fraction).
    """
    aht, n = _chat_aht(aht_by_sessions_s)
    sl, asa, occ = c_double(), c_double(), c_double()
    _check(_lib().wfm_chat_service(_f64(contacts, 'contacts'), _f64(interval_s, 'interval_s'),
                                   aht, _i32(n, 'max_sessions'), _i32(agents, 'agents'),
                                   _f64(answer_s, 'answer_s'), byref(sl), byref(asa),
                                   byref(occ)),
           'wfm_chat_service',
           dict(contacts=contacts, interval_s=interval_s, max_sessions=n, agents=agents,
                answer_s=answer_s))
    return ChatService(sl.value, asa.value, occ.value)


def chat_required_agents(contacts, interval_s, aht_by_sessions_s, target_sl=0.0,
                         answer_s=0.0, max_asa_s=0.0, max_occupancy=0.0):
    """Fewest chat agents meeting every target set (0 = not set), under the
    model of chat_service(). Times in seconds, targets as fractions."""
    aht, n = _chat_aht(aht_by_sessions_s)
    out = c_int32()
    _check(_lib().wfm_chat_required_agents(
        _f64(contacts, 'contacts'), _f64(interval_s, 'interval_s'), aht,
        _i32(n, 'max_sessions'), _f64(target_sl, 'target_sl'), _f64(answer_s, 'answer_s'),
        _f64(max_asa_s, 'max_asa_s'), _f64(max_occupancy, 'max_occupancy'), byref(out)),
        'wfm_chat_required_agents',
        dict(contacts=contacts, interval_s=interval_s, max_sessions=n, target_sl=target_sl,
             answer_s=answer_s, max_asa_s=max_asa_s, max_occupancy=max_occupancy))
    return out.value


DeferredResult = collections.namedtuple('DeferredResult', 'agents backlog')
DeferredResult.__doc__ = ('deferred_required_agents() result: agents per '
                          'interval and contacts waiting at each interval end.')


def deferred_required_agents(interval_s, contacts, aht_s, deadline_s,
                             max_occupancy=1.0):
    """Agents per interval for email / back-office work due within
    deadline_s seconds, with the backlog carried over (FIFO, level staffing).

    interval_s: interval length, seconds; contacts: arrivals per interval
    (sequence); aht_s: seconds, a sequence or one number for all;
    deadline_s: seconds, >= interval_s; max_occupancy: productive fraction
    of an agent's interval, (0, 1]. Returns DeferredResult(agents list,
    backlog list in contacts).
    """
    c, n = _doubles(contacts, 'contacts')
    h = _doubles_like(aht_s, 'aht_s', n)
    agents, backlog = (c_int32 * n)(), (c_double * n)()
    _check(_lib().wfm_deferred_required_agents(n, _f64(interval_s, 'interval_s'), c, h,
                                               _f64(deadline_s, 'deadline_s'),
                                               _f64(max_occupancy, 'max_occupancy'),
                                               agents, backlog),
           'wfm_deferred_required_agents',
           dict(intervals=n, interval_s=interval_s, deadline_s=deadline_s,
                max_occupancy=max_occupancy))
    return DeferredResult(list(agents), list(backlog))


# ---------------------------------------------------------------- accuracy

def _pair(forecast, actual):
    f, n = _doubles(forecast, 'forecast')
    a, m = _doubles(actual, 'actual')
    _same_length('actual', m, n)
    return f, a, n


def accuracy_wape(forecast, actual):
    """WAPE = sum|F - A| / sum A, a fraction (NaN actuals are skipped)."""
    f, a, n = _pair(forecast, actual)
    out = c_double()
    _check(_lib().wfm_accuracy_wape(f, a, n, byref(out)), 'wfm_accuracy_wape',
           dict(count=n))
    return out.value


def accuracy_bias(forecast, actual):
    """Bias = sum(F - A) / sum A, a signed fraction (positive = too high)."""
    f, a, n = _pair(forecast, actual)
    out = c_double()
    _check(_lib().wfm_accuracy_bias(f, a, n, byref(out)), 'wfm_accuracy_bias',
           dict(count=n))
    return out.value


def accuracy_mase(forecast, actual, history, season):
    """MASE: mean|F - A| / mean|y(t) - y(t - season)| over `history`
    (season in points: 7 for daily data)."""
    f, a, n = _pair(forecast, actual)
    h, k = _doubles(history, 'history')
    s = operator.index(season)
    if s < 0:
        raise InvalidArgument(f'season={s} is negative', status=EINVAL, detail=f'season={s}')
    out = c_double()
    _check(_lib().wfm_accuracy_mase(f, a, n, h, k, s, byref(out)), 'wfm_accuracy_mase',
           dict(count=n, history_count=k, season=s))
    return out.value


def accuracy_coverage(lower, upper, actual):
    """Fraction of scored actuals with lower <= A <= upper."""
    lo, n = _doubles(lower, 'lower')
    hi, m = _doubles(upper, 'upper')
    _same_length('upper', m, n)
    a, k = _doubles(actual, 'actual')
    _same_length('actual', k, n)
    out = c_double()
    _check(_lib().wfm_accuracy_coverage(lo, hi, a, n, byref(out)),
           'wfm_accuracy_coverage', dict(count=n))
    return out.value


# ------------------------------------------------------------------- dates

def day_number(value):
    """A day number (days since 1970-01-01) from a datetime.date (or
    datetime), 'YYYY-MM-DD' text or an int day number."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.toordinal() - _EPOCH
    if isinstance(value, (str, bytes)):
        return date_parse(value)
    return _i32(value, 'date')


def to_date(day):
    """The datetime.date of a day number."""
    return datetime.date.fromordinal(_i32(day, 'day') + _EPOCH)


def date_from_ymd(year, month, day):
    """The day number of a Gregorian date (InvalidArgument if none)."""
    out = c_int32()
    _check(_lib().wfm_date_from_ymd(_i32(year, 'year'), _i32(month, 'month'),
                                    _i32(day, 'day'), byref(out)),
           'wfm_date_from_ymd', dict(year=year, month=month, day=day))
    return out.value


def date_to_ymd(date):
    """(year, month, day) of a date."""
    y, m, d = c_int32(), c_int32(), c_int32()
    n = day_number(date)
    _check(_lib().wfm_date_to_ymd(n, byref(y), byref(m), byref(d)), 'wfm_date_to_ymd',
           dict(date=n))
    return y.value, m.value, d.value


def date_parse(text):
    """The day number of an ISO 'YYYY-MM-DD' date (exactly that form)."""
    out = c_int32()
    _check(_lib().wfm_date_parse(_bytes(text, 'text'), byref(out)), 'wfm_date_parse',
           dict(text=text))
    return out.value


def date_format(date):
    """'YYYY-MM-DD' of a date."""
    buf = ctypes.create_string_buffer(11)
    n = day_number(date)
    _check(_lib().wfm_date_format(n, buf, len(buf)), 'wfm_date_format', dict(date=n))
    return buf.value.decode('ascii')


def date_weekday(date):
    """ISO weekday of a date: 1 = Monday ... 7 = Sunday."""
    out = c_int32()
    n = day_number(date)
    _check(_lib().wfm_date_weekday(n, byref(out)), 'wfm_date_weekday', dict(date=n))
    return out.value


def date_iso_week(date):
    """(ISO year, ISO week 1..53) of a date."""
    y, w = c_int32(), c_int32()
    n = day_number(date)
    _check(_lib().wfm_date_iso_week(n, byref(y), byref(w)), 'wfm_date_iso_week',
           dict(date=n))
    return y.value, w.value


# ------------------------------------------------------------------ objects

def _text(ptr):
    return ptr.decode('utf-8', 'replace') if ptr else ''


class _Handle:
    """A C object owned by a Python object: freed when collected, at
    close() or at the end of a `with` block."""

    _kind = ''  # 'calendar', 'history', ...: the C names are wfm_<kind>_*

    def __init__(self):
        lib = _lib()
        ptr = c_void_p()
        new = f'wfm_{self._kind}_new'
        st = getattr(lib, new)(byref(ptr))
        if st != OK:
            _raise(st, new)
        self._adopt(ptr, lib)

    def _adopt(self, ptr, lib):
        self._lib = lib
        self._ptr = ptr
        self._finalizer = weakref.finalize(self, getattr(lib, f'wfm_{self._kind}_free'), ptr)

    @property
    def _p(self):
        ptr = getattr(self, '_ptr', None)
        if ptr is None:
            raise Misuse(f'{type(self).__name__} is closed', status=EMISUSE,
                         status_text='object used wrongly')
        return ptr

    def close(self):
        """Free the C object now (idempotent); the object is unusable after."""
        fin = getattr(self, '_finalizer', None)
        if fin is not None:
            fin()
        self._ptr = None

    @property
    def closed(self):
        """True after close()."""
        return getattr(self, '_ptr', None) is None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def last_error(self):
        """The library's message for the last failed call on this object
        ('' after a success)."""
        return _text(getattr(self._lib, f'wfm_{self._kind}_errmsg')(self._p))

    def _check(self, status, function):
        if status != OK:
            _raise(status, function, self.last_error)


Span = collections.namedtuple('Span', 'first_date days interval_minutes')
Span.__doc__ = ('A grid: first date (datetime.date), number of days, minutes '
                'per interval (1440 = daily).')


def _span(fn, ptr, check, name):
    first, days, minutes = c_int32(), c_int32(), c_int32()
    check(fn(ptr, byref(first), byref(days), byref(minutes)), name)
    return Span(to_date(first.value), days.value, minutes.value)


def _copy(call, check, name, arrays, as_list=True):
    """Run a size-query-then-copy C function: call(*ptrs, capacity,
    byref(count)) with `arrays` ctypes element types (None = not wanted).
    Returns lists, or the ctypes arrays themselves (as_list=False)."""
    count = c_size_t()
    st = call(*([None] * len(arrays)), 0, byref(count))
    if st not in (OK, ERANGE):
        check(st, name)
    n = count.value
    bufs = [(t * n)() if t is not None else None for t in arrays]
    check(call(*bufs, n, byref(count)), name)
    if not as_list:
        return bufs
    return [list(b) if b is not None else None for b in bufs]


def calendar_presets():
    """The names of the built-in calendar presets ('us-retail', ...)."""
    lib, out, i = _lib(), [], 0
    while True:
        name = lib.wfm_calendar_preset_name(i)
        if not name:
            return out
        out.append(name.decode())
        i += 1


CalendarRow = collections.namedtuple('CalendarRow', 'date event offset closed')
CalendarRow.__doc__ = ('One expansion row: date (datetime.date), event name, '
                       'offset in days from the event (0 on its days), closed (bool).')
Occurrence = collections.namedtuple('Occurrence', 'event first last lead lag closed')
Occurrence.__doc__ = ("One occurrence: event name, first and last day (dates), "
                      "window days before (lead) and after (lag), closed (bool).")


class Calendar(_Handle):
    """Named events (holidays, peaks, seasons, one-offs) with windows and
    closed days; see wfm/calendar.h for the file format.

    Calendar(presets=(), text=None, prophet_csv=None): an empty calendar,
    then each preset, the calendar-format text and the Prophet holiday CSV
    added in that order. Pickles as its calendar-format text.
    """

    _kind = 'calendar'

    def __init__(self, presets=(), text=None, prophet_csv=None):
        super().__init__()
        for name in ([presets] if isinstance(presets, str) else presets):
            self.add_preset(name)
        if text is not None:
            self.add_text(text)
        if prophet_csv is not None:
            self.add_prophet_csv(prophet_csv)

    @classmethod
    def from_file(cls, path):
        """A calendar from a calendar-format file."""
        cal = cls()
        cal.add_file(path)
        return cal

    @classmethod
    def from_prophet_file(cls, path):
        """A calendar from a Prophet holiday CSV file (holiday, ds,
        lower_window, upper_window)."""
        cal = cls()
        cal.add_prophet_file(path)
        return cal

    def add_preset(self, name):
        """Add every event of a built-in preset (see calendar_presets())."""
        self._check(self._lib.wfm_calendar_add_preset(self._p, _bytes(name, 'name')),
                    'wfm_calendar_add_preset')
        return self

    def add_text(self, text, source=None):
        """Add the events of calendar-format text (all or nothing)."""
        b = _bytes(text, 'text')
        self._check(self._lib.wfm_calendar_add_text(
            self._p, b, len(b), None if source is None else _bytes(source, 'source')),
            'wfm_calendar_add_text')
        return self

    def add_file(self, path):
        """Add the events of a calendar-format file."""
        self._check(self._lib.wfm_calendar_add_file(self._p, _path(path)),
                    'wfm_calendar_add_file')
        return self

    def add_prophet_csv(self, text, source=None):
        """Add events from Prophet holiday CSV text."""
        b = _bytes(text, 'text')
        self._check(self._lib.wfm_calendar_add_prophet_csv(
            self._p, b, len(b), None if source is None else _bytes(source, 'source')),
            'wfm_calendar_add_prophet_csv')
        return self

    def add_prophet_file(self, path):
        """Add events from a Prophet holiday CSV file."""
        self._check(self._lib.wfm_calendar_add_prophet_file(self._p, _path(path)),
                    'wfm_calendar_add_prophet_file')
        return self

    def write(self):
        """The calendar in the file format (version 1), as str."""
        length = c_size_t()
        st = self._lib.wfm_calendar_write(self._p, None, 0, byref(length))
        if st not in (OK, ERANGE):
            self._check(st, 'wfm_calendar_write')
        buf = ctypes.create_string_buffer(length.value + 1)
        self._check(self._lib.wfm_calendar_write(self._p, buf, len(buf), byref(length)),
                    'wfm_calendar_write')
        return buf.raw[:length.value].decode('utf-8')

    def __len__(self):
        return int(self._lib.wfm_calendar_event_count(self._p))

    def event_names(self):
        """The events' names, in the order they were added."""
        return [_text(self._lib.wfm_calendar_event_name(self._p, i))
                for i in range(len(self))]

    def expand(self, first, last):
        """The expansion over first ... last (inclusive): a CalendarDays."""
        a, b = day_number(first), day_number(last)
        days = c_void_p()
        self._check(self._lib.wfm_calendar_expand(self._p, a, b, byref(days)),
                    'wfm_calendar_expand')
        return CalendarDays._wrap(days, self._lib)

    def __reduce__(self):
        return (_calendar_from_text, (self.write(),))

    def __repr__(self):
        return f'<wfm.Calendar {len(self) if not self.closed else "closed"} events>'


def _calendar_from_text(text):
    return Calendar(text=text)


class CalendarDays(_Handle):
    """An immutable expansion of a calendar over a range of dates (from
    Calendar.expand()): rows (date, event, offset, closed) and occurrences."""

    _kind = 'calendar_days'

    def __init__(self):
        raise TypeError('CalendarDays come from Calendar.expand()')

    @classmethod
    def _wrap(cls, ptr, lib):
        obj = cls.__new__(cls)
        obj._adopt(ptr, lib)
        return obj

    @property
    def last_error(self):  # an expansion has no message of its own
        return ''

    def __len__(self):
        return int(self._lib.wfm_calendar_days_count(self._p))

    def event_names(self):
        """All the calendar's events at expansion time, by index."""
        n = int(self._lib.wfm_calendar_days_event_count(self._p))
        return [_text(self._lib.wfm_calendar_days_event_name(self._p, i)) for i in range(n)]

    def row(self, index):
        """One row as a CalendarRow."""
        d, e, o, c = c_int32(), c_int32(), c_int32(), c_int32()
        self._check(self._lib.wfm_calendar_days_row(self._p, operator.index(index),
                                                    byref(d), byref(e), byref(o), byref(c)),
                    'wfm_calendar_days_row')
        return CalendarRow(to_date(d.value), _text(self._lib.wfm_calendar_days_event_name(
            self._p, e.value)), o.value, bool(c.value))

    def rows(self):
        """Every row, sorted by date then event name: a list of CalendarRow."""
        dates, events, offsets, closed = _copy(
            lambda *a: self._lib.wfm_calendar_days_copy(self._p, *a), self._check,
            'wfm_calendar_days_copy', [c_int32] * 4)
        names = self.event_names()
        return [CalendarRow(to_date(d), names[e], o, bool(c))
                for d, e, o, c in zip(dates, events, offsets, closed)]

    def occurrences(self):
        """Every occurrence touching the range: a list of Occurrence."""
        names = self.event_names()
        out = []
        for i in range(int(self._lib.wfm_calendar_days_occurrence_count(self._p))):
            v = [c_int32() for _ in range(6)]
            self._check(self._lib.wfm_calendar_days_occurrence(self._p, i, *map(byref, v)),
                        'wfm_calendar_days_occurrence')
            e, first, last, lead, lag, closed = (x.value for x in v)
            out.append(Occurrence(names[e], to_date(first), to_date(last), lead, lag,
                                  bool(closed)))
        return out


class History(_Handle):
    """One queue's contact volume on a grid of days x intervals (5 ... 60
    minutes dividing the day) or one value per day (interval 1440).

    Cells are contacts (>= 0) or NaN (not observed); handle time, seconds
    per contact, is optional. Build with History.from_series(),
    History.from_csv() or History.from_file(). Pickles as its series.
    """

    _kind = 'history'

    @classmethod
    def from_series(cls, first_date, interval_minutes, volume, aht_s=None):
        """A history from arrays, day-major (all intervals of the first day,
        then the next day's). volume: contacts per cell (NaN = not observed,
        0 for closed intervals); a numpy array of shape (days, intervals)
        works too. aht_s: seconds per contact per cell, or None."""
        h = cls()
        h.set_series(first_date, interval_minutes, volume, aht_s)
        return h

    @classmethod
    def from_csv(cls, text, source=None):
        """A history from CSV text: `date` or `datetime` first, then `volume`
        (and optionally `aht`, seconds)."""
        h = cls()
        h.read_csv(text, source)
        return h

    @classmethod
    def from_file(cls, path):
        """A history from a CSV file (format as from_csv())."""
        h = cls()
        h.read_file(path)
        return h

    def set_series(self, first_date, interval_minutes, volume, aht_s=None):
        """Replace the content with arrays (see from_series())."""
        v, n = _doubles(volume, 'volume')
        h, m = _doubles(aht_s, 'aht_s')
        if aht_s is not None:
            _same_length('aht_s', m, n)
        self._check(self._lib.wfm_history_set_series(
            self._p, day_number(first_date), _i32(interval_minutes, 'interval_minutes'),
            v, h, n), 'wfm_history_set_series')
        return self

    def read_csv(self, text, source=None):
        """Replace the content with CSV text."""
        b = _bytes(text, 'text')
        self._check(self._lib.wfm_history_read_csv(
            self._p, b, len(b), None if source is None else _bytes(source, 'source')),
            'wfm_history_read_csv')
        return self

    def read_file(self, path):
        """Replace the content with a CSV file's."""
        self._check(self._lib.wfm_history_read_file(self._p, _path(path)),
                    'wfm_history_read_file')
        return self

    @property
    def span(self):
        """Span(first_date, days, interval_minutes)."""
        return _span(self._lib.wfm_history_span, self._p, self._check, 'wfm_history_span')

    def copy(self):
        """(volume, aht_s): lists of the cells, day-major; NaN = not
        observed (aht_s all NaN when the history has none)."""
        v, h = _copy(lambda *a: self._lib.wfm_history_copy(self._p, *a), self._check,
                     'wfm_history_copy', [c_double, c_double])
        return v, h

    @property
    def volume(self):
        """The volume cells, contacts (NaN = not observed)."""
        return self.copy()[0]

    def __reduce__(self):
        span = self.span
        v, h = self.copy()
        if all(math.isnan(x) for x in h):
            h = None
        return (History.from_series, (day_number(span.first_date),
                                      span.interval_minutes, v, h))

    def __repr__(self):
        if self.closed:
            return '<wfm.History closed>'
        s = self.span
        return f'<wfm.History {s.days} days from {s.first_date} every {s.interval_minutes} min>'


BacktestScore = collections.namedtuple('BacktestScore', 'origin wape mase bias coverage')
BacktestScore.__doc__ = ('One backtest origin: the first forecast day (date), '
                         'WAPE, MASE, bias and interval coverage (fractions; '
                         'NaN when undefined).')

#: wfm_forecast_method by name.
FORECAST_METHODS = {'auto': 0, 'regression': 1, 'recent-weeks': 2}
# wfm_forecast_option: name -> (key, is_int)
_FORECAST_OPTIONS = {'method': (0, True), 'lower_quantile': (1, False),
                     'upper_quantile': (2, False), 'training_days': (3, True),
                     'backtest_origins': (4, True)}


#: Forecast columns by name, as in `wfm forecast`'s CSV: 'date' (daily) or
#: 'datetime' (intraday), forecast, lower, upper and aht (seconds; only
#: when the history has handle time).
FORECAST_COLUMNS = ('date', 'datetime', 'forecast', 'lower', 'upper', 'aht')
#: Earlier names still accepted by Forecast.column().
FORECAST_COLUMN_ALIASES = {'point': 'forecast', 'aht_s': 'aht'}

# A Forecast.copy()'s snapshot of the result it was copied with.
_ForecastResult = collections.namedtuple('_ForecastResult',
                                         'span method point lower upper aht level_step')

#: A level that stepped for good (Forecast.level_step): the history before
#: `date` was scaled by `factor` (the level after the step over the level
#: before: 0.75 = a quarter lower).
LevelStep = collections.namedtuple('LevelStep', 'date factor')


class Forecast(_Handle):
    """A forecaster: settings, what-ifs and the result of its last run.

    Forecast(**settings) with settings among method ('auto',
    'regression', 'recent-weeks'), lower_quantile and upper_quantile
    (fractions, default 0.1 and 0.9), training_days (0 = all history),
    backtest_origins (2 ... 52). Then run(history, start, days, calendar)
    and read point / lower / upper (contacts per day or per interval,
    day-major) and aht_s (seconds), values() (the three at once), column()
    and columns() (named as `wfm forecast`'s CSV, with the date or
    datetime of each value) or to_pandas() (with pandas installed).

    copy() makes an independent Forecast with the same settings, what-ifs
    and a snapshot of the last result. (It used to return the (point,
    lower, upper) lists: that is values() now.)
    """

    _kind = 'forecast'

    def __init__(self, **settings):
        self._whatifs = []      # (method name, args) of each what-if, in order
        self._snapshot = None   # a copy()'s result until its own next run
        super().__init__()
        for k, v in settings.items():
            self.set(k, v)

    def set(self, option, value):
        """Set a setting by name (see the class doc)."""
        key, is_int = _option(_FORECAST_OPTIONS, option)
        if option == 'method':
            value = _enum(value, FORECAST_METHODS, 'method')
        if is_int:
            self._check(self._lib.wfm_forecast_set_int(self._p, key, _i32(value, option)),
                        'wfm_forecast_set_int')
        else:
            self._check(self._lib.wfm_forecast_set_double(self._p, key, _f64(value, option)),
                        'wfm_forecast_set_double')
        return self

    def get(self, option):
        """A setting's value by name ('method' gives the method's name)."""
        key, is_int = _option(_FORECAST_OPTIONS, option)
        if is_int:
            out = c_int32()
            self._check(self._lib.wfm_forecast_get_int(self._p, key, byref(out)),
                        'wfm_forecast_get_int')
            return _method_name(out.value) if option == 'method' else out.value
        out = c_double()
        self._check(self._lib.wfm_forecast_get_double(self._p, key, byref(out)),
                    'wfm_forecast_get_double')
        return out.value

    def add_uplift(self, event, first_offset, last_offset, uplift):
        """What-if: on days first_offset ... last_offset from each occurrence
        of `event`, multiply the forecast (which already holds the event's
        learned effect) by 1 + uplift (0.2 = 20 % more than the model
        expects; 2.5 = 3.5 times an ordinary day for an event with no
        history)."""
        args = (_bytes(event, 'event'), _i32(first_offset, 'first_offset'),
                _i32(last_offset, 'last_offset'), _f64(uplift, 'uplift'))
        self._check(self._lib.wfm_forecast_add_uplift(self._p, *args),
                    'wfm_forecast_add_uplift')
        self._whatifs.append(('add_uplift', args))
        return self

    def add_override(self, date, volume, interval=-1):
        """What-if: force a day's total (interval=-1) or one interval's
        volume, in contacts."""
        args = (day_number(date), _f64(volume, 'volume'), _i32(interval, 'interval'))
        self._check(self._lib.wfm_forecast_add_override(self._p, args[0], args[2], args[1]),
                    'wfm_forecast_add_override')
        self._whatifs.append(('add_override', args))
        return self

    def run(self, history, start, days, calendar=None):
        """Fit on the history before `start` and forecast `days` days
        (1 ... 3660). Returns self. On failure the previous result (or a
        copy()'s snapshot) is kept."""
        self._check(self._lib.wfm_forecast_run(
            self._p, history._p, None if calendar is None else calendar._p,
            day_number(start), _i32(days, 'days')), 'wfm_forecast_run')
        self._snapshot = None
        return self

    def copy(self):
        """An independent Forecast: the same settings and what-ifs (uplifts,
        overrides) and a snapshot of the last result (span, method_used,
        point, lower, upper, aht_s), which it reports (and a Plan plans)
        until its own next run() replaces it. Changing or running either
        object afterwards leaves the other alone. Also copy.copy() and
        copy.deepcopy(). (The (point, lower, upper) lists it used to
        return are values().)"""
        self._p  # Misuse when closed
        new = type(self).__new__(type(self))
        Forecast.__init__(new)
        try:
            for option in _FORECAST_OPTIONS:
                new.set(option, self.get(option))
            for method, args in self._whatifs:
                getattr(new, method)(*args)
            new._snapshot = self._result_snapshot()
        except BaseException:
            new.close()
            raise
        return new

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()

    def _result_snapshot(self):
        """The last result as a _ForecastResult, or None without one."""
        if self._snapshot is not None:
            return self._snapshot
        try:
            span = self.span
        except NotFound:
            return None
        point, lower, upper = self.values()
        aht = self.aht_s
        return _ForecastResult(span, self.method_used, tuple(point), tuple(lower),
                               tuple(upper), None if aht is None else tuple(aht),
                               self.level_step)

    @property
    def span(self):
        """Span(first_date, days, interval_minutes) of the last result."""
        if self._snapshot is not None:
            self._p  # Misuse when closed
            return self._snapshot.span
        return _span(self._lib.wfm_forecast_span, self._p, self._check, 'wfm_forecast_span')

    @property
    def method_used(self):
        """The method that made the last result ('regression' or
        'recent-weeks')."""
        if self._snapshot is not None:
            self._p  # Misuse when closed
            return self._snapshot.method
        out = c_int32()
        self._check(self._lib.wfm_forecast_method_used(self._p, byref(out)),
                    'wfm_forecast_method_used')
        return _method_name(out.value)

    @property
    def level_step(self):
        """The change of level the last run followed, LevelStep(date, factor):
        the volume stepped for good on `date` (a lockdown that stayed, a
        client lost) and the history before it was scaled by `factor` before
        any method saw it. None when the last run found no such step."""
        if self._snapshot is not None:
            self._p  # Misuse when closed
            return self._snapshot.level_step
        date, factor = c_int32(), c_double()
        self._check(self._lib.wfm_forecast_level_step(self._p, byref(date), byref(factor)),
                    'wfm_forecast_level_step')
        return None if factor.value == 1.0 else LevelStep(to_date(date.value), factor.value)

    def values(self):
        """(point, lower, upper): lists of contacts, one per day or interval
        (what copy() used to return)."""
        if self._snapshot is not None:
            self._p  # Misuse when closed
            s = self._snapshot
            return list(s.point), list(s.lower), list(s.upper)
        return tuple(_copy(lambda *a: self._lib.wfm_forecast_copy(self._p, *a),
                           self._check, 'wfm_forecast_copy', [c_double] * 3))

    @property
    def point(self):
        """The point forecast, contacts per day or interval."""
        if self._snapshot is not None:
            return self.values()[0]
        return _copy(lambda p, lo, hi, n, c: self._lib.wfm_forecast_copy(
            self._p, p, None, None, n, c), self._check, 'wfm_forecast_copy',
            [c_double, None, None])[0]

    @property
    def lower(self):
        """The lower bound (lower quantile), contacts."""
        return self.values()[1]

    @property
    def upper(self):
        """The upper bound (upper quantile), contacts."""
        return self.values()[2]

    @property
    def aht_s(self):
        """The handle-time forecast, seconds per contact; None when the
        history has no handle time."""
        if self._snapshot is not None:
            self._p  # Misuse when closed
            aht = self._snapshot.aht
            return None if aht is None else list(aht)
        try:
            return _copy(lambda *a: self._lib.wfm_forecast_copy_aht(self._p, *a),
                         self._check, 'wfm_forecast_copy_aht', [c_double])[0]
        except NotFound:
            self.span  # raises NotFound when there is no run at all
            return None

    def column(self, name, *, numpy=False):
        """One column of the last result, one value per day or interval:
        'forecast', 'lower', 'upper' (contacts), 'aht' (seconds; NotFound
        when the history has no handle time), 'datetime' (datetime.datetime
        of each day's or interval's start) or 'date' (its datetime.date).
        'point' and 'aht_s' are accepted too. A list, or with numpy=True a
        numpy array (float64; datetime64[m] / datetime64[D] for datetime /
        date)."""
        key = FORECAST_COLUMN_ALIASES.get(name, name) if isinstance(name, str) else name
        what = 'Forecast.column(numpy=True)'
        if key == 'datetime':
            return _interval_starts(self.span, numpy, what)
        if key == 'date':
            return _interval_dates(self.span, numpy, what)
        if key == 'aht':
            values = self.aht_s
            if values is None:
                raise NotFound('the forecast has no handle time: its history has none',
                               status=ENOTFOUND, function='wfm_forecast_copy_aht')
        elif key in ('forecast', 'lower', 'upper'):
            values = self.values()[('forecast', 'lower', 'upper').index(key)]
        else:
            raise InvalidArgument(f'unknown column {name!r}; known: '
                                  + ', '.join(FORECAST_COLUMNS), status=EINVAL,
                                  detail=f'column={name!r}')
        return _as_column(values, False, numpy, what)

    def columns(self, names=None, *, numpy=False):
        """{name: column()} for the given names; default: the columns of
        `wfm forecast`'s CSV in its order: 'date' (daily) or 'datetime'
        (intraday), 'forecast', 'lower', 'upper', and 'aht' when the
        history has handle time."""
        if names is None:
            names = ['date' if self.span.interval_minutes == 1440 else 'datetime',
                     'forecast', 'lower', 'upper']
            if self.aht_s is not None:
                names.append('aht')
        return _Aliased(((n, self.column(n, numpy=numpy)) for n in names),
                        FORECAST_COLUMN_ALIASES)

    def to_pandas(self):
        """The last result as a pandas DataFrame with the columns of `wfm
        forecast`'s CSV (forecast, lower, upper and, when the history has
        handle time, aht) indexed by 'date' (daily) or 'datetime'
        (intraday), a DatetimeIndex of each day's or interval's start.
        reset_index() gives the CSV's layout. Needs pandas (ImportError
        saying so otherwise)."""
        instead = 'Forecast.columns() (lists)'
        _optional('pandas', 'Forecast.to_pandas()', instead)
        cols = self.columns(numpy=True)
        return _data_frame(cols, next(iter(cols)), 'Forecast.to_pandas()', instead)

    def backtest(self, history, origins, days, calendar=None):
        """Rolling-origin evaluation: a BacktestScore per origin (first
        forecast day) of a `days`-day forecast scored against the history.
        The last result (or a copy()'s snapshot) is not changed."""
        dates = [day_number(o) for o in origins]
        n = len(dates)
        arr = (c_int32 * n)(*dates)
        outs = [(c_double * n)() for _ in range(4)]
        self._check(self._lib.wfm_forecast_backtest(
            self._p, history._p, None if calendar is None else calendar._p, arr, n,
            _i32(days, 'days'), *outs), 'wfm_forecast_backtest')
        return [BacktestScore(to_date(d), *(o[i] for o in outs)) for i, d in enumerate(dates)]

    def __reduce__(self):
        raise TypeError('a wfm.Forecast cannot be pickled: build it on the worker '
                        '(histories and calendars pickle)')


def _option(table, name):
    try:
        return table[name]
    except KeyError:
        raise Unsupported(f'unknown setting {name!r}; known: ' + ', '.join(table),
                          status=EUNSUPPORTED, detail=f'option={name!r}') from None


def _method_name(code):
    name = _lib().wfm_forecast_method_name(code)
    return name.decode() if name else code


#: wfm_channel by name.
CHANNELS = {'voice': 0, 'chat': 1, 'email': 2}
#: wfm_plan_staff_to by name.
STAFF_TO = {'point': 0, 'upper': 1}
# wfm_plan_option: name -> (key, is_int)
_PLAN_OPTIONS = {
    'channel': (0, True), 'target_sl': (1, False), 'answer_s': (2, False),
    'max_asa_s': (3, False), 'max_occupancy': (4, False), 'shrinkage': (5, False),
    'aht_s': (6, False), 'patience_s': (7, False), 'max_abandon': (8, False),
    'staff_to': (9, True), 'deadline_s': (10, False), 'contract_hours': (11, False),
    'contract_days': (12, False), 'training_days': (13, True), 'attrition': (14, False),
    'headcount_fte': (15, False),
    # `wfm plan --hire-lead-days`' name for training_days (the days before a
    # week that its hires must start)
    'hire_lead_days': (13, True),
}
_PLAN_ENUMS = {'channel': CHANNELS, 'staff_to': STAFF_TO}
#: The columns of `wfm plan`'s CSV, in its order (its header): the names of
#: Plan.column() and Plan.columns().
PLAN_CSV_COLUMNS = (
    'datetime', 'forecast', 'lower', 'upper', 'aht', 'workload', 'required_agents',
    'scheduled_agents', 'service_level', 'asa', 'occupancy', 'shrinkage',
    'abandon_rate', 'sl_at_lower', 'sl_at_upper', 'backlog',
)
#: The binding's earlier column names, still accepted: alias -> name.
PLAN_COLUMN_ALIASES = {'contacts': 'forecast', 'aht_s': 'aht', 'required': 'required_agents',
                       'scheduled': 'scheduled_agents', 'asa_s': 'asa',
                       'abandon': 'abandon_rate'}
#: wfm_plan_column by name (the CSV's names, in its order): per-interval
#: results of a run. Lookups take the aliases too (PLAN_COLUMNS['required']).
PLAN_COLUMNS = _Aliased({
    'forecast': 0, 'lower': 1, 'upper': 2, 'aht': 3, 'workload': 4, 'required_agents': 5,
    'scheduled_agents': 7, 'service_level': 8, 'asa': 9, 'occupancy': 10, 'shrinkage': 6,
    'abandon_rate': 11, 'sl_at_lower': 12, 'sl_at_upper': 13, 'backlog': 14,
}, PLAN_COLUMN_ALIASES)
# Whole agents: returned as ints (int64 numpy arrays).
_PLAN_INT_COLUMNS = frozenset({'required_agents', 'scheduled_agents'})


def _plan_column(name):
    """(CSV name or None, C code or None) of a column name, alias or code."""
    if isinstance(name, str):
        key = PLAN_COLUMN_ALIASES.get(name, name)
        if key == 'datetime':
            return key, None
        if key in PLAN_COLUMNS:
            return key, PLAN_COLUMNS[key]
        raise InvalidArgument(f'unknown column {name!r}; known: '
                              + ', '.join(PLAN_CSV_COLUMNS) + ' (and '
                              + ', '.join(PLAN_COLUMN_ALIASES) + ')',
                              status=EINVAL, detail=f'column={name!r}')
    code = _i32(name, 'column')
    key = next((k for k, v in PLAN_COLUMNS.items() if v == code), None)
    return key, code  # an unknown code: the library says WFM_EUNSUPPORTED
PLAN_PERIODS = {'day': 0, 'week': 1}

Rollup = collections.namedtuple('Rollup', 'first_date required_hours scheduled_hours fte')
Rollup.__doc__ = ("One day or ISO week of a plan: its first date in the plan, "
                  "productive and paid agent-hours, scheduled FTE.")
RampWeek = collections.namedtuple(
    'RampWeek', 'week_first_date needed_fte on_staff_fte hires_fte start_by_date')
RampWeek.__doc__ = ("One week of the hiring ramp: FTE needed, FTE on staff "
                    "after attrition without hiring, cumulative hires (FTE) "
                    "and the date those hires must start training.")


class Plan(_Handle):
    """A staffing plan: from a forecast to required and scheduled agents per
    interval, hours and FTE per day and week, and the hiring ramp.

    Plan(**settings), settings by name (units): channel ('voice', 'chat',
    'email'); target_sl (fraction, default 0.8); answer_s (s, default 20);
    max_asa_s (s, 0 = not set); max_occupancy (fraction, default 0.85);
    shrinkage (fraction, default 0.3); aht_s (s; 0 = the forecast's);
    patience_s (s; > 0 = Erlang A); max_abandon (fraction); staff_to
    ('point' or 'upper'); deadline_s (s, email); contract_hours (hours per
    FTE week, 37.5); contract_days (days per FTE week, 5); training_days
    or hire_lead_days (days, the same setting); attrition (fraction per year); headcount_fte (FTE).

    After run() / run_series(): column(name) and columns() per interval,
    named as `wfm plan`'s CSV header (PLAN_CSV_COLUMNS: datetime,
    forecast, ..., required_agents, scheduled_agents, ..., asa, ...,
    abandon_rate, ...; agents as ints), to_pandas() (with pandas
    installed), rollup() and ramp().
    """

    _kind = 'plan'

    def __init__(self, **settings):
        super().__init__()
        for k, v in settings.items():
            self.set(k, v)

    def set(self, option, value):
        """Set a setting by name (see the class doc)."""
        key, is_int = _option(_PLAN_OPTIONS, option)
        if option in _PLAN_ENUMS:
            value = _enum(value, _PLAN_ENUMS[option], option)
        if is_int:
            self._check(self._lib.wfm_plan_set_int(self._p, key, _i32(value, option)),
                        'wfm_plan_set_int')
        else:
            self._check(self._lib.wfm_plan_set_double(self._p, key, _f64(value, option)),
                        'wfm_plan_set_double')
        return self

    def get(self, option):
        """A setting's value by name (enums give their names)."""
        key, is_int = _option(_PLAN_OPTIONS, option)
        if is_int:
            out = c_int32()
            self._check(self._lib.wfm_plan_get_int(self._p, key, byref(out)),
                        'wfm_plan_get_int')
            names = {v: k for k, v in _PLAN_ENUMS.get(option, {}).items()}
            return names.get(out.value, out.value)
        out = c_double()
        self._check(self._lib.wfm_plan_get_double(self._p, key, byref(out)),
                    'wfm_plan_get_double')
        return out.value

    def set_chat_aht(self, aht_by_sessions_s):
        """Chat handle time per chat at 1, 2, ... concurrent chats, seconds
        (1 ... 16 values)."""
        aht, n = _chat_aht(aht_by_sessions_s)
        self._check(self._lib.wfm_plan_set_chat_aht(self._p, aht, _i32(n, 'max_sessions')),
                    'wfm_plan_set_chat_aht')
        return self

    def add_shrinkage(self, first_date, last_date, rate):
        """Add `rate` (a fraction) to the shrinkage of first ... last."""
        self._check(self._lib.wfm_plan_add_shrinkage(
            self._p, day_number(first_date), day_number(last_date), _f64(rate, 'rate')),
            'wfm_plan_add_shrinkage')
        return self

    def add_event_shrinkage(self, event, first_offset, last_offset, rate):
        """Add `rate` to the shrinkage from first_offset to last_offset days
        around each occurrence of a calendar event."""
        self._check(self._lib.wfm_plan_add_event_shrinkage(
            self._p, _bytes(event, 'event'), _i32(first_offset, 'first_offset'),
            _i32(last_offset, 'last_offset'), _f64(rate, 'rate')),
            'wfm_plan_add_event_shrinkage')
        return self

    def run(self, forecast, calendar=None):
        """Plan an intraday forecast's span (after Forecast.run()). Returns
        self. A Forecast.copy() that has not run since is planned from its
        snapshot (run_series() with its span, point, bounds and aht_s: the
        same plan as from the original)."""
        snapshot = getattr(forecast, '_snapshot', None)
        if snapshot is not None:
            forecast._p  # Misuse when closed
            if snapshot.span.interval_minutes == 1440:
                raise InvalidArgument('wfm_plan_run: the forecast is daily: a plan needs an '
                                      'intraday forecast', status=EINVAL,
                                      detail='the forecast is daily', function='wfm_plan_run')
            span = snapshot.span
            return self.run_series(span.first_date, span.interval_minutes, snapshot.point,
                                   snapshot.lower, snapshot.upper, snapshot.aht, calendar)
        self._check(self._lib.wfm_plan_run(self._p, forecast._p,
                                           None if calendar is None else calendar._p),
                    'wfm_plan_run')
        return self

    def run_series(self, first_date, interval_minutes, contacts, lower=None, upper=None,
                   aht_s=None, calendar=None):
        """Plan your own per-interval forecast: contacts per interval (a
        whole number of days from first_date), optional lower / upper
        bounds (contacts) and aht_s (seconds; a sequence, or None when the
        aht_s setting is set). Returns self."""
        c, n = _doubles(contacts, 'contacts')
        arrays = [None if v is None else _doubles_like(v, name, n)
                  for name, v in (('lower', lower), ('upper', upper), ('aht_s', aht_s))]
        self._check(self._lib.wfm_plan_run_series(
            self._p, day_number(first_date), _i32(interval_minutes, 'interval_minutes'), n,
            c, *arrays, None if calendar is None else calendar._p), 'wfm_plan_run_series')
        return self

    @property
    def span(self):
        """Span(first_date, days, interval_minutes) of the last run."""
        return _span(self._lib.wfm_plan_span, self._p, self._check, 'wfm_plan_span')

    def column(self, name, *, numpy=False):
        """One per-interval column of the last run, named as in `wfm plan`'s
        CSV (PLAN_CSV_COLUMNS; the earlier names of PLAN_COLUMN_ALIASES,
        e.g. 'required', work too): 'datetime' (datetime.datetime of each
        interval's start), forecast / lower / upper (contacts), aht and asa
        (seconds), workload (Erlangs), required_agents and scheduled_agents
        (ints), fractions otherwise; NaN where a column does not apply (the
        CSV's empty cells). A list, or with numpy=True a numpy array
        (float64; int64 agents; datetime64[m] datetimes)."""
        key, col = _plan_column(name)
        if key == 'datetime':
            return _interval_starts(self.span, numpy, 'Plan.column(numpy=True)')
        values = _copy(lambda v, n, c: self._lib.wfm_plan_copy_column(self._p, col, v, n, c),
                       self._check, 'wfm_plan_copy_column', [c_double], as_list=not numpy)[0]
        return _as_column(values, key in _PLAN_INT_COLUMNS, numpy, 'Plan.column(numpy=True)')

    def columns(self, names=None, *, numpy=False):
        """{name: column(name)} for the given names (default: every column
        of `wfm plan`'s CSV, in its order, datetime first). The default's
        keys also answer to the earlier names (cols['required'])."""
        return _Aliased(((n, self.column(n, numpy=numpy))
                         for n in (PLAN_CSV_COLUMNS if names is None else names)),
                        PLAN_COLUMN_ALIASES)

    def to_pandas(self):
        """The last run as a pandas DataFrame: the columns of `wfm plan`'s
        CSV in its order (agents int64, NaN where the CSV is empty) indexed
        by 'datetime', a DatetimeIndex of the interval starts;
        reset_index() gives the CSV's layout. Needs pandas (ImportError
        saying so otherwise)."""
        instead = 'Plan.columns() (lists)'
        _optional('pandas', 'Plan.to_pandas()', instead)
        return _data_frame(self.columns(numpy=True), 'datetime', 'Plan.to_pandas()', instead)

    def rollup(self, period='week'):
        """Hours and FTE per 'day' or 'week' (ISO, Monday first): a list of
        Rollup(first_date, required_hours, scheduled_hours, fte)."""
        p = _enum(period, PLAN_PERIODS, 'period')
        first, req, sch, fte = _copy(
            lambda *a: self._lib.wfm_plan_rollup(self._p, p, *a), self._check,
            'wfm_plan_rollup', [c_int32, c_double, c_double, c_double])
        return [Rollup(to_date(d), r, s, f) for d, r, s, f in zip(first, req, sch, fte)]

    def ramp(self):
        """The hiring ramp, week by week: a list of RampWeek."""
        first, need, staff, hires, start = _copy(
            lambda *a: self._lib.wfm_plan_ramp(self._p, *a), self._check,
            'wfm_plan_ramp', [c_int32, c_double, c_double, c_double, c_int32])
        return [RampWeek(to_date(d), a, b, c, to_date(s))
                for d, a, b, c, s in zip(first, need, staff, hires, start)]

    def __reduce__(self):
        raise TypeError('a wfm.Plan cannot be pickled: build it on the worker')


# ---------------------------------------------------- many queues as one plan

#: The keys of a plan file (`wfm plan --queues FILE`, :class:`Plans`): the
#: options of `wfm plan` without "--". key: (scope, kind, bounds, expected)
#: with scope 'queue' (a queue's section, or [plan] for every queue) or
#: 'plan' (the whole plan: [plan] or the command line / keyword), bounds
#: (min, max, min_open, max_open) of a number, and the text the errors
#: quote, as the CLI's.
PLAN_FILE_KEYS = {
    'history': ('queue', 'path', None, 'a CSV file'),
    'events': ('queue', 'paths', None, 'a Prophet holiday CSV file'),
    'calendar': ('queue', 'paths', None, 'a preset name or a calendar file'),
    'quantiles': ('queue', 'quantiles', None,
                  'LO,HI with 0 < LO <= 0.5 <= HI < 1 and LO < HI'),
    'method': ('queue', 'method', None, 'auto, regression or recent-weeks'),
    'fit-days': ('queue', 'whole', (0, 1000000, False, False), 'a whole number of days >= 0'),
    'uplift': ('queue', 'uplifts', None, 'EVENT:FIRST..LAST:FRACTION'),
    'channel': ('queue', ('voice', 'chat', 'email'), None, 'voice, chat or email'),
    'aht': ('queue', 'aht', None, 'a number > 0 seconds or "column"'),
    'chat-aht': ('queue', 'chat_aht', None, '1 to 16 comma-separated numbers > 0 seconds'),
    'sl': ('queue', 'number', (0, 1, True, True), 'a fraction > 0 and < 1 (0.8 for 80 %)'),
    'answer': ('queue', 'number', (0, math.inf, False, False), 'a number >= 0 seconds'),
    'max-asa': ('queue', 'number', (0, math.inf, True, False), 'a number > 0 seconds'),
    'max-occupancy': ('queue', 'number', (0, 1, True, False),
                      'a fraction > 0 and <= 1 (0.85 for 85 %)'),
    'patience': ('queue', 'number', (0, math.inf, True, False), 'a number > 0 seconds'),
    'max-abandon': ('queue', 'number', (0, 1, True, True),
                    'a fraction > 0 and < 1 (0.05 for 5 %)'),
    'deadline': ('queue', 'number', (0, math.inf, True, False), 'a number > 0 hours'),
    'staff-to': ('queue', ('point', 'upper'), None, 'point or upper'),
    'shrinkage': ('queue', 'number', (0, 1, False, True),
                  'a fraction >= 0 and < 1 (0.3 for 30 %)'),
    'shrinkage-file': ('queue', 'path', None, 'a CSV file'),
    'start': ('plan', 'date', None, 'a date YYYY-MM-DD'),
    'days': ('plan', 'whole', (1, 3660, False, False), 'a whole number of days from 1 to 3660'),
    'contract-hours': ('plan', 'number', (0, 168, True, False),
                       'a number of hours > 0 and <= 168'),
    'hire-lead-days': ('plan', 'whole', (0, 730, False, False),
                       'a whole number of days from 0 to 730'),
    'training-days': ('plan', 'whole', (0, 730, False, False),
                      'a whole number of days from 0 to 730'),
    'attrition': ('plan', 'number', (0, 1, False, True),
                  'a fraction per year >= 0 and < 1 (0.3 for 30 %)'),
    'headcount': ('plan', 'number', (0, 1e9, True, False), 'a number of FTE > 0'),
    'today': ('plan', 'date', None, 'a date YYYY-MM-DD before --start'),
}
# `wfm plan` options that are not plan file keys (given on its command line).
_PLAN_RUN_OPTIONS = ('out', 'summary', 'chart', 'chart-actuals', 'queues', 'xlsx')
# Limits of the plan file, as the CLI's (libinih's line buffer: 200 bytes).
_PLAN_FILE_MAX_BYTES = 1 << 20
_PLAN_FILE_MAX_LINE = 197
_QUEUE_NAME = re.compile(r'[A-Za-z0-9_.-]{1,40}\Z')
_DECIMAL = re.compile(r'[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\Z')
_INTEGER = re.compile(r'[+-]?[0-9]+\Z')
_SPACE = b' \t\n\v\f\r'

OperationWeek = collections.namedtuple(
    'OperationWeek', 'week_first_date days required_hours scheduled_hours needed_fte '
    'on_staff_fte hires_fte start_by_date too_late short_fte')
OperationWeek.__doc__ = (
    "One ISO week of the whole operation's hiring ramp (Plans.ramp()): its "
    "first date in the plan and days planned (7 = full), agent-hours of all "
    "queues, FTE needed, FTE on staff, cumulative hires, the date they must "
    "start (None for a partial week), whether that date is before the day "
    "the plan is made, and the FTE such a week lacks without its hires (NaN "
    "unless too late). A partial week has no FTE, hires or short (NaN).")


def _quote(text):
    """The CLI's cli_quote(): double quotes, escapes, at most 80 bytes."""
    out = ['"']
    size = 2
    for ch in text:
        if ch in '"\\':
            piece = '\\' + ch
        elif ch in '\n\r\t':
            piece = {'\n': '\\n', '\r': '\\r', '\t': '\\t'}[ch]
        elif ord(ch) < 0x20 or ord(ch) == 0x7f:
            piece = '\\x%02x' % ord(ch)
        else:
            piece = ch
        if size + len(piece.encode('utf-8', 'surrogateescape')) + 4 > 80:
            out.append('...')
            break
        out.append(piece)
        size += len(piece.encode('utf-8', 'surrogateescape'))
    return ''.join(out) + '"'


def _number_hint(text):
    if any(w in text for w in ('0x', '0X', 'inf', 'INF', 'Inf', 'nan', 'NAN', 'NaN')):
        return (' (numbers are plain decimals such as 150, 0.85 or 1e-6: no '
                'hexadecimal, inf or nan)')
    return ''


def _plain_number(text):
    """cli_parse_number(): a finite plain decimal, or None."""
    if not _DECIMAL.match(text):
        return None
    x = float(text)
    return x if math.isfinite(x) else None


def _number_list(text, capacity):
    """cli_parse_number_list(): up to `capacity` numbers, or None."""
    items = text.split(',')
    if len(items) > capacity:
        return None
    out = []
    for item in items:
        x = _plain_number(item) if 0 < len(item) < 64 else None
        if x is None:
            return None
        out.append(x)
    return out


def _in_bounds(x, bounds):
    low, high, low_open, high_open = bounds
    return not (x < low or (x == low and low_open) or x > high or (x == high and high_open))


def _parse_offset(text):
    """A whole number of days from -366 to 366 (strtol's form), or None."""
    if len(text) >= 16 or not _INTEGER.match(text):
        return None
    v = int(text, 10)
    return v if -366 <= v <= 366 else None


class _PlanFileError(Exception):
    """(message, class): raised inside the plan-file reader, turned into a
    WfmError by _plan_error()."""


def _plan_error(message, cls=ParseError):
    status = EIO if cls is FileError else EPARSE if cls is ParseError else EINVAL
    return cls(message, status=status, status_text=status_str(status), detail=message,
               function='wfm.Plans')


def _uplift(where, text):
    """cli_parse_uplift(): (event, first, last, fraction)."""
    q = _quote(text)
    colon = text.rfind(':')
    offsets_colon = text.rfind(':', 0, colon) if colon > 0 else -1
    if offsets_colon <= 0:
        raise _plan_error(f'{where}--uplift: expected EVENT:FIRST..LAST:FRACTION '
                          f'(e.g. black_friday:0..0:2.5), got {q}')
    offsets = text[offsets_colon + 1:colon]
    if '..' in offsets:
        a, b = offsets.split('..', 1)
        first, last = _parse_offset(a), _parse_offset(b)
    else:
        first = last = _parse_offset(offsets)
    if first is None or last is None:
        raise _plan_error(f'{where}--uplift: offsets must be whole numbers of days from '
                          f'-366 to 366, got {q}')
    if first > last:
        raise _plan_error(f'{where}--uplift: the first offset is after the last in {q}')
    fraction = _plain_number(text[colon + 1:])
    if fraction is None or not fraction > -1.0:
        raise _plan_error(f'{where}--uplift: expected a FRACTION > -1 (2.5 = +250 %, '
                          f'-0.3 = -30 %), got {q}{_number_hint(text[colon + 1:])}')
    return text[:offsets_colon], first, last, fraction


def _check_plan_value(where, key, text):
    """The value of `key` as the CLI checks it (`where` is the message's
    prefix, e.g. 'plan.ini:7: '); the parsed value."""
    scope, kind, bounds, expected = PLAN_FILE_KEYS[key]
    q = _quote(text)
    bad = f'{where}{key}: expected {expected}, got {q}'
    if text == '':
        raise _plan_error(f'{where}{key}: expected {expected}, got ""')
    if kind in ('number', 'whole'):
        x = _plain_number(text)
        if x is None or not _in_bounds(x, bounds):
            raise _plan_error(bad + _number_hint(text))
        if kind == 'whole':
            if not _INTEGER.match(text) or x != int(x):
                raise _plan_error(bad)
            return int(x)
        return x
    if kind == 'date':
        try:
            return date_parse(text)
        except WfmError:
            shaped = len(text) == 10 and all(
                c == '-' if i in (4, 7) else c.isdigit() for i, c in enumerate(text))
            if shaped:
                raise _plan_error(f'{where}{key}: no such date {q} (expected a date '
                                  'YYYY-MM-DD from 0001-01-01 to 9999-12-31)') from None
            raise _plan_error(f'{where}{key}: expected a date YYYY-MM-DD, got {q}') from None
    if kind == 'quantiles':
        v = _number_list(text, 2)
        if v is None or len(v) != 2 or not (0 < v[0] <= 0.5 <= v[1] < 1 and v[0] < v[1]):
            raise _plan_error(bad + _number_hint(text))
        return tuple(v)
    if kind == 'method':
        if text not in FORECAST_METHODS:
            raise _plan_error(bad)
        return text
    if kind == 'uplifts':
        return _uplift(where, text)
    if isinstance(kind, tuple):
        if text not in kind:
            raise _plan_error(bad)
        return text
    if kind == 'aht':
        if text == 'column':
            return text
        x = _plain_number(text)
        if x is None or not x > 0:
            raise _plan_error(bad + _number_hint(text))
        return x
    if kind == 'chat_aht':
        v = _number_list(text, 16)
        if v is None or not all(x > 0 for x in v):
            raise _plan_error(bad + _number_hint(text))
        return tuple(v)
    return text  # paths


def _setting_text(value):
    """A keyword or dict value as plan-file text."""
    if isinstance(value, bool):
        raise TypeError('a plan setting is a number, text or date, not a bool')
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    if isinstance(value, (str, os.PathLike)):
        return os.fspath(value)
    if isinstance(value, (list, tuple)) and all(isinstance(v, numbers.Real) for v in value):
        return ','.join(_setting_text(v) for v in value)
    raise TypeError(f'a plan setting is a number, text or date, not {type(value).__name__}')


def _find_chars_or_comment(s, chars):
    """libinih's find_chars_or_comment(): the index of the first of `chars`
    (bytes, or None) or of an inline ';' after whitespace, else len(s)."""
    was_space = False
    for i, c in enumerate(s):
        ch = s[i:i + 1]
        if (chars is not None and ch in chars) or (was_space and ch == b';'):
            return i
        was_space = c in _SPACE
    return len(s)


def _read_plan_file(path):
    """[(section, header line, key, value, line)] of a plan file, read as
    `wfm plan --queues` reads it (libinih's syntax, the CLI's limits)."""
    where = os.fsdecode(path)
    try:
        with open(path, 'rb') as f:
            data = f.read(_PLAN_FILE_MAX_BYTES + 1)
    except IsADirectoryError:
        raise _plan_error(f'{where}: --queues: cannot open: Is a directory', FileError) from None
    except OSError as e:
        raise _plan_error(f'{where}: --queues: cannot open: {e.strerror}', FileError) from None
    if len(data) > _PLAN_FILE_MAX_BYTES:
        raise _plan_error(f'{where}: --queues: larger than {_PLAN_FILE_MAX_BYTES} bytes: '
                          'not a plan file')
    if b'\0' in data:
        line = data[:data.index(b'\0')].count(b'\n') + 1
        raise _plan_error(f'{where}:{line}: a NUL byte: not a text file')
    lines = data.split(b'\n')
    if lines and lines[-1] == b'':
        lines.pop()
    entries, headers = [], []
    section, syntax, stop = b'', None, None
    for n, raw in enumerate(lines, 1):
        content = raw.rstrip(b'\r')
        s = content[3:] if n == 1 and content.startswith(b'\xef\xbb\xbf') else content
        if len(s) > _PLAN_FILE_MAX_LINE:
            stop = (n, f'a line longer than {_PLAN_FILE_MAX_LINE} characters '
                       "(libinih's limit)")
            break
        t = s.lstrip(_SPACE)
        if t and len(t) < len(s) and t[:1] not in (b';', b'#'):
            stop = (n, 'an indented line: [NAME] and KEY = VALUE start the line '
                       '(an indented one would continue the value above)')
            break
        if t.startswith(b'['):
            headers.append(n)
        start = s.strip(_SPACE)
        if not start or start[:1] in (b';', b'#'):
            continue
        if start[:1] == b'[':
            end = _find_chars_or_comment(start[1:], b']') + 1
            if start[end:end + 1] == b']':
                section = start[1:end]
            elif syntax is None:
                syntax = n
            continue
        end = _find_chars_or_comment(start, b'=:')
        if start[end:end + 1] in (b'=', b':'):
            name = start[:end].rstrip(_SPACE)
            value = start[end + 1:].lstrip(_SPACE)
            value = value[:_find_chars_or_comment(value, None)].rstrip(_SPACE)
            entries.append((section, name, value, n))
        elif syntax is None:
            syntax = n
    if syntax is not None:
        raise _plan_error(f'{where}:{syntax}: expected [NAME], KEY = VALUE or a comment '
                          '(; or #)')
    if stop is not None:
        raise _plan_error(f'{where}:{stop[0]}: {stop[1]}')
    return where, [(os.fsdecode(s), os.fsdecode(k), os.fsdecode(v), n)
                   for s, k, v, n in entries], headers


def _resolve(folder, value):
    return value if os.path.isabs(value) or not folder else os.path.join(folder, value)


def _check_path(where, key, value, folder):
    """A path key's value relative to the plan file's folder, readable (a
    calendar may be a preset instead)."""
    if key == 'calendar' and value in calendar_presets():
        return value
    path = _resolve(folder, value)
    try:
        if os.path.isdir(path):
            raise IsADirectoryError(21, 'Is a directory')
        with open(path, 'rb'):
            pass
    except OSError as e:
        if key == 'calendar' and isinstance(e, (FileNotFoundError, NotADirectoryError)):
            raise _plan_error(f'{where}calendar: {_quote(path)} is neither a preset nor a '
                              f'file (presets: {", ".join(calendar_presets())})',
                              FileError) from None
        raise _plan_error(f'{where}{key}: cannot read {_quote(path)}: {e.strerror}',
                          FileError) from None
    return path


class _Section:
    def __init__(self, name, line, spot=''):
        self.name, self.line = name, line
        self.spot = spot  # 'FILE:LINE: ' of its [NAME] line ('' for a dict)
        self.keys = []    # (key, text, value, line) in order


def _check_sections(where, entries, headers, folder):
    """[plan] and the queues of a plan file's entries, checked in the
    file's order as the CLI checks them."""
    plan, queues, current, h = _Section('plan', 0), [], None, 0
    for section, key, text, line in entries:
        while h < len(headers) and headers[h] < line:
            header = headers[h]
            h += 1
            if h < len(headers) and headers[h] < line:
                raise _plan_error(f'{where}:{header}: a section with no keys')
            current = _open_section(where, header, section, plan, queues)
        if current is None:
            raise _plan_error(f'{where}:{line}: {key}: a key before any section: put it '
                              "under [plan] or a queue's [NAME]")
        _take_key(f'{where}:{line}: ', current, current is plan, key, text, line, folder)
    if h < len(headers):
        raise _plan_error(f'{where}:{headers[h]}: a section with no keys')
    if not queues:
        raise _plan_error(f'{where}: no queue: give each queue a section [NAME] with its '
                          'history = FILE and settings')
    return plan, queues


def _open_section(where, line, name, plan, queues):
    if name == 'plan':
        if plan.line:
            raise _plan_error(f'{where}:{line}: [plan] again (first on line {plan.line}): '
                              'give it once')
        plan.line = line
        return plan
    if not _QUEUE_NAME.match(name):
        raise _plan_error(f"{where}:{line}: [{_quote(name)}]: a queue's name is 1 to 40 "
                          "letters, digits, '-', '_' or '.' (it is the CSV's queue column)")
    for q in queues:
        if q.name == name:
            raise _plan_error(f'{where}:{line}: [{name}] again (first on line {q.line}): '
                              'give each queue one section')
    queues.append(_Section(name, line, f'{where}:{line}: '))
    return queues[-1]


def _take_key(where, section, is_plan, key, text, line, folder):
    if key not in PLAN_FILE_KEYS:
        if key in _PLAN_RUN_OPTIONS:
            raise _plan_error(f'{where}{key}: not a plan file key: give --{key} on the '
                              'command line')
        raise _plan_error(f'{where}unknown key {_quote(key)} in [{section.name}] (the keys '
                          'are wfm plan\'s options without "--": wfm plan --help)')
    scope, kind = PLAN_FILE_KEYS[key][:2]
    if scope == 'plan' and not is_plan:
        raise _plan_error(f'{where}{key}: a setting of the whole plan, not of a queue: '
                          f'give it in [plan] (or --{key} on the command line)')
    before = next((k for k in section.keys if k[0] == key), None)
    if before is not None and kind not in ('paths', 'uplifts'):
        raise _plan_error(f'{where}{key}: given more than once in [{section.name}] '
                          f'(first on line {before[3]})')
    value = _check_plan_value(where, key, text)
    if kind in ('path', 'paths'):
        value = text = _check_path(where, key, text, folder)
    section.keys.append((key, text, value, line))


# check_channel_options(): key -> (channels it applies to, what instead)
_CHANNEL_RULES = (
    ('aht', ('voice', 'email'), 'chat handle times come from --chat-aht'),
    ('chat-aht', ('chat',), 'give --aht'),
    ('sl', ('voice', 'chat'), 'email is staffed to --deadline'),
    ('answer', ('voice', 'chat'), 'email is staffed to --deadline'),
    ('max-asa', ('voice', 'chat'), 'email is staffed to --deadline'),
    ('patience', ('voice',), 'Erlang A is for voice'),
    ('max-abandon', ('voice',), 'Erlang A is for voice'),
    ('deadline', ('email',), 'deadlines are for email'),
)


def _queue_spec(section, plan, globals_):
    """One queue as plain data (picklable, for Dask): its settings as the
    CLI merges them ([plan]'s keys the queue does not give, then the
    queue's), checked as the CLI checks a queue."""
    own = {k for k, *_ in section.keys}
    keys = [k for k in plan.keys if PLAN_FILE_KEYS[k[0]][0] == 'queue' and k[0] not in own]
    keys += section.keys
    s = {}
    items = []  # ('calendar' | 'events', path), in order
    uplifts = []
    for key, text, value, line in keys:
        if key in ('calendar', 'events'):
            items.append((key, value))
        elif key == 'uplift':
            uplifts.append(value)
        else:
            s[key] = value
    pre = f'{section.spot}[{section.name}]: '
    if 'history' not in s:
        raise _plan_error(pre + "no history: give history = FILE (the queue's intraday "
                          'history, CSV)')
    channel = s.get('channel', 'voice')
    if channel == 'chat' and 'chat-aht' not in s:
        raise _plan_error(pre + 'no chat-aht: give chat-aht = S1,S2,... (handle time per '
                          'chat at 1, 2, ... chats at once)')
    if channel != 'chat' and 'aht' not in s:
        raise _plan_error(pre + 'no aht: give aht = SECONDS, or aht = column for the '
                          "history's aht column")
    if uplifts and not items:
        raise _plan_error(pre + '--uplift needs a calendar that has the event '
                          '(--calendar or --events)')
    for key, channels, instead in _CHANNEL_RULES:
        if key in s and channel not in channels:
            raise _plan_error(pre + f'--{key} does not apply to --channel {channel} '
                              f'({instead})')
    if ('sl' in s) != ('answer' in s):
        raise _plan_error(pre + ('--sl needs --answer (e.g. --sl 0.8 --answer 20 for 80 % '
                                 'in 20 s)' if 'sl' in s else '--answer needs --sl (e.g. '
                                 '--sl 0.8 --answer 20 for 80 % in 20 s)'))
    if 'max-abandon' in s and 'patience' not in s:
        raise _plan_error(pre + '--max-abandon needs --patience (abandonment is modelled '
                          'by Erlang A)')
    if channel != 'email' and not ({'sl', 'max-asa', 'max-abandon'} & set(s)):
        raise _plan_error(pre + 'missing a service target: --sl with --answer, --max-asa'
                          + (' or --max-abandon with --patience' if channel == 'voice'
                             else ''))
    return dict(name=section.name, prefix=pre, settings=s, items=items, uplifts=uplifts,
                start=globals_['start'], days=globals_['days'],
                contract_hours=globals_.get('contract-hours'),
                attrition=globals_.get('attrition'),
                hire_lead_days=globals_.get('hire-lead-days',
                                            globals_.get('training-days')))


def _read_shrinkage_file(path, prefix):
    """The rows of a --shrinkage-file as the CLI reads them: [(event or
    None, first, last, rate)]."""
    def fail(line, message):
        spot = _quote(f'{path}:{line}' if line else path)
        return _plan_error(f'{prefix}--shrinkage-file: {spot}: {message}')

    dates, events = 'first_date,last_date,shrinkage', 'event,first_offset,last_offset,shrinkage'
    try:
        with open(path, 'rb') as f:
            data = f.read()
    except OSError as e:
        raise fail(0, f'cannot open: {e.strerror}') from None
    layout, reason, rows = None, False, []
    for n, raw in enumerate(data.split(b'\n')[:-1] if data.endswith(b'\n')
                            else data.split(b'\n'), 1):
        if b'\0' in raw:
            raise fail(n, 'a NUL byte: not a text file')
        line = raw.rstrip(b'\r\n').decode('utf-8', 'surrogateescape')
        if n == 1 and line.startswith('\ufeff'):
            line = line[1:]
        if line == '' or line.startswith('#'):
            continue
        if layout is None:
            for head, kind in ((dates, 'dates'), (events, 'events')):
                if line in (head, head + ',reason'):
                    layout, reason = kind, line.endswith(',reason')
            if layout is None:
                raise fail(n, 'expected the header first_date,last_date,shrinkage[,reason] '
                           'or event,first_offset,last_offset,shrinkage[,reason]')
            continue
        base = 3 if layout == 'dates' else 4
        f = line.split(',', base if reason else base - 1)  # the last takes the rest
        if len(f) < base or (not reason and ',' in f[-1]):
            raise fail(n, f'expected {base} fields' + (' and an optional reason'
                                                       if reason else ''))
        if layout == 'dates':
            first_last = []
            for k, name in ((0, 'first_date'), (1, 'last_date')):
                try:
                    first_last.append(date_parse(f[k]))
                except WfmError:
                    raise fail(n, f'{name}: expected a date YYYY-MM-DD, got '
                               f'{_quote(f[k])}') from None
            if first_last[0] > first_last[1]:
                raise fail(n, f'first_date {f[0]} is after last_date {f[1]}')
            event, rate_text = None, f[2]
        else:
            if f[0] == '':
                raise fail(n, 'empty event name')
            first_last = []
            for k, name in ((1, 'first_offset'), (2, 'last_offset')):
                v = _parse_offset(f[k])
                if v is None:
                    raise fail(n, f'{name}: expected whole days from -366 to 366, got '
                               f'{_quote(f[k])}')
                first_last.append(v)
            if first_last[0] > first_last[1]:
                raise fail(n, f'first_offset {first_last[0]} is after last_offset '
                           f'{first_last[1]}')
            event, rate_text = f[0], f[3]
        rate = _plain_number(rate_text)
        if rate is None or not -1.0 < rate < 1.0:
            raise fail(n, f'shrinkage: expected a fraction > -1 and < 1 (0.08 for +8 '
                       f'points), got {_quote(rate_text)}{_number_hint(rate_text)}')
        rows.append((event, first_last[0], first_last[1], rate))
    if layout is None:
        raise fail(0, 'empty: expected the header first_date,last_date,shrinkage[,reason] '
                   'or event,first_offset,last_offset,shrinkage[,reason]')
    return rows


def _plan_queue(spec):
    """One queue of a Plans, as `wfm plan` runs it alone: plain data out
    (for Dask). Module-level so that workers import it."""
    s, pre, start, days = spec['settings'], spec['prefix'], spec['start'], spec['days']
    rows = (_read_shrinkage_file(s['shrinkage-file'], pre) if 'shrinkage-file' in s
            else [])
    calendar = None
    try:
        if spec['items']:
            calendar = Calendar()
            for kind, path in spec['items']:
                if kind == 'events':
                    calendar.add_prophet_file(path)
                elif path in calendar_presets():
                    calendar.add_preset(path)
                else:
                    calendar.add_file(path)
        for event, *_ in rows:
            if event is not None and (calendar is None or event not in
                                      calendar.event_names()):
                raise _plan_error(pre + f'--shrinkage-file: event {_quote(event)} is not '
                                  'in the calendar', ParseError)
        with History.from_file(s['history']) as history:
            span = history.span
            hist_first, hist_days = day_number(span.first_date), span.days
            if span.days == 0:
                raise _plan_error(pre + f'{_quote(s["history"])}: the history has no rows')
            if start <= hist_first:
                raise _plan_error(pre + f'--start {date_format(start)}: the history '
                                  f'{_quote(s["history"])} begins on {span.first_date}; '
                                  'only the days before --start are used, and there are '
                                  'none')
            if span.interval_minutes >= 1440:
                raise _plan_error(pre + f'history {_quote(s["history"])} is daily: a plan '
                                  'is made per interval and needs an intraday history '
                                  '(datetime rows, 5 to 60 minutes)')
            forecast = Forecast()
            if 'quantiles' in s:
                forecast.set('lower_quantile', s['quantiles'][0])
                forecast.set('upper_quantile', s['quantiles'][1])
            if 'method' in s:
                forecast.set('method', s['method'])
            if 'fit-days' in s:
                forecast.set('training_days', s['fit-days'])
            for event, first, last, fraction in spec['uplifts']:
                forecast.add_uplift(event, first, last, fraction)
            with forecast:
                forecast.run(history, start, days, calendar)
                if s.get('aht') == 'column' and forecast.aht_s is None:
                    raise _plan_error(pre + f'--aht column: the history '
                                      f'{_quote(s["history"])} has no aht column')
                with Plan() as plan:
                    _configure_plan(plan, spec)
                    for event, first, last, rate in rows:
                        if event is None:
                            plan.add_shrinkage(first, last, rate)
                        else:
                            plan.add_event_shrinkage(event, first, last, rate)
                    plan.run(forecast, calendar)
                    pspan = plan.span
                    cols = [_copy(lambda v, n, c, code=code: plan._lib.wfm_plan_copy_column(
                        plan._p, code, v, n, c), plan._check, 'wfm_plan_copy_column',
                        [c_double])[0] for code in
                        (PLAN_COLUMNS[name] for name in PLAN_CSV_COLUMNS[1:])]
                    day = plan.rollup('day')
                    week = plan.rollup('week')
                    return dict(
                        name=spec['name'], first_date=day_number(pspan.first_date),
                        days=pspan.days, interval=pspan.interval_minutes, columns=cols,
                        day=[(r.required_hours, r.scheduled_hours, r.fte) for r in day],
                        week=[(day_number(r.first_date), r.required_hours,
                               r.scheduled_hours, r.fte) for r in week],
                        history=(hist_first, hist_days),
                        contract_hours=plan.get('contract_hours'),
                        attrition=plan.get('attrition'),
                        lead_days=plan.get('training_days'))
    finally:
        if calendar is not None:
            calendar.close()


def _configure_plan(plan, spec):
    """configure_plan() of the CLI: the settings a queue gives, the rest
    left at the library's defaults."""
    s = spec['settings']
    channel = s.get('channel', 'voice')
    plan.set('channel', channel)
    plan.set('staff_to', s.get('staff-to', 'point'))
    if spec['hire_lead_days'] is not None:
        plan.set('training_days', spec['hire_lead_days'])
    if channel != 'email':
        plan.set('target_sl', s.get('sl', 0.0))
    for key, option, scale in (('answer', 'answer_s', 1), ('max-asa', 'max_asa_s', 1),
                               ('max-occupancy', 'max_occupancy', 1)):
        if key in s:
            plan.set(option, s[key] * scale)
    plan.set('shrinkage', s.get('shrinkage', 0.0 if 'shrinkage-file' in s else 0.3))
    if s.get('aht', 'column') != 'column':
        plan.set('aht_s', s['aht'])
    for key, option, scale in (('patience', 'patience_s', 1), ('max-abandon', 'max_abandon', 1),
                               ('deadline', 'deadline_s', 3600.0)):
        if key in s:
            plan.set(option, s[key] * scale)
    if spec['contract_hours'] is not None:
        plan.set('contract_hours', spec['contract_hours'])
    if spec['attrition'] is not None:
        plan.set('attrition', spec['attrition'])
    if 'chat-aht' in s:
        plan.set_chat_aht(s['chat-aht'])


def _fixed(x, decimals):
    """cli_put_fixed(): %.*f, never "-0.000"."""
    text = f'{x:.{decimals}f}'
    return text[1:] if text.startswith('-') and not text.strip('-0.') else text


_CSV_DECIMALS = (3, 3, 3, 3, 3, 0, 0, 6, 3, 6, 6, 6, 6, 6, 3)


class Plans:
    """Several queues planned as one operation: `wfm plan --queues FILE`
    from Python, with the same numbers.

    Plans.from_file(path, **settings) reads a plan file (see README,
    "Every queue in one plan"); Plans(queues, **settings) takes the queues
    as {name: {key: value}} in order, with the plan file's keys ('history',
    'aht', 'chat-aht' or 'chat_aht', ...; numbers, text, dates, paths, a
    list for events / calendar / uplift) and `defaults`, a dict of keys for
    every queue (the plan file's [plan]). Settings of the whole plan, as
    keywords (they win over [plan], as the command line does): start,
    days, contract_hours, hire_lead_days (or training_days), attrition,
    headcount, today. Relative paths are relative to the plan file's
    folder (to the current one for a dict).

    run(client=None) plans every queue (on a Dask client's workers when
    given: each queue one task, the result the same as in-process) and
    returns self. Then: names, column(name, queue=None) / columns() /
    to_pandas() (a leading 'queue' column, then `wfm plan`'s CSV columns;
    every queue's rows in order), write_csv() (the CLI's CSV, byte for
    byte), rollup(period, queue=None) (queue None: all queues added up),
    ramp() (one hiring ramp for the whole operation: OperationWeek rows),
    headcount_fte and today.

    Errors raise ParseError (FileError for a file that cannot be read),
    naming FILE:LINE and the key as the CLI does.
    """

    def __init__(self, queues, *, defaults=None, start=None, days=None,
                 contract_hours=None, hire_lead_days=None, training_days=None,
                 attrition=None, headcount=None, today=None):
        kw = dict(start=start, days=days, contract_hours=contract_hours,
                  hire_lead_days=hire_lead_days, training_days=training_days,
                  attrition=attrition, headcount=headcount, today=today)
        if isinstance(queues, (str, bytes, os.PathLike)):
            where, entries, headers = _read_plan_file(queues)
            folder = os.path.dirname(os.fsdecode(queues))
            self.source = where
            self._plan, self._queues = _check_sections(where, entries, headers, folder)
        else:
            where = self.source = 'queues'
            self._plan, self._queues = _Section('plan', 0), []
            for name, keys in [('plan', defaults or {})] + list(dict(queues).items()):
                if name == 'plan':
                    section = self._plan
                else:
                    section = _open_section(where, 0, str(name), self._plan, self._queues)
                    section.spot = ''
                for key, value in dict(keys).items():
                    key = str(key).replace('_', '-')
                    values = (value if key in ('events', 'calendar', 'uplift')
                              and isinstance(value, (list, tuple)) else [value])
                    for v in values:
                        _take_key(f'[{name}] ', section, section is self._plan, key,
                                  _setting_text(v), 0, '')
            if not self._queues:
                raise _plan_error('queues: no queue: give each queue its settings, '
                                  "{'NAME': {'history': FILE, ...}}")
        g = {k: v for k, t, v, _ in self._plan.keys if PLAN_FILE_KEYS[k][0] == 'plan'}
        for name, value in kw.items():
            if value is not None:
                key = name.replace('_', '-')
                g[key] = _check_plan_value('', key, _setting_text(value))
        for key in ('start', 'days'):
            if key not in g:
                raise _plan_error(f'{where}: no {key}: give {key} = '
                                  f'{"YYYY-MM-DD" if key == "start" else "N"} in [plan] '
                                  f'or {key}=... (--{key} on the command line)',
                                  InvalidArgument)
        if g['start'] + g['days'] - 1 > DATE_MAX:
            raise _plan_error(f'{where}: days: {g["days"]} days from start '
                              f'{date_format(g["start"])} run past 9999-12-31',
                              InvalidArgument)
        if 'today' in g and g['today'] >= g['start']:
            raise _plan_error(f'{where}: today {date_format(g["today"])}: the plan is made '
                              f'before its first day: give a date before start '
                              f'{date_format(g["start"])}', InvalidArgument)
        if ('hire-lead-days' in g and 'training-days' in g
                and g['hire-lead-days'] != g['training-days']):
            raise _plan_error(f'{where}: hire-lead-days {g["hire-lead-days"]} and '
                              f'training-days {g["training-days"]} differ: both name the '
                              "days from a hire's start to taking contacts; give one",
                              InvalidArgument)
        self._globals = g
        self._specs = [_queue_spec(q, self._plan, g) for q in self._queues]
        self._results = None

    @classmethod
    def from_file(cls, path, **settings):
        """The plan file at `path` (INI; see the class doc)."""
        return cls(os.fspath(path) if not isinstance(path, bytes) else path, **settings)

    @property
    def names(self):
        """The queues' names, in the file's order."""
        return tuple(spec['name'] for spec in self._specs)

    def run(self, client=None):
        """Plan every queue: in this process, or with a Dask `client` one
        task per queue on its workers (the same numbers). Returns self."""
        if client is None:
            results = [_plan_queue(spec) for spec in self._specs]
        else:
            futures = client.map(_plan_queue, self._specs, pure=False)
            results = client.gather(futures)
        self._results = list(results)
        return self

    def _done(self):
        if self._results is None:
            raise Misuse('Plans: call run() first', status=EMISUSE,
                         status_text=status_str(EMISUSE), function='wfm.Plans')
        return self._results

    def _result(self, queue):
        for r in self._done():
            if r['name'] == queue:
                return r
        raise NotFound(f'no queue {queue!r}; queues: ' + ', '.join(self.names),
                       status=ENOTFOUND, status_text=status_str(ENOTFOUND),
                       function='wfm.Plans')

    def column(self, name, queue=None, *, numpy=False):
        """One column of every queue's rows in order (or of `queue`'s):
        'queue', or a column of `wfm plan`'s CSV (PLAN_CSV_COLUMNS, the
        aliases too), as Plan.column() gives it."""
        results = self._done() if queue is None else [self._result(queue)]
        if name == 'queue':
            return [r['name'] for r in results for _ in r['columns'][0]]
        key, _ = _plan_column(name)
        if key == 'datetime':
            out = []
            for r in results:
                span = Span(to_date(r['first_date']), r['days'], r['interval'])
                out.extend(_interval_starts(span, False, 'Plans.column()'))
            if numpy:
                np = _optional('numpy', 'Plans.column(numpy=True)', 'lists')
                return np.array(out, dtype='datetime64[m]')
            return out
        i = PLAN_CSV_COLUMNS.index(key) - 1
        values = [x for r in results for x in r['columns'][i]]
        return _as_column(values, key in _PLAN_INT_COLUMNS, numpy, 'Plans.column(numpy=True)')

    def columns(self, queue=None, *, numpy=False):
        """{'queue': ..., 'datetime': ..., 'forecast': ...}: the CLI's CSV
        columns (with the leading queue column) of every queue, or of
        `queue`."""
        return _Aliased(((n, self.column(n, queue, numpy=numpy))
                         for n in ('queue',) + PLAN_CSV_COLUMNS), PLAN_COLUMN_ALIASES)

    def to_pandas(self):
        """Every queue's rows as a pandas DataFrame indexed by (queue,
        datetime); reset_index() is the CLI's CSV layout. Needs pandas."""
        instead = 'Plans.columns() (lists)'
        pd = _optional('pandas', 'Plans.to_pandas()', instead)
        cols = self.columns(numpy=True)
        frame = pd.DataFrame({k: cols[k] for k in ('queue',) + PLAN_CSV_COLUMNS})
        return frame.set_index(['queue', 'datetime'])

    def write_csv(self, file=None):
        """The CLI's CSV (`wfm plan --queues FILE --out F`), byte for byte:
        to `file` (a path or a text file object), or returned as text."""
        lines = ['queue,' + ','.join(PLAN_CSV_COLUMNS)]
        for r in self._done():
            per_day = 1440 // r['interval']
            for i in range(len(r['columns'][0])):
                d, slot = divmod(i, per_day)
                minute = slot * r['interval']
                cells = [r['name'], f'{date_format(r["first_date"] + d)} '
                                    f'{minute // 60:02d}:{minute % 60:02d}']
                for c, decimals in enumerate(_CSV_DECIMALS):
                    x = r['columns'][c][i]
                    cells.append('' if math.isnan(x) else ('inf' if x > 0 else '-inf')
                                 if math.isinf(x) else _fixed(x, decimals))
                lines.append(','.join(cells))
        text = '\n'.join(lines) + '\n'
        if file is None:
            return text
        if hasattr(file, 'write'):
            file.write(text)
        else:
            with open(file, 'w', encoding='utf-8', newline='') as f:
                f.write(text)
        return None

    def rollup(self, period='week', queue=None):
        """Hours and FTE per 'day' or 'week' of `queue`, or of all queues
        added up (queue None): a list of Rollup."""
        p = _enum(period, PLAN_PERIODS, 'period')
        results = self._done() if queue is None else [self._result(queue)]
        r0 = results[0]
        if p == 0:
            firsts = [r0['first_date'] + d for d in range(len(r0['day']))]
            rows = [r['day'] for r in results]
        else:
            firsts = [w[0] for w in r0['week']]
            rows = [[w[1:] for w in r['week']] for r in results]
        out = []
        for k, first in enumerate(firsts):
            req = sch = fte = 0.0
            for q in rows:
                req += q[k][0]
                sch += q[k][1]
                fte += q[k][2]
            out.append(Rollup(to_date(first), req, sch, fte))
        return out

    def _operation(self):
        """The whole plan's settings as the queues' plans hold them."""
        r0 = self._done()[0]
        return r0['contract_hours'], r0['attrition'], r0['lead_days']

    @property
    def today(self):
        """The day the plan is made: today, else the day after the latest
        history's last day, and the day before start at the latest."""
        g = self._globals
        if 'today' in g:
            return to_date(g['today'])
        return to_date(max(min(r['history'][0] + r['history'][1], g['start'] - 1)
                           for r in self._done()))

    @property
    def headcount_fte(self):
        """The staff on hand at the start: headcount, else the first full
        week's FTE of all queues brought back to the start (NaN without a
        full week)."""
        return self._ramp()[1]

    def _ramp(self):
        g = self._globals
        contract, attrition, lead = self._operation()
        start, days = g['start'], g['days']
        results = self._done()
        weeks = results[0]['week']
        rows = []
        for k, w in enumerate(weeks):
            first = w[0]
            n = (weeks[k + 1][0] if k + 1 < len(weeks) else start + days) - first
            req = sch = 0.0
            for r in results:
                req += r['week'][k][1]
                sch += r['week'][k][2]
            rows.append([first, n, req, sch, sch / (contract * n / 7.0)])
        full = [row for row in rows if row[1] == 7]
        if 'headcount' in g:
            h = g['headcount']
        elif full:
            h = full[0][4] / (1.0 - attrition) ** ((full[0][0] - start) / 365.0)
        else:
            h = math.nan
        return rows, h, attrition, lead

    def ramp(self):
        """One hiring ramp for the whole operation (as `wfm plan --queues
        --summary`): per ISO week, needed = the scheduled hours of all
        queues / (contract hours x days / 7); on staff = H x (1 -
        attrition)^(days from start / 365), H = headcount, else the first
        full week's need brought back to the start; hires = the largest
        needed - on staff over the full weeks so far (at least 0); start by
        = the week's first day - hire lead days; too late when that is
        before `today`. A list of OperationWeek."""
        rows, h, attrition, lead = self._ramp()
        start, today = self._globals['start'], day_number(self.today)
        hires, out = 0.0, []
        for first, n, req, sch, needed in rows:
            on_staff = h * (1.0 - attrition) ** ((first - start) / 365.0)
            if n != 7:
                out.append(OperationWeek(to_date(first), n, req, sch, math.nan, on_staff,
                                         math.nan, None, False, math.nan))
                continue
            gap = needed - on_staff
            hires = max(hires, gap)
            late = first - lead < today
            out.append(OperationWeek(to_date(first), n, req, sch, needed, on_staff, hires,
                                     to_date(first - lead), late,
                                     max(0.0, gap) if late else math.nan))
        return out

    def __repr__(self):
        state = 'planned' if self._results is not None else 'not run'
        return f'<wfm.Plans {len(self._specs)} queues ({", ".join(self.names)}), {state}>'


def plan_queues(queues, *, client=None, **settings):
    """Plans(queues, **settings).run(client): a plan file's path (or the
    queues as a dict) planned as one operation, as `wfm plan --queues`."""
    return Plans(queues, **settings).run(client)


#: Which Python callable wraps each C function (checked by the tests: every
#: WFM_API function of include/wfm/*.h must be here).
WRAPPERS = {
    'wfm_status_str': status_str, 'wfm_gsl_disable_abort': load_library,
    'wfm_version_string': library_version,
    'wfm_version_number': library_version_number,
    'wfm_traffic_erlangs': traffic_erlangs, 'wfm_erlang_b': erlang_b,
    'wfm_erlang_c': erlang_c, 'wfm_service_level': service_level,
    'wfm_average_speed_of_answer': average_speed_of_answer,
    'wfm_occupancy': occupancy, 'wfm_required_agents': required_agents,
    'wfm_required_agents_batch': required_agents_batch,
    'wfm_scheduled_agents': scheduled_agents,
    'wfm_accuracy_wape': accuracy_wape, 'wfm_accuracy_bias': accuracy_bias,
    'wfm_accuracy_mase': accuracy_mase, 'wfm_accuracy_coverage': accuracy_coverage,
    'wfm_date_from_ymd': date_from_ymd, 'wfm_date_to_ymd': date_to_ymd,
    'wfm_date_parse': date_parse, 'wfm_date_format': date_format,
    'wfm_date_weekday': date_weekday, 'wfm_date_iso_week': date_iso_week,
    'wfm_calendar_preset_name': calendar_presets,
    'wfm_calendar_add_preset': Calendar.add_preset,
    'wfm_calendar_add_text': Calendar.add_text,
    'wfm_calendar_add_file': Calendar.add_file,
    'wfm_calendar_add_prophet_csv': Calendar.add_prophet_csv,
    'wfm_calendar_add_prophet_file': Calendar.add_prophet_file,
    'wfm_calendar_write': Calendar.write,
    'wfm_calendar_event_count': Calendar.__len__,
    'wfm_calendar_event_name': Calendar.event_names,
    'wfm_calendar_expand': Calendar.expand,
    'wfm_calendar_days_count': CalendarDays.__len__,
    'wfm_calendar_days_row': CalendarDays.row,
    'wfm_calendar_days_copy': CalendarDays.rows,
    'wfm_calendar_days_event_count': CalendarDays.event_names,
    'wfm_calendar_days_event_name': CalendarDays.event_names,
    'wfm_calendar_days_occurrence_count': CalendarDays.occurrences,
    'wfm_calendar_days_occurrence': CalendarDays.occurrences,
    'wfm_history_read_csv': History.read_csv, 'wfm_history_read_file': History.read_file,
    'wfm_history_set_series': History.set_series, 'wfm_history_span': History.span,
    'wfm_history_copy': History.copy,
    'wfm_forecast_set_int': Forecast.set, 'wfm_forecast_set_double': Forecast.set,
    'wfm_forecast_get_int': Forecast.get, 'wfm_forecast_get_double': Forecast.get,
    'wfm_forecast_add_uplift': Forecast.add_uplift,
    'wfm_forecast_add_override': Forecast.add_override,
    'wfm_forecast_run': Forecast.run, 'wfm_forecast_span': Forecast.span,
    'wfm_forecast_method_used': Forecast.method_used,
    'wfm_forecast_level_step': Forecast.level_step,
    'wfm_forecast_method_name': _method_name,
    'wfm_forecast_copy': Forecast.values, 'wfm_forecast_copy_aht': Forecast.aht_s,
    'wfm_forecast_backtest': Forecast.backtest,
    'wfm_erlang_a_metrics': erlang_a_metrics,
    'wfm_erlang_a_required_agents': erlang_a_required_agents,
    'wfm_chat_service': chat_service, 'wfm_chat_required_agents': chat_required_agents,
    'wfm_deferred_required_agents': deferred_required_agents,
    'wfm_plan_set_int': Plan.set, 'wfm_plan_set_double': Plan.set,
    'wfm_plan_get_int': Plan.get, 'wfm_plan_get_double': Plan.get,
    'wfm_plan_set_chat_aht': Plan.set_chat_aht,
    'wfm_plan_add_shrinkage': Plan.add_shrinkage,
    'wfm_plan_add_event_shrinkage': Plan.add_event_shrinkage,
    'wfm_plan_run': Plan.run, 'wfm_plan_run_series': Plan.run_series,
    'wfm_plan_span': Plan.span, 'wfm_plan_copy_column': Plan.column,
    'wfm_plan_rollup': Plan.rollup, 'wfm_plan_ramp': Plan.ramp,
}
# The objects' new / free / errmsg: called through their C names built from
# _kind in _Handle (__init__, close via the finalizer, last_error).
for _cls in (Calendar, History, Forecast, Plan, CalendarDays):
    for _verb, _py in (('new', _Handle.__init__), ('free', _Handle._adopt),
                       ('errmsg', _Handle.last_error)):
        if _cls is CalendarDays and _verb != 'free':
            continue
        WRAPPERS[f'wfm_{_cls._kind}_{_verb}'] = _py
del _cls, _verb, _py
