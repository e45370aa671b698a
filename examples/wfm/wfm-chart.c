/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wfm-chart.c: the `wfm plan --chart` SVG, drawn with cairo (see
 * wfm-chart.h). Built without cairo, only the "no support" answers remain.
 *
 * Layout (points): a title block, the plot area with contacts per day on
 * the left axis and agents per day on the right, dates below, the legend
 * under the dates (two rows when one is too wide). Event labels are
 * written upwards along their lines, stacked where they would overlap.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>

#include "wfm-chart.h"

#ifndef WFM_CHART_CAIRO

bool
chart_available(void)
{
    return false;
}

int
chart_write_svg(FILE *out, const struct chart_data *data, char *err,
                size_t err_size)
{
    (void)out;
    (void)data;
    snprintf(err, err_size, "%s", CHART_NO_SUPPORT_MESSAGE);
    return -1;
}

#else /* WFM_CHART_CAIRO */

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-svg.h>

#include <wfm.h>

/* Page and plot geometry, points. */
#define PAGE_W 1000.0
#define PAGE_H 600.0
#define PLOT_L 78.0
#define PLOT_R (PAGE_W - 78.0)
#define PLOT_T 70.0
#define PLOT_B (PAGE_H - 120.0)
/* π / 2 (M_PI is not ISO C): text written along a vertical line. */
#define QUARTER_TURN 1.5707963267948966

struct rgb {
    double r, g, b;
};

static const struct rgb ink = { 0.13, 0.13, 0.13 };
static const struct rgb grid = { 0.88, 0.88, 0.88 };
static const struct rgb history_rgb = { 0.35, 0.35, 0.35 };
static const struct rgb forecast_rgb = { 0.12, 0.40, 0.75 };
static const struct rgb band_rgb = { 0.68, 0.80, 0.94 };
static const struct rgb agents_rgb = { 0.85, 0.40, 0.05 };
static const struct rgb event_rgb = { 0.55, 0.25, 0.60 };
static const struct rgb actual_rgb = { 0.10, 0.55, 0.25 };

