#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the seed corpora of the fuzz targets from tests/data and
examples/data: small valid inputs (cut from the real data sets) and
invalid ones (one mistake each).

    tests/fuzz/make-seeds.py        # from the source tree's root or anywhere

Only the files named here are (re)written, under tests/fuzz/corpus/TARGET/;
inputs the fuzzer found and someone kept there are left alone. Run it again
after changing a data set or the format; the output is deterministic.
"""
import datetime
import os
import random
import struct
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
CORPUS = os.path.join(ROOT, 'tests', 'fuzz', 'corpus')
TESTS_DATA = os.path.join(ROOT, 'tests', 'data')
EXAMPLES_DATA = os.path.join(ROOT, 'examples', 'data')


def read(*parts):
    with open(os.path.join(*parts), 'rb') as f:
        return f.read()


def lines(*parts):
    return read(*parts).decode('utf-8').splitlines()


def write(target, name, data):
    if isinstance(data, str):
        data = data.encode('utf-8')
    directory = os.path.join(CORPUS, target)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), 'wb') as f:
        f.write(data)


def text(rows):
    return '\n'.join(rows) + '\n'


# ------------------------------------------------------------ prophet-csv

def prophet_seeds():
    t = 'prophet-csv'
    write(t, 'holidays-us.csv', read(EXAMPLES_DATA, 'holidays_us.csv'))
    write(t, 'nyc-ems-holidays-us.csv', read(TESTS_DATA, 'volume', 'nyc_ems_holidays_us.csv'))
    write(t, 'online-retail-holidays-uk.csv',
          read(TESTS_DATA, 'volume', 'online_retail_holidays_uk.csv'))
    us = lines(EXAMPLES_DATA, 'holidays_us.csv')
    write(t, 'crlf-bom.csv', '\ufeff' + '\r\n'.join(us[:6]) + '\r\n')
    write(t, 'columns-reordered.csv', text(
        ['ds,upper_window,holiday,lower_window,prior_scale',
         '2024-11-28,1,thanksgiving,-1,10', '2025-11-27,1,thanksgiving,-1,10']))
    write(t, 'no-windows.csv', text(['holiday,ds', 'sale,2025-07-15', 'sale,2026-07-14']))
    write(t, 'quoted.csv', text(
        ['"holiday","ds","lower_window","upper_window"',
         '"Black Friday, US",2025-11-28,0,3', '"say ""hi""",2025-01-01,0,0']))
    write(t, 'midnight-times.csv', text(
        ['holiday,ds', 'launch,2026-05-12 00:00:00', 'launch,2027-05-11 00:00']))
    # One mistake each.
    write(t, 'bad-window-disagrees.csv', text(
        ['holiday,ds,lower_window,upper_window', 'x,2026-01-01,0,0', 'x,2027-01-01,-1,0']))
    write(t, 'bad-window-sign.csv', text(
        ['holiday,ds,lower_window,upper_window', 'x,2026-01-01,1,0']))
    write(t, 'bad-window-large.csv', text(
        ['holiday,ds,lower_window,upper_window', 'x,2026-01-01,-367,0']))
    write(t, 'bad-no-ds.csv', text(['holiday,date', 'x,2026-01-01']))
    write(t, 'bad-date.csv', text(['holiday,ds', 'x,2026-02-29']))
    write(t, 'bad-time.csv', text(['holiday,ds', 'x,2026-02-03 09:00:00']))
    write(t, 'bad-name-newline.csv', text(['holiday,ds', '"a\nb",2026-01-01']))
    write(t, 'bad-name-long.csv', text(['holiday,ds', 'n' * 129 + ',2026-01-01']))
    write(t, 'bad-unclosed-quote.csv', text(['holiday,ds', '"x,2026-01-01']))
    write(t, 'bad-fields.csv', text(['holiday,ds', 'x,2026-01-01,3']))
    write(t, 'bad-nul.csv', b'holiday,ds\nx\x00,2026-01-01\n')
    write(t, 'bad-header-only.csv', 'holiday,ds\n')
    write(t, 'empty', b'')
    # The Prophet seeds of calendar-parse.
    for name in sorted(os.listdir(os.path.join(CORPUS, 'calendar-parse'))):
        if 'prophet' in name:
            write(t, 'calendar-parse-' + name, read(CORPUS, 'calendar-parse', name))
    # A reference file of the presets: not Prophet's layout.
    write(t, 'bad-not-prophet.csv', text(lines(TESTS_DATA, 'holidays', 'fr-jours-feries.csv')[:8]))


