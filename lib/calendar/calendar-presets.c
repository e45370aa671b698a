/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The built-in presets: calendars in the text format (version 1), parsed
 * like any other calendar text. Read-only data, no state.
 *
 * Event names are part of the interface: they become column values in the
 * CSV that planners' scripts read, so never rename one. An event name means
 * the same holiday in every preset that has it (`christmas` is 25 December
 * everywhere, `labour_day` 1 May, `black_friday` the day after US
 * Thanksgiving), so that loading two presets gives one event for a shared
 * day, the later definition replacing the earlier. The observed shift is
 * part of a preset's definition: `us-federal` shifts to the observed day,
 * `us-retail` keeps the day itself. One name is deliberately local:
 * `mothers_day` is each market's own Mother's Day (see below), so loading
 * both retail presets keeps the later one's.
 *
 * Rules are today's rules; `years=` marks where a holiday began or ended
 * within living forecast history (roughly 1970 onwards), not every change
 * since the holiday's origin.
 *
 * Each text must stay under 4095 bytes, the longest string literal ISO C
 * requires compilers to accept (-Woverlength-strings at -Wpedantic); the
 * static assertions below check it. Longer explanations live in these C
 * comments, not in the texts.
 *
 * Windows: only the retail presets have them, and they are modest. A window
 * day gets an effect of its own, so a window covers days that behave unlike
 * their weekday but are not events themselves: the working day after a
 * Monday holiday (catch-up), the Wednesday before Thanksgiving, the weekend
 * between Black Friday and Cyber Monday, the days after Christmas (returns,
 * exchanges, gift cards). Days that are events of their own (Christmas Eve,
 * Boxing Day, New Year's Eve) are not also window days of a neighbour. The
 * public-holiday presets (us-federal, fr, de, se, pl) list the holidays
 * only; a planner adds windows by redefining an event.
 *
 * Closed: a closed day is forced to zero volume, a strong statement, so
 * only Christmas Day in the retail presets is closed (US and UK retailers
 * and their contact centres almost all shut; in England and Wales the
 * Christmas Day (Trading) Act 2004 shuts large shops). Thanksgiving is not
 * closed: store closures vary and online and phone service mostly runs; the
 * forecaster learns its dip. The public-holiday presets mark nothing
 * closed: whether a centre opens on a public holiday is the planner's to
 * say (redefine the event with `closed`).
 *
 * uk-retail and Christmas: the Christmas Day bank holiday moves to a
 * substitute weekday when 25 December is a weekend day, but shops shut on
 * the 25th itself and open on the substitute day (2021-12-27, 2022-12-27
 * were trading days). So `christmas` is the day itself, closed, as in
 * us-retail, and `christmas_bank_holiday` is the bank holiday (the 25th, or
 * its substitute day) with observed=uk; it also makes Boxing Day's
 * substitute come out right (2021: Christmas Monday 27, Boxing Day Tuesday
 * 28).
 *
 * uk-retail and Boxing Day, the same way: the Boxing Day sales and their
 * contacts happen on 26 December itself, whatever the weekday (Saturday
 * 2020-12-26, Sunday 2021-12-26), not on the substitute bank holiday. So
 * `boxing_day` is 26 December every year, as in de and pl, and
 * `boxing_day_bank_holiday` is the bank holiday (the 26th, or its
 * substitute day: 2020-12-28, 2021-12-28, 2026-12-28) with observed=uk.
 * Until 1.3 `boxing_day` was the bank holiday (see NEWS.md).
 *
 * New Year's Day is not split: `new_years_day` in uk-retail is the bank
 * holiday (observed=uk, 2022-01-03), unlike us-retail's 1 January. The day
 * itself is a trading day with few contacts either way, and renaming the
 * bank holiday would break planners' scripts; redefine it if 1 January
 * matters.
 *
 * uk-retail and Black Friday: UK retail uses the US dates, so uk-retail
 * defines `thanksgiving` (US Thanksgiving, the same day as in us-retail)
 * and Black Friday and Cyber Monday relative to it, exactly as us-retail
 * does: a planner's `black_friday = thanksgiving + 1 window=...` then works
 * with either preset. Thanksgiving itself has little UK effect; the
 * forecaster learns that.
 *
 * Shopping days and seasons (1.3), in both retail presets, after their
 * older events so that those keep their places (event indices are visible
 * through wfm_calendar_event_name()). None is closed or has a window: a
 * season is a level, and its days are often window days of the point
 * events inside it, each with its own effect.
 *   valentines_day  14 February.
 *   mothers_day     us-retail: the second Sunday in May (36 U.S.C. 117).
 *                   uk-retail: Mothering Sunday, the fourth Sunday of Lent,
 *                   three weeks before Easter (easter - 21), which UK
 *                   retail sells as Mother's Day. The same name for both
 *                   because each is "Mother's Day" in its market: a
 *                   calendar for both markets loads one preset and adds
 *                   the other's as its own event
 *                   (`mothering_sunday = easter - 21`).
 *   fathers_day     the third Sunday in June (36 U.S.C. 109); the UK keeps
 *                   the US date.
 *   singles_day     11 November, Alibaba's "Double 11" sales (from 2009);
 *                   like cyber_monday (a term from 2005) it has no years=
 *                   limit: a retail term, not a law, with no date it began
 *                   in a planner's market.
 *   peak_season     15 November .. 24 December, the planning season of the
 *                   peak (the mission's, issue 13), not a published date.
 *   cyber_week      Thanksgiving .. Cyber Monday, the five days Adobe
 *                   Analytics reports as "Cyber Week"; relative to
 *                   `thanksgiving` like black_friday, so it follows a
 *                   redefined Thanksgiving.
 *   green_monday    the second Monday of December, as eBay coined it in
 *                   2007 (2012-12-10, 2014-12-08). comScore's "last Monday
 *                   at least 10 days before Christmas" differs when
 *                   1 December is a Monday (2014, 2025: the 15th).
 *   super_saturday  the last Saturday before Christmas Eve: when 24
 *                   December is a Saturday it is Christmas Eve, an event of
 *                   its own, and the NRF's Super Saturday is the Saturday
 *                   before (2022-12-17; 2023-12-23). In the UK, "Panic
 *                   Saturday".
 *   returns_wave    26 December .. 31 January, crossing the year end: the
 *                   returns, exchanges and gift-card contacts after
 *                   Christmas, until the extended holiday return windows
 *                   close (Amazon's and many retailers' end 31 January).
 */
#include <string.h>

#include <stdio.h>

#include "calendar-private.h"

#define US_RETAIL_TEXT \
    "wfm-calendar 1\n" \
    "# us-retail: the holidays and shopping peaks that move contact volume\n" \
    "# for US retailers and consumer brands. Actual dates, no observed shift:\n" \
    "# retail behaviour follows the day itself.\n" \
    "# Sources: holidays as in 5 U.S.C. 6103(a) (MLK Day from 1986); Black\n" \
    "# Friday = the day after Thanksgiving and Cyber Monday = the Monday\n" \
    "# after it, as the National Retail Federation (NRF) uses the terms.\n" \
    "# Closed: Christmas Day only (nearly all retailers shut); Thanksgiving is\n" \
    "# not closed (closures vary, online and phone service mostly runs).\n" \
    "# Windows: the day after a Monday holiday and after New Year's Day\n" \
    "# (catch-up), 3 and 5 July, the Wednesday before Thanksgiving, the\n" \
    "# weekend after Black Friday, the Tuesday after Cyber Monday, 26-27\n" \
    "# December (returns, exchanges, gift cards).\n" \
    "new_years_day    = 01-01                    window=-0..+1\n" \
    "mlk_day          = 3rd monday of january    window=-0..+1 years=1986..\n" \
    "presidents_day   = 3rd monday of february   window=-0..+1\n" \
    "memorial_day     = last monday of may       window=-0..+1\n" \
    "independence_day = 07-04                    window=-1..+1\n" \
    "labor_day        = 1st monday of september  window=-0..+1\n" \
    "halloween        = 10-31\n" \
    "thanksgiving     = 4th thursday of november window=-1..+0\n" \
    "black_friday     = thanksgiving + 1         window=-0..+2\n" \
    "cyber_monday     = thanksgiving + 4         window=-0..+1\n" \
    "christmas_eve    = 12-24\n" \
    "christmas        = 12-25                    window=-0..+2 closed\n" \
    "new_years_eve    = 12-31\n" \
    "# Shopping days and seasons (1.3), open, no window: Mother's and\n" \
    "# Father's Day as 36 U.S.C. 117 and 109; Singles' Day (Alibaba's\n" \
    "# Double 11 sales); cyber_week Thanksgiving to Cyber Monday (Adobe's\n" \
    "# Cyber Week); green_monday eBay's, the 2nd Monday of December;\n" \
    "# super_saturday the last Saturday before Christmas Eve, as NRF names it\n" \
    "# (2022-12-17 when the 24th was a Saturday); peak_season and\n" \
    "# returns_wave are planning seasons (holiday return windows commonly end\n" \
    "# 31 January), not published dates.\n" \
    "valentines_day   = 02-14\n" \
    "mothers_day      = 2nd sunday of may\n" \
    "fathers_day      = 3rd sunday of june\n" \
    "singles_day      = 11-11\n" \
    "peak_season      = 11-15 .. 12-24\n" \
    "cyber_week       = thanksgiving + 0 .. + 4\n" \
    "green_monday     = 2nd monday of december\n" \
    "super_saturday   = saturday on or before 12-23\n" \
    "returns_wave     = 12-26 .. 01-31\n"

#define US_FEDERAL_TEXT \
    "wfm-calendar 1\n" \
    "# us-federal: the 11 US federal holidays (5 U.S.C. 6103(a)) on the days\n" \
    "# federal offices observe them: a holiday on a Saturday is observed on\n" \
    "# the Friday before, on a Sunday on the Monday after (5 U.S.C. 6103(b),\n" \
    "# Executive Order 11582), as the Office of Personnel Management lists\n" \
    "# them: https://www.opm.gov/policy-data-oversight/pay-leave/federal-holidays/\n" \
    "# MLK Day from 1986; Juneteenth from 2021 (Pub. L. 117-17). Earlier\n" \
    "# years use today's rules (the Monday holidays date from 1971; Veterans\n" \
    "# Day was the 4th Monday of October in 1971-1977).\n" \
    "# Not included: Inauguration Day (Washington DC area, every 4 years) and\n" \
    "# days off given by executive order (e.g. 24 December 2019, 2020, 2024):\n" \
    "# add them as one-off events. Nothing is marked closed: redefine an\n" \
    "# event with `closed` if the centre shuts on federal holidays.\n" \
    "new_years_day    = 01-01                    observed=us\n" \
    "mlk_day          = 3rd monday of january    observed=us years=1986..\n" \
    "presidents_day   = 3rd monday of february   observed=us  # Washington's Birthday\n" \
    "memorial_day     = last monday of may       observed=us\n" \
    "juneteenth       = 06-19                    observed=us years=2021..\n" \
    "independence_day = 07-04                    observed=us\n" \
    "labor_day        = 1st monday of september  observed=us\n" \
    "columbus_day     = 2nd monday of october    observed=us\n" \
    "veterans_day     = 11-11                    observed=us\n" \
    "thanksgiving     = 4th thursday of november observed=us\n" \
    "christmas        = 12-25                    observed=us\n"

#define UK_RETAIL_TEXT \
    "wfm-calendar 1\n" \
    "# uk-retail: the bank holidays of England and Wales with their\n" \
    "# substitute days, and the retail peaks of UK retailers and brands.\n" \
    "# Sources: Banking and Financial Dealings Act 1971, Schedule 1; the\n" \
    "# royal proclamations of moved and extra days (The London Gazette);\n" \
    "# GOV.UK \"UK bank holidays\", https://www.gov.uk/bank-holidays\n" \
    "# observed=uk: a bank holiday on a weekend moves to the next weekday\n" \
    "# that is not already a bank holiday.\n" \
    "# christmas is 25 December itself, closed (the Christmas Day (Trading)\n" \
    "# Act 2004 shuts large shops); christmas_bank_holiday is the bank\n" \
    "# holiday: the 25th or its substitute day, when shops open. Likewise\n" \
    "# boxing_day is 26 December itself (the sales start) and\n" \
    "# boxing_day_bank_holiday the 26th or its substitute day.\n" \
    "# Black Friday and Cyber Monday: the US dates (US Thanksgiving + 1, + 4).\n" \
    "new_years_day          = 01-01 observed=uk window=-0..+1\n" \
    "good_friday            = easter - 2\n" \
    "easter_monday          = easter + 1 window=-0..+1\n" \
    "early_may_bank_holiday = 1st monday of may years=1978.. except=1995,2020 window=-0..+1\n" \
    "early_may_bank_holiday_moved = dates 1995-05-08, 2020-05-08  # VE Day 50th, 75th\n" \
    "spring_bank_holiday    = last monday of may years=1971.. except=2002,2012,2022 window=-0..+1\n" \
    "spring_bank_holiday_moved = dates 2002-06-04, 2012-06-04, 2022-06-02  # jubilees\n" \
    "summer_bank_holiday    = last monday of august years=1971.. window=-0..+1\n" \
    "christmas_bank_holiday = 12-25 observed=uk\n" \
    "boxing_day_bank_holiday = 12-26 observed=uk\n" \
    "millennium_bank_holiday = 1999-12-31\n" \
    "golden_jubilee         = 2002-06-03\n" \
    "royal_wedding_2011     = 2011-04-29\n" \
    "diamond_jubilee        = 2012-06-05\n" \
    "platinum_jubilee       = 2022-06-03\n" \
    "state_funeral_2022     = 2022-09-19  # of Queen Elizabeth II\n" \
    "coronation_2023        = 2023-05-08  # of King Charles III\n" \
    "thanksgiving           = 4th thursday of november  # US, for the two below\n" \
    "black_friday           = thanksgiving + 1 window=-0..+2\n" \
    "cyber_monday           = thanksgiving + 4 window=-0..+1\n" \
    "christmas_eve          = 12-24\n" \
    "christmas              = 12-25 closed\n" \
    "boxing_day             = 12-26\n" \
    "new_years_eve          = 12-31\n" \
    "# Shopping days and seasons (1.3), open, no window, as in us-retail\n" \
    "# except mothers_day: Mothering Sunday, the UK's Mother's Day, the 4th\n" \
    "# Sunday of Lent (Easter - 21). fathers_day: the 3rd Sunday of June, as\n" \
    "# in the US. super_saturday is \"Panic Saturday\". cyber_week follows US\n" \
    "# Thanksgiving, as black_friday does.\n" \
    "valentines_day         = 02-14\n" \
    "mothers_day            = easter - 21  # Mothering Sunday\n" \
    "fathers_day            = 3rd sunday of june\n" \
    "singles_day            = 11-11\n" \
    "peak_season            = 11-15 .. 12-24\n" \
    "cyber_week             = thanksgiving + 0 .. + 4\n" \
    "green_monday           = 2nd monday of december\n" \
    "super_saturday         = saturday on or before 12-23\n" \
    "returns_wave           = 12-26 .. 01-31\n"

#define FR_TEXT \
    "wfm-calendar 1\n" \
    "# fr: the 11 public holidays (jours fériés) of metropolitan France.\n" \
    "# Sources: Code du travail, article L3133-1 (Légifrance); loi du\n" \
    "# 2 octobre 1981 (8 mai again a holiday from 1982); service-public.fr\n" \
    "# \"Jours fériés\"; calendrier.api.gouv.fr (API Jours fériés, Etalab).\n" \
    "# Lundi de Pentecôte stays a holiday in law but is the working\n" \
    "# \"journée de solidarité\" at many employers (loi n° 2004-626).\n" \
    "# Not included: Good Friday and 26 December (Alsace-Moselle only) and\n" \
    "# the overseas departments' days.\n" \
    "new_years_day  = 01-01                # jour de l'an\n" \
    "easter_monday  = easter + 1           # lundi de Pâques\n" \
    "labour_day     = 05-01                # fête du Travail\n" \
    "victory_day    = 05-08 years=1982..   # victoire 1945\n" \
    "ascension_day  = easter + 39          # Ascension\n" \
    "whit_monday    = easter + 50          # lundi de Pentecôte\n" \
    "bastille_day   = 07-14                # fête nationale\n" \
    "assumption_day = 08-15                # Assomption\n" \
    "all_saints_day = 11-01                # Toussaint\n" \
    "armistice_day  = 11-11                # armistice 1918\n" \
    "christmas      = 12-25                # Noël\n"

#define DE_TEXT \
    "wfm-calendar 1\n" \
    "# de: the public holidays (gesetzliche Feiertage) of all 16 German\n" \
    "# Länder. Sources: the Länder holiday laws (Feiertagsgesetze); the\n" \
    "# Unification Treaty (Einigungsvertrag) art. 2(2) for 3 October;\n" \
    "# Bundesministerium des Innern, \"Gesetzliche Feiertage\". Reformationstag\n" \
    "# 2017 (500 years of the Reformation) was a holiday in every Land once.\n" \
    "# Not included: holidays of some Länder only (Heilige Drei Könige,\n" \
    "# Fronleichnam, Mariä Himmelfahrt, Reformationstag, Allerheiligen,\n" \
    "# Buß- und Bettag, ...), nor Buß- und Bettag before 1995.\n" \
    "new_years_day        = 01-01               # Neujahr\n" \
    "good_friday          = easter - 2          # Karfreitag\n" \
    "easter_monday        = easter + 1          # Ostermontag\n" \
    "labour_day           = 05-01               # Tag der Arbeit\n" \
    "ascension_day        = easter + 39         # Christi Himmelfahrt\n" \
    "whit_monday          = easter + 50         # Pfingstmontag\n" \
    "german_unity_day     = 10-03 years=1990..  # Tag der Deutschen Einheit\n" \
    "reformation_day_2017 = 2017-10-31          # 500. Reformationstag\n" \
    "christmas            = 12-25               # 1. Weihnachtstag\n" \
    "boxing_day           = 12-26               # 2. Weihnachtstag\n"

#define SE_TEXT \
    "wfm-calendar 1\n" \
    "# se: Swedish public holidays (allmänna helgdagar, lag (1989:253) om\n" \
    "# allmänna helgdagar), plus midsommarafton, julafton and nyårsafton,\n" \
    "# which are not public holidays in law but are days off for most\n" \
    "# employees. Nationaldagen (6 June) replaced annandag pingst (Whit\n" \
    "# Monday) as a public holiday from 2005. Swedish names for the Swedish\n" \
    "# days, English names for days shared with other presets.\n" \
    "new_years_day    = 01-01                        # nyårsdagen\n" \
    "trettondedag_jul = 01-06                        # Epiphany\n" \
    "good_friday      = easter - 2                   # långfredagen\n" \
    "easter_sunday    = easter                       # påskdagen\n" \
    "easter_monday    = easter + 1                   # annandag påsk\n" \
    "labour_day       = 05-01                        # första maj\n" \
    "ascension_day    = easter + 39                  # Kristi himmelsfärdsdag\n" \
    "whit_sunday      = easter + 49                  # pingstdagen\n" \
    "whit_monday      = easter + 50 years=..2004     # annandag pingst\n" \
    "nationaldagen    = 06-06 years=2005..           # Sveriges nationaldag\n" \
    "midsommardagen   = saturday on or after 06-20\n" \
    "midsommarafton   = midsommardagen - 1\n" \
    "alla_helgons_dag = saturday on or after 10-31\n" \
    "julafton         = 12-24\n" \
    "christmas        = 12-25                        # juldagen\n" \
    "annandag_jul     = 12-26\n" \
    "nyarsafton       = 12-31\n"

#define PL_TEXT \
    "wfm-calendar 1\n" \
    "# pl: Polish public holidays (dni ustawowo wolne od pracy): ustawa z\n" \
    "# dnia 18 stycznia 1951 r. o dniach wolnych od pracy (Dz.U. 1951 nr 4\n" \
    "# poz. 28) as amended: Trzech Króli from 2011, Wigilia from 2025.\n" \
    "# Before 2025 Wigilia was a working day with short shop hours: redefine\n" \
    "# christmas_eve = 12-24 to give it an effect in earlier years too.\n" \
    "new_years_day           = 01-01               # Nowy Rok\n" \
    "epiphany                = 01-06 years=2011..  # Święto Trzech Króli\n" \
    "easter_sunday           = easter              # Wielkanoc\n" \
    "easter_monday           = easter + 1          # Poniedziałek Wielkanocny\n" \
    "labour_day              = 05-01               # Święto Pracy\n" \
    "polish_constitution_day = 05-03               # Święto Konstytucji 3 Maja\n" \
    "whit_sunday             = easter + 49         # Zielone Świątki\n" \
    "corpus_christi          = easter + 60         # Boże Ciało\n" \
    "assumption_day          = 08-15               # Wniebowzięcie NMP\n" \
    "all_saints_day          = 11-01               # Wszystkich Świętych\n" \
    "polish_independence_day = 11-11               # Święto Niepodległości\n" \
    "christmas_eve           = 12-24 years=2025..  # Wigilia\n" \
    "christmas               = 12-25               # Boże Narodzenie\n" \
    "boxing_day              = 12-26               # drugi dzień świąt\n"

/* ISO C (5.2.4.1) only promises string literals of 4095 characters. */
#define PRESET_FITS(text) (sizeof(text) <= 4095)
_Static_assert(PRESET_FITS(US_RETAIL_TEXT), "us-retail preset text too long");
_Static_assert(PRESET_FITS(UK_RETAIL_TEXT), "uk-retail preset text too long");
_Static_assert(PRESET_FITS(US_FEDERAL_TEXT), "us-federal preset text too long");
_Static_assert(PRESET_FITS(FR_TEXT), "fr preset text too long");
_Static_assert(PRESET_FITS(DE_TEXT), "de preset text too long");
_Static_assert(PRESET_FITS(SE_TEXT), "se preset text too long");
_Static_assert(PRESET_FITS(PL_TEXT), "pl preset text too long");

static const struct {
    const char *name;
    const char *text;
} presets[] = {
    { "us-retail", US_RETAIL_TEXT },
    { "uk-retail", UK_RETAIL_TEXT },
    { "us-federal", US_FEDERAL_TEXT },
    { "fr", FR_TEXT },
    { "de", DE_TEXT },
    { "se", SE_TEXT },
    { "pl", PL_TEXT },
};

const char *
cal_preset_text(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++)
        if (strcmp(presets[i].name, name) == 0)
            return presets[i].text;
    return NULL;
}

const char *
cal_preset_at(size_t index)
{
    return index < sizeof presets / sizeof presets[0] ? presets[index].name : NULL;
}

void
cal_preset_list(char *dst, size_t size)
{
    size_t k = 0;
    dst[0] = '\0';
    for (size_t i = 0; cal_preset_at(i) != NULL && k + 1 < size; i++) {
        int n = snprintf(dst + k, size - k, "%s%s", i > 0 ? ", " : "", cal_preset_at(i));
        k += n > 0 ? (size_t)n : size; /* past the end: the list is cut */
    }
}