static void
set_rgb(cairo_t *cr, struct rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* A "nice" axis top and tick step for values up to @p max (> 0): a step of
 * 1, 2 or 5 × 10^k giving 4 to 8 ticks. */
static void
nice_axis(double max, double *top, double *step)
{
    double raw, magnitude, fraction;

    if (!(max > 0.0) || !isfinite(max))
        max = 1.0;
    raw = max / 5.0;
    magnitude = pow(10.0, floor(log10(raw)));
    fraction = raw / magnitude;
    if (fraction <= 1.0)
        *step = magnitude;
    else if (fraction <= 2.0)
        *step = 2.0 * magnitude;
    else if (fraction <= 5.0)
        *step = 5.0 * magnitude;
    else
        *step = 10.0 * magnitude;
    *top = ceil(max / *step) * *step;
    if (*top < max * 1.02) /* leave a little headroom above the highest point */
        *top += *step;
}

static double
array_max(const double *x, size_t n)
{
    double m = 0.0;

    for (size_t i = 0; x != NULL && i < n; i++) {
        if (isfinite(x[i]) && x[i] > m)
            m = x[i];
    }
    return m;
}

/* Tick labels: "12,500" rather than "12500". */
static void
format_tick(double v, char *buf, size_t size)
{
    char digits[64];
    size_t len, out = 0;

    if (v != floor(v) || fabs(v) >= 1e15) {
        snprintf(buf, size, "%g", v);
        return;
    }
    snprintf(digits, sizeof digits, "%.0f", v);
    len = strlen(digits);
    for (size_t i = 0; i < len && out + 2 < size; i++) {
        buf[out++] = digits[i];
        if (digits[i] != '-' && (len - i - 1) % 3 == 0 && i + 1 < len)
            buf[out++] = ',';
    }
    buf[out] = '\0';
}

static void
text_at(cairo_t *cr, double x, double y, const char *text, double align_x,
        double align_y)
{
    cairo_text_extents_t e;

    cairo_text_extents(cr, text, &e);
    cairo_move_to(cr, x - align_x * e.x_advance - e.x_bearing,
                  y - align_y * e.height - e.y_bearing);
    cairo_show_text(cr, text);
}

struct frame {
    int32_t first_date;
    size_t days;
    double left_top, right_top;
};

static double
x_of(const struct frame *f, double day_index)
{
    double span = f->days > 1 ? (double)(f->days - 1) : 1.0;

    return PLOT_L + (PLOT_R - PLOT_L) * day_index / span;
}

static double
y_of(double value, double top)
{
    return PLOT_B - (PLOT_B - PLOT_T) * value / top;
}

/* A polyline through the finite values, broken at NaN; @p step draws each
 * day as a flat step centred on the day. */
static void
draw_series(cairo_t *cr, const struct frame *f, const double *v, double top,
            bool step)
{
    bool open = false;
    double half = f->days > 1 ? 0.5 * (x_of(f, 1) - x_of(f, 0)) : 0.0;

    for (size_t i = 0; i < f->days; i++) {
        double x = x_of(f, (double)i), y;

        if (!isfinite(v[i])) {
            open = false;
            continue;
        }
        y = y_of(v[i], top);
        if (step) {
            double x0 = i == 0 ? x : x - half, x1 = i + 1 == f->days ? x : x + half;

            if (open)
                cairo_line_to(cr, x0, y);
            else
                cairo_move_to(cr, x0, y);
            cairo_line_to(cr, x1, y);
        } else if (open) {
            cairo_line_to(cr, x, y);
        } else {
            cairo_move_to(cr, x, y);
        }
        open = true;
    }
    cairo_stroke(cr);
}

/* The lower–upper band, filled, one closed shape per run of finite days. */
static void
draw_band(cairo_t *cr, const struct frame *f, const double *lo,
          const double *hi, double top)
{
    size_t i = 0;

    while (i < f->days) {
        size_t j;

        if (!isfinite(lo[i]) || !isfinite(hi[i])) {
            i++;
            continue;
        }
        for (j = i; j < f->days && isfinite(lo[j]) && isfinite(hi[j]); j++) {
            if (j == i)
                cairo_move_to(cr, x_of(f, (double)j), y_of(hi[j], top));
            else
                cairo_line_to(cr, x_of(f, (double)j), y_of(hi[j], top));
        }
        for (size_t k = j; k-- > i;)
            cairo_line_to(cr, x_of(f, (double)k), y_of(lo[k], top));
        cairo_close_path(cr);
        cairo_fill(cr);
        i = j;
    }
}

static const char *const month_abbr[12] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* Date ticks: Mondays (every week or every few weeks) for spans up to
 * about four months, the first of each month (or of every few months)
 * beyond. */
static void
draw_date_axis(cairo_t *cr, const struct frame *f)
{
    size_t weeks = f->days / 7 + 1;
    bool monthly = f->days > 130;
    int32_t month_step = f->days > 800 ? 3 : f->days > 400 ? 2 : 1;
    int32_t week_step = (int32_t)(weeks / 16 + 1);
    int32_t last_year = INT32_MIN, tick = 0;

    cairo_set_font_size(cr, 10.0);
    for (size_t i = 0; i < f->days; i++) {
        int32_t date = f->first_date + (int32_t)i, y, m, d, weekday;
        char label[32];
        double x = x_of(f, (double)i);

        if (wfm_date_to_ymd(date, &y, &m, &d) != WFM_OK
            || wfm_date_weekday(date, &weekday) != WFM_OK)
            continue;
        if (monthly ? !(d == 1 && (m - 1) % month_step == 0)
                    : !(weekday == 1 && tick++ % week_step == 0))
            continue;
        set_rgb(cr, grid);
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, x, PLOT_T);
        cairo_line_to(cr, x, PLOT_B);
        cairo_stroke(cr);
        set_rgb(cr, ink);
        cairo_set_line_width(cr, 1.0);
        cairo_move_to(cr, x, PLOT_B);
        cairo_line_to(cr, x, PLOT_B + 4.0);
        cairo_stroke(cr);
        if (monthly)
            snprintf(label, sizeof label, "%s", month_abbr[m - 1]);
        else
            snprintf(label, sizeof label, "%d %s", (int)d, month_abbr[m - 1]);
        text_at(cr, x, PLOT_B + 7.0, label, 0.5, 0.0);
        if (y != last_year) {
            snprintf(label, sizeof label, "%d", (int)y);
            text_at(cr, x, PLOT_B + 21.0, label, 0.5, 0.0);
            last_year = y;
        }
    }
}