# ------------------------------------------------------------ history-csv

def history_seeds():
    t = 'history-csv'
    daily = lines(TESTS_DATA, 'volume', 'nyc_ems_daily.csv')
    write(t, 'daily-nyc-ems.csv', text(daily[:1] + daily[1:120]))
    retail = lines(TESTS_DATA, 'volume', 'online_retail_daily.csv')
    write(t, 'daily-extra-columns.csv', text(retail[:60]))
    bank = lines(TESTS_DATA, 'anonymous_bank_1999_30min.csv')
    write(t, 'intraday-30min.csv', text(bank[:200]))
    hourly = lines(TESTS_DATA, 'volume', 'online_retail_hourly.csv')
    write(t, 'intraday-hourly-extra-column.csv', text(hourly[:150]))
    write(t, 'intraday-aht.csv', text(
        ['datetime,volume,aht', '2026-01-05 09:00,12,180', '2026-01-05 09:15,,',
         '2026-01-05 09:30,0,', '2026-01-06 09:00,7,200.5', '2026-01-06 09:15,3,1e2']))
    write(t, 'intraday-t-seconds.csv', text(
        ['datetime,volume', '2026-01-05T09:00:00,1', '2026-01-05T09:05:00,2',
         '2026-01-05T09:10:00,3']))
    write(t, 'quoted-header-crlf.csv',
          'date,"aht","volume"\r\n2026-01-05,"180","5"\r\n2026-01-06,,\r\n')
    write(t, 'daily-missing.csv', text(['date,volume', '2026-01-01,5', '2026-01-02,',
                                        '2026-01-05,0']))
    write(t, 'blank-lines.csv', '\n\ndate,volume\n\n2026-01-01,5\n\n2026-01-02,6')
    # One mistake each.
    write(t, 'bad-unsorted.csv', text(['date,volume', '2026-01-02,1', '2026-01-01,1']))
    write(t, 'bad-duplicate.csv', text(['date,volume', '2026-01-02,1', '2026-01-02,1']))
    write(t, 'bad-mixed-intervals.csv', text(
        ['datetime,volume', '2026-01-05 09:00,1', '2026-01-05 09:30,1', '2026-01-05 10:00,1',
         '2026-01-05 10:15,1']))
    write(t, 'bad-interval-7.csv', text(
        ['datetime,volume', '2026-01-05 09:00,1', '2026-01-05 09:07,1']))
    write(t, 'bad-one-row-a-day.csv', text(
        ['datetime,volume', '2026-01-05 09:00,1', '2026-01-06 09:00,1']))
    write(t, 'bad-negative.csv', text(['date,volume', '2026-01-01,-1']))
    write(t, 'bad-nan.csv', text(['date,volume', '2026-01-01,nan']))
    write(t, 'bad-inf.csv', text(['date,volume', '2026-01-01,inf']))
    write(t, 'bad-space.csv', text(['date,volume', '2026-01-01, 5']))
    write(t, 'bad-aht.csv', text(['date,volume,aht', '2026-01-01,5,-3']))
    write(t, 'bad-no-volume.csv', text(['date,calls', '2026-01-01,5']))
    write(t, 'bad-two-volumes.csv', text(['date,volume,volume', '2026-01-01,5,5']))
    write(t, 'bad-first-column.csv', text(['day,volume', '2026-01-01,5']))
    write(t, 'bad-no-rows.csv', 'date,volume\n')
    write(t, 'bad-fields.csv', text(['date,volume', '2026-01-01,5,6']))
    write(t, 'bad-date.csv', text(['date,volume', '2026-02-30,5']))
    write(t, 'bad-time.csv', text(['datetime,volume', '2026-01-05 24:00,1',
                                   '2026-01-05 24:30,1']))
    write(t, 'bad-off-grid.csv', text(
        ['datetime,volume', '2026-01-05 09:00,1', '2026-01-05 09:30,1', '2026-01-05 10:00,1',
         '2026-01-06 09:10,1']))
    write(t, 'bad-quote.csv', text(['date,volume', '2026-01-01,"5']))
    write(t, 'bad-escaped-quote.csv', text(['date,volume', '2026-01-01,"5"""']))
    write(t, 'bad-nul.csv', b'date,volume\n2026-01-01,5\x00\n')
    write(t, 'bad-too-many-cells.csv', text(
        ['datetime,volume', '0001-01-01 00:00,1', '0001-01-01 00:05,1', '9999-12-31 23:55,1']))
    write(t, 'empty', b'')