static void
draw_value_axes(cairo_t *cr, const struct frame *f, double left_step,
                double right_step, bool right)
{
    char label[64];

    cairo_set_font_size(cr, 10.0);
    for (double v = 0.0; v <= f->left_top * (1.0 + 1e-9); v += left_step) {
        double y = y_of(v, f->left_top);

        set_rgb(cr, grid);
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, PLOT_L, y);
        cairo_line_to(cr, PLOT_R, y);
        cairo_stroke(cr);
        set_rgb(cr, ink);
        format_tick(v, label, sizeof label);
        text_at(cr, PLOT_L - 6.0, y, label, 1.0, 0.5);
    }
    if (right) {
        set_rgb(cr, agents_rgb);
        for (double v = 0.0; v <= f->right_top * (1.0 + 1e-9); v += right_step) {
            format_tick(v, label, sizeof label);
            text_at(cr, PLOT_R + 6.0, y_of(v, f->right_top), label, 0.0, 0.5);
        }
    }
    set_rgb(cr, ink);
    cairo_set_line_width(cr, 1.0);
    cairo_rectangle(cr, PLOT_L, PLOT_T, PLOT_R - PLOT_L, PLOT_B - PLOT_T);
    cairo_stroke(cr);
}

/* The axis titles, written upwards beside each axis. */
static void
draw_axis_titles(cairo_t *cr, const struct chart_data *d, bool right)
{
    double mid = 0.5 * (PLOT_T + PLOT_B);

    cairo_set_font_size(cr, 11.0);
    if (d->left_label != NULL) {
        set_rgb(cr, ink);
        cairo_save(cr);
        cairo_translate(cr, 18.0, mid);
        cairo_rotate(cr, -QUARTER_TURN);
        text_at(cr, 0.0, 0.0, d->left_label, 0.5, 0.5);
        cairo_restore(cr);
    }
    if (right && d->right_label != NULL) {
        set_rgb(cr, agents_rgb);
        cairo_save(cr);
        cairo_translate(cr, PAGE_W - 18.0, mid);
        cairo_rotate(cr, QUARTER_TURN);
        text_at(cr, 0.0, 0.0, d->right_label, 0.5, 0.5);
        cairo_restore(cr);
    }
}

/* Event labels: written upwards beside their lines from the bottom of the
 * plot; a label that would touch one already placed moves up above it, and
 * one with no room left below the top band (the "history | plan" marks) is
 * not written. */
#define EVENT_FONT 8.5
#define EVENT_GAP_X 1.0 /* points between labels side by side */
#define EVENT_GAP_Y 4.0 /* points between labels one above the other */
#define EVENT_TOP (PLOT_T + 20.0)

struct event_label {
    int32_t date;
    char text[160];
    double x;          /* the line */
    bool left;         /* written left of the line (at the plot's right edge) */
    double x0, x1;     /* the label's horizontal band */
    double bottom, top;
    bool placed;
};

/* Whether labels @p a and @p b would touch. */
static bool
labels_touch(const struct event_label *a, const struct event_label *b)
{
    return a->x0 < b->x1 + EVENT_GAP_X && b->x0 < a->x1 + EVENT_GAP_X
           && a->top < b->bottom + EVENT_GAP_Y && b->top < a->bottom + EVENT_GAP_Y;
}

/* Event lines, dashed, and their labels laid out so that none overlap.
 * Returns the number of labels left out for want of room. */
static size_t
draw_events(cairo_t *cr, const struct frame *f, const struct chart_data *d)
{
    static const double dash[] = { 4.0, 3.0 };
    int32_t last = f->first_date + (int32_t)f->days - 1;
    struct event_label *labels;
    size_t n = 0, skipped = 0;
    cairo_font_extents_t fe;

    labels = malloc((d->n_events ? d->n_events : 1) * sizeof *labels);
    if (labels == NULL)
        return d->n_events; /* cairo's own state is unaffected */
    cairo_set_font_size(cr, EVENT_FONT);
    cairo_font_extents(cr, &fe);
    /* One label per date, in date order, all names of the date in it. */
    for (size_t i = 0; i < d->n_events; i++) {
        int32_t date = d->events[i].date;
        struct event_label *l;
        size_t len = 0, at;
        bool seen = false;

        if (date < f->first_date || date > last)
            continue;
        for (size_t k = 0; k < n && !seen; k++)
            seen = labels[k].date == date;
        if (seen)
            continue;
        for (at = n; at > 0 && labels[at - 1].date > date; at--)
            labels[at] = labels[at - 1];
        l = &labels[at];
        n++;
        l->date = date;
        l->text[0] = '\0';
        for (size_t k = i; k < d->n_events; k++) {
            if (d->events[k].date != date || d->events[k].name == NULL)
                continue;
            len += (size_t)snprintf(l->text + len,
                                    len < sizeof l->text ? sizeof l->text - len : 0,
                                    "%s%s", len ? ", " : "", d->events[k].name);
            if (len >= sizeof l->text)
                break;
        }
    }
    for (size_t i = 0; i < n; i++) {
        struct event_label *l = &labels[i];
        cairo_text_extents_t e;
        double length;
        bool moved = true;

        l->x = x_of(f, (double)(l->date - f->first_date));
        /* Right of the line, or left of it at the plot's right edge. */
        l->left = l->x + 14.0 > PLOT_R;
        l->x0 = l->left ? l->x - 3.0 - (fe.ascent + fe.descent) : l->x + 1.5;
        l->x1 = l->x0 + fe.ascent + fe.descent;
        cairo_text_extents(cr, l->text, &e);
        length = fmax(e.x_advance, e.x_bearing + e.width);
        l->bottom = PLOT_B - 4.0;
        l->top = l->bottom - length;
        l->placed = false;
        while (moved && l->top >= EVENT_TOP) {
            moved = false;
            for (size_t k = 0; k < i; k++) {
                if (labels[k].placed && labels_touch(l, &labels[k])) {
                    l->bottom = labels[k].top - EVENT_GAP_Y;
                    l->top = l->bottom - length;
                    moved = true;
                }
            }
        }
        l->placed = l->top >= EVENT_TOP && l->text[0] != '\0';
        if (!l->placed && l->text[0] != '\0')
            skipped++;
    }
    set_rgb(cr, event_rgb);
    cairo_set_line_width(cr, 0.8);
    cairo_set_dash(cr, dash, 2, 0.0);
    for (size_t i = 0; i < n; i++) {
        cairo_move_to(cr, labels[i].x, PLOT_T);
        cairo_line_to(cr, labels[i].x, PLOT_B);
        cairo_stroke(cr);
    }
    cairo_set_dash(cr, NULL, 0, 0.0);
    for (size_t i = 0; i < n; i++) {
        const struct event_label *l = &labels[i];

        if (!l->placed)
            continue;
        /* A pale backing, so that the next day's line does not cross the
         * text. */
        cairo_set_source_rgba(cr, 1.0, 1.0, 1.0, 0.85);
        cairo_rectangle(cr, l->x0 - 0.5, l->top - 1.0, l->x1 - l->x0 + 1.0,
                        l->bottom - l->top + 2.0);
        cairo_fill(cr);
        set_rgb(cr, event_rgb);
        cairo_save(cr);
        /* Upwards from the label's bottom; in the turned frame the band
         * [x0, x1] is y' in [x0 - x, x1 - x], the baseline an ascent in. */
        cairo_translate(cr, l->x, l->bottom);
        cairo_rotate(cr, -QUARTER_TURN);
        cairo_move_to(cr, 0.0, l->x0 - l->x + fe.ascent);
        cairo_show_text(cr, l->text);
        cairo_restore(cr);
    }
    free(labels);
    return skipped;
}

/* The forecast-start line and its label. */
static void
draw_split(cairo_t *cr, const struct frame *f, int32_t split)
{
    double x;

    if (split == INT32_MIN || split <= f->first_date
        || split > f->first_date + (int32_t)f->days - 1)
        return;
    x = x_of(f, (double)(split - f->first_date) - 0.5);
    set_rgb(cr, ink);
    cairo_set_line_width(cr, 1.2);
    cairo_move_to(cr, x, PLOT_T);
    cairo_line_to(cr, x, PLOT_B);
    cairo_stroke(cr);
    cairo_set_font_size(cr, 10.0);
    text_at(cr, x - 4.0, PLOT_T + 4.0, "history", 1.0, 0.0);
    text_at(cr, x + 4.0, PLOT_T + 4.0, "plan", 0.0, 0.0);
}

enum swatch { SWATCH_LINE, SWATCH_DASHED, SWATCH_DOTTED, SWATCH_BOX };

struct legend_item {
    const char *label;
    struct rgb colour;
    enum swatch swatch;
    double width;
};

/* The legend under the dates, centred, on a second row when one is too
 * wide for the page. */