# --------------------------------------------------------- shrinkage-file

def shrinkage_seeds():
    t = 'shrinkage-file'
    write(t, 'shrinkage.csv', read(EXAMPLES_DATA, 'shrinkage.csv'))
    write(t, 'shrinkage-events.csv', read(EXAMPLES_DATA, 'shrinkage-events.csv'))
    write(t, 'dates-no-reason.csv', text(
        ['first_date,last_date,shrinkage', '2017-12-01,2017-12-10,0.05',
         '2017-12-05,2017-12-24,-0.02']))
    write(t, 'events-us-retail.csv', text(
        ['event,first_offset,last_offset,shrinkage,reason',
         'christmas,-7,8,0.08,Christmas leave, mostly',
         'thanksgiving,0,1,0.05,', 'new_years_day,+1,58,0.04,flu season']))
    write(t, 'events-no-reason.csv', text(
        ['event,first_offset,last_offset,shrinkage', 'christmas_eve,-366,366,0.01']))
    write(t, 'crlf-bom-comments.csv',
          '\ufeff# leave\r\nfirst_date,last_date,shrinkage,reason\r\n\r\n'
          '# more\r\n2017-12-18,2018-01-02,0.08,"quoted, or not"\r\n')
    write(t, 'total-reaches-one.csv', text(
        ['first_date,last_date,shrinkage', '2017-12-01,2017-12-31,0.6',
         '2017-12-10,2017-12-12,0.5']))
    write(t, 'total-near-one.csv', text(
        ['first_date,last_date,shrinkage', '2017-12-01,2017-12-31,0.5',
         '2017-12-10,2017-12-12,0.49999999999']))
    write(t, 'total-below-zero.csv', text(
        ['first_date,last_date,shrinkage', '2017-12-01,2017-12-31,-0.5']))
    write(t, 'header-only.csv', 'event,first_offset,last_offset,shrinkage\n')
    write(t, 'far-dates.csv', text(
        ['first_date,last_date,shrinkage', '9999-12-01,9999-12-31,0.1',
         '0001-01-01,0001-01-01,0.1']))
    # One mistake each.
    write(t, 'bad-header.csv', text(['from,to,shrinkage', '2017-12-01,2017-12-02,0.1']))
    write(t, 'bad-date.csv', text(['first_date,last_date,shrinkage',
                                   '2017-02-29,2017-03-01,0.1']))
    write(t, 'bad-order.csv', text(['first_date,last_date,shrinkage',
                                    '2017-12-02,2017-12-01,0.1']))
    write(t, 'bad-rate.csv', text(['first_date,last_date,shrinkage',
                                   '2017-12-01,2017-12-02,1']))
    write(t, 'bad-rate-text.csv', text(['first_date,last_date,shrinkage',
                                        '2017-12-01,2017-12-02,nan']))
    write(t, 'bad-fields.csv', text(['first_date,last_date,shrinkage',
                                     '2017-12-01,2017-12-02,0.1,extra']))
    write(t, 'bad-offset.csv', text(['event,first_offset,last_offset,shrinkage',
                                     'christmas,-367,0,0.1']))
    write(t, 'bad-offset-order.csv', text(['event,first_offset,last_offset,shrinkage',
                                           'christmas,2,1,0.1']))
    write(t, 'bad-empty-event.csv', text(['event,first_offset,last_offset,shrinkage',
                                          ',0,1,0.1']))
    write(t, 'bad-unknown-event.csv', text(['event,first_offset,last_offset,shrinkage',
                                            'no_such_event,0,1,0.1']))
    write(t, 'bad-nul.csv', b'first_date,last_date,shrinkage\n2017-12-01\x00,2017-12-02,0.1\n')
    write(t, 'empty', b'')


# ---------------------------------------------------------- forecast-plan

HEADER_BYTES = 18


def header(method=0, again=False, days=28, lower=9, upper=39, lead=8, training=0, origins=4,
           preset=0, uplift=False, event=0, offsets=3, fraction=96, channel=0, staff_upper=False,
           aht180=True, sl=4, answer=4, b13=1, b14=30, days2=7, b16=95, b17=0):
    """The settings bytes (see forecast-plan.c). preset: 0 = none, k = the
    k-th preset (1-based)."""
    b = [method | (0x80 if again else 0), days - 1, lower, upper, lead, training, origins,
         preset | (0x80 if uplift else 0), event, offsets, fraction,
         channel + 3 * int(staff_upper) + 6 * int(aht180), sl + 5 * answer, b13, b14, days2 - 1,
         b16, b17]
    assert len(b) == HEADER_BYTES
    return struct.pack('%dB' % HEADER_BYTES, *b)


def recent_rows(rows, keep):
    return rows[:1] + rows[-keep:]


def forecast_plan_seeds():
    t = 'forecast-plan'
    # Daily: NYC EMS, the last 800 days (regression and backtests a year back).
    daily = lines(TESTS_DATA, 'volume', 'nyc_ems_daily.csv')
    nyc = text([daily[0].split(',')[0] + ',volume'] +
               [','.join(r.split(',')[:2]) for r in daily[-800:]])
    write(t, 'daily-nyc-auto.bin', header(method=0, days=30, preset=1, uplift=True) + nyc.encode())
    write(t, 'daily-nyc-regression-again.bin',
          header(method=1, again=True, days=14, days2=45, preset=1) + nyc.encode())
    short = text([daily[0].split(',')[0] + ',volume'] +
                 [','.join(r.split(',')[:2]) for r in daily[-70:]])
    write(t, 'daily-short-recent.bin', header(method=2, days=10, lead=20) + short.encode())
    write(t, 'daily-too-short.bin', header(method=1) + text(
        [daily[0].split(',')[0] + ',volume'] +
        [','.join(r.split(',')[:2]) for r in daily[-20:]]).encode())

    # Hourly: online retail, rows with contacts only (others are closed
    # intervals), the last 10 weeks.
    hourly = lines(TESTS_DATA, 'volume', 'online_retail_hourly.csv')
    open_rows = [r for r in hourly[1:] if r.split(',')[1] == '' or float(r.split(',')[1]) > 0]
    days = sorted({r[:10] for r in open_rows})[-70:]
    keep = [','.join(r.split(',')[:2]) for r in open_rows if r[:10] in days]
    retail = text(['datetime,volume'] + keep)
    write(t, 'hourly-retail-voice.bin',
          header(method=0, days=14, preset=2, channel=0, b13=1) + retail.encode())
    write(t, 'hourly-retail-erlang-a.bin',
          header(method=2, days=7, channel=0, b13=1 + 4 * 2 + 16 * 1, again=True, days2=21) +
          retail.encode())
    write(t, 'hourly-retail-chat.bin', header(method=2, days=7, channel=1, b17=3) +
          retail.encode())
    write(t, 'hourly-retail-email-upper.bin',
          header(method=2, days=5, channel=2, staff_upper=True, b16=31) + retail.encode())
    write(t, 'hourly-retail-no-aht.bin', header(method=2, days=3, aht180=False) +
          retail.encode())

    # Half-hourly with handle times, synthetic (seeded): 9:00-17:00 on
    # weekdays, 10 weeks, a closed Saturday and Sunday.
    rng = random.Random(12)
    rows = ['datetime,volume,aht']
    start = datetime.date(2025, 1, 6)
    for d in range(70):
        day = start + datetime.timedelta(days=d)
        if day.weekday() >= 5:
            continue
        for k in range(16):
            hh, mm = 9 + k // 2, 30 * (k % 2)
            rows.append('%s %02d:%02d,%d,%d' % (day.isoformat(), hh, mm,
                                                 rng.randint(5, 40), rng.randint(150, 320)))
    synth = text(rows)
    write(t, 'halfhourly-aht-voice.bin',
          header(method=0, days=21, aht180=False, sl=4, answer=4, b14=35 + 60 * 1) +
          synth.encode())
    write(t, 'halfhourly-aht-lead.bin',
          header(method=2, days=1, lead=23, aht180=False, training=3) + synth.encode())

    # Inputs that stop early.
    write(t, 'header-only.bin', header())
    write(t, 'empty', b'')
    write(t, 'bad-history.bin', header() + b'date,volume\n2026-01-02,1\n2026-01-01,1\n')


def main():
    prophet_seeds()
    history_seeds()
    shrinkage_seeds()
    forecast_plan_seeds()
    for target in sorted(os.listdir(CORPUS)):
        path = os.path.join(CORPUS, target)
        sizes = [os.path.getsize(os.path.join(path, f)) for f in os.listdir(path)]
        print('%-16s %3d files, largest %6d bytes' % (target, len(sizes), max(sizes)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