static void
draw_legend(cairo_t *cr, const struct legend_item *items, size_t n)
{
    static const double dash[] = { 4.0, 3.0 };
    double total = 0.0, first_row = 0.0, x, y = PAGE_H - 40.0;
    size_t split = n;
    cairo_text_extents_t e;

    cairo_set_font_size(cr, 11.0);
    for (size_t i = 0; i < n; i++) {
        cairo_text_extents(cr, items[i].label, &e);
        total += 28.0 + e.x_advance + 22.0;
    }
    if (total > PAGE_W - 40.0) {
        /* Break where the first row is at least half the whole. */
        for (split = 0; split < n && first_row < 0.5 * total; split++) {
            cairo_text_extents(cr, items[split].label, &e);
            first_row += 28.0 + e.x_advance + 22.0;
        }
        total = first_row;
    } else {
        y = PAGE_H - 34.0;
    }
    x = 0.5 * (PAGE_W - total);
    for (size_t i = 0; i < n; i++) {
        if (i == split) {
            double rest = 0.0;

            for (size_t k = split; k < n; k++) {
                cairo_text_extents(cr, items[k].label, &e);
                rest += 28.0 + e.x_advance + 22.0;
            }
            x = 0.5 * (PAGE_W - rest);
            y += 17.0;
        }
        set_rgb(cr, items[i].colour);
        if (items[i].swatch == SWATCH_BOX) {
            cairo_rectangle(cr, x, y - 6.0, 22.0, 12.0);
            cairo_fill(cr);
        } else {
            static const double dots[] = { 0.1, 3.0 };

            cairo_set_line_width(cr, items[i].width);
            if (items[i].swatch == SWATCH_DASHED)
                cairo_set_dash(cr, dash, 2, 0.0);
            if (items[i].swatch == SWATCH_DOTTED) {
                cairo_set_dash(cr, dots, 2, 0.0);
                cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
            }
            cairo_move_to(cr, x, y);
            cairo_line_to(cr, x + 22.0, y);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0.0);
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        }
        set_rgb(cr, ink);
        text_at(cr, x + 28.0, y, items[i].label, 0.0, 0.5);
        cairo_text_extents(cr, items[i].label, &e);
        x += 28.0 + e.x_advance + 22.0;
    }
}

static void
draw(cairo_t *cr, const struct chart_data *d)
{
    struct frame f;
    double left_step, right_step, left_max, right_max;
    bool right = d->required != NULL || d->scheduled != NULL;
    struct legend_item legend[8];
    size_t n_legend = 0, unlabelled;
    char event_legend[64];
    static const double dash[] = { 5.0, 3.0 };

    f.first_date = d->first_date;
    f.days = d->days;
    left_max = fmax(fmax(array_max(d->history, d->days),
                         array_max(d->actual, d->days)),
                    fmax(array_max(d->forecast, d->days),
                         array_max(d->upper, d->days)));
    right_max = fmax(array_max(d->required, d->days),
                     array_max(d->scheduled, d->days));
    nice_axis(left_max, &f.left_top, &left_step);
    nice_axis(right_max, &f.right_top, &right_step);

    cairo_set_source_rgb(cr, 1.0, 1.0, 1.0);
    cairo_paint(cr);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    set_rgb(cr, ink);
    cairo_set_font_size(cr, 16.0);
    text_at(cr, PAGE_W / 2.0, 18.0, d->title, 0.5, 0.0);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    if (d->subtitle != NULL) {
        cairo_set_font_size(cr, 11.0);
        text_at(cr, PAGE_W / 2.0, 42.0, d->subtitle, 0.5, 0.0);
    }

    draw_value_axes(cr, &f, left_step, right_step, right);
    draw_date_axis(cr, &f);
    draw_axis_titles(cr, d, right);

    cairo_save(cr);
    cairo_rectangle(cr, PLOT_L, PLOT_T, PLOT_R - PLOT_L, PLOT_B - PLOT_T);
    cairo_clip(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    if (d->lower != NULL && d->upper != NULL) {
        set_rgb(cr, band_rgb);
        draw_band(cr, &f, d->lower, d->upper, f.left_top);
        legend[n_legend++] = (struct legend_item){ "forecast lower-upper",
                                                   band_rgb, SWATCH_BOX, 0 };
    }
    unlabelled = draw_events(cr, &f, d);
    draw_split(cr, &f, d->split_date);
    if (d->history != NULL) {
        set_rgb(cr, history_rgb);
        cairo_set_line_width(cr, 1.4);
        draw_series(cr, &f, d->history, f.left_top, false);
        legend[n_legend++] = (struct legend_item){ "history", history_rgb,
                                                   SWATCH_LINE, 1.4 };
    }
    if (d->actual != NULL) {
        static const double dots[] = { 0.1, 3.0 };

        /* A dotted line of round dots, one solid line under it. */
        set_rgb(cr, actual_rgb);
        cairo_set_line_width(cr, 1.0);
        draw_series(cr, &f, d->actual, f.left_top, false);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_set_line_width(cr, 2.6);
        cairo_set_dash(cr, dots, 2, 0.0);
        draw_series(cr, &f, d->actual, f.left_top, false);
        cairo_set_dash(cr, NULL, 0, 0.0);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        legend[n_legend++] = (struct legend_item){ "actual", actual_rgb,
                                                   SWATCH_DOTTED, 2.6 };
    }
    if (d->forecast != NULL) {
        set_rgb(cr, forecast_rgb);
        cairo_set_line_width(cr, 2.0);
        draw_series(cr, &f, d->forecast, f.left_top, false);
        legend[n_legend++] = (struct legend_item){ "forecast", forecast_rgb,
                                                   SWATCH_LINE, 2.0 };
    }
    if (d->required != NULL) {
        set_rgb(cr, agents_rgb);
        cairo_set_line_width(cr, 1.3);
        cairo_set_dash(cr, dash, 2, 0.0);
        draw_series(cr, &f, d->required, f.right_top, true);
        cairo_set_dash(cr, NULL, 0, 0.0);
        legend[n_legend++] = (struct legend_item){ "required agents (right)",
                                                   agents_rgb, SWATCH_DASHED, 1.3 };
    }
    if (d->scheduled != NULL) {
        set_rgb(cr, agents_rgb);
        cairo_set_line_width(cr, 2.0);
        draw_series(cr, &f, d->scheduled, f.right_top, true);
        legend[n_legend++] = (struct legend_item){ "scheduled agents (right)",
                                                   agents_rgb, SWATCH_LINE, 2.0 };
    }
    cairo_restore(cr);
    if (d->n_events > 0) {
        if (unlabelled > 0)
            snprintf(event_legend, sizeof event_legend,
                     "calendar event (%zu without room for a label)", unlabelled);
        else
            snprintf(event_legend, sizeof event_legend, "calendar event");
        legend[n_legend++] = (struct legend_item){ event_legend, event_rgb,
                                                   SWATCH_DASHED, 0.8 };
    }
    draw_legend(cr, legend, n_legend);
}

/* cairo writes through this, so a failed write keeps errno. */
struct sink {
    FILE *file;
    int error; /* errno of the first failed write, or 0 */
};

static cairo_status_t
sink_write(void *closure, const unsigned char *data, unsigned int length)
{
    struct sink *s = closure;

    if (s->error != 0)
        return CAIRO_STATUS_WRITE_ERROR;
    errno = 0;
    if (fwrite(data, 1, length, s->file) != length) {
        s->error = errno != 0 ? errno : EIO;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

bool
chart_available(void)
{
    return true;
}

int
chart_write_svg(FILE *out, const struct chart_data *data, char *err,
                size_t err_size)
{
    struct sink sink = { out, 0 };
    cairo_surface_t *surface;
    cairo_status_t status;
    cairo_t *cr;
    int rc = 0;

    if (data == NULL || data->days == 0 || data->title == NULL) {
        snprintf(err, err_size, "nothing to draw");
        return -1;
    }
    surface = cairo_svg_surface_create_for_stream(sink_write, &sink, PAGE_W,
                                                  PAGE_H);
    cr = cairo_create(surface);
    draw(cr, data);
    status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    /* Release cairo's and fontconfig's caches: the tool draws one chart,
     * and leak checkers then see a clean exit. */
    cairo_debug_reset_static_data();
    if (sink.error != 0) {
        snprintf(err, err_size, "cannot write: %s", strerror(sink.error));
        rc = -1;
    } else if (status != CAIRO_STATUS_SUCCESS) {
        snprintf(err, err_size, "cannot draw: %s",
                 cairo_status_to_string(status));
        rc = -1;
    }
    return rc;
}

#endif /* WFM_CHART_CAIRO */
