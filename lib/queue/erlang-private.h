/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Erlang B evaluation shared by the public Erlang functions and the staffing
 * search. Not installed. */
#ifndef WFM_ERLANG_PRIVATE_H
#define WFM_ERLANG_PRIVATE_H

#include <stdint.h>

/* Erlang B(A, n) for finite A >= 0 and n >= 0, in O(1) for any n (a
 * recursion from zero below ERLANG_RECURSION_MAX agents, Temme's uniform
 * expansion of the incomplete gamma function near n ≈ A, and convergent
 * series in the tails). Relative error below 1e-14 where B > 1e-300. */
double wfm_erlang_b_eval(double traffic, int32_t agents);

/* The same by the forward recursion from B(A, 0) = 1 in long double:
 * O(n), error about 1e-18 on x86-64. The referee for knife-edge decisions. */
long double wfm_erlang_b_extended(double traffic, int32_t agents);

/* B(A, n + 1) from B(A, n): the forward step, stable (it shrinks errors).
 * Inline: the staffing walk calls it once per agent. */
static inline double
wfm_erlang_b_next(double traffic, int32_t agents, double blocking)
{
    double ab = traffic * blocking;
    return ab / ((double)agents + 1.0 + ab);
}

/* B(A, n − 1) from B(A, n), n >= 1: the backward step, for short walks only
 * (it grows relative errors by 1/(1 − B) a step). */
static inline double
wfm_erlang_b_prev(double traffic, int32_t agents, double blocking)
{
    return (double)agents * blocking / (traffic * (1.0 - blocking));
}

/* Strict C11 has no M_PI. */
#define ERLANG_PI 3.141592653589793238462643383279502884
#define ERLANG_SQRT1_2 0.707106781186547524400844362104849039

/* Agents below which wfm_erlang_b_eval() simply runs the recursion from zero. */
#define ERLANG_RECURSION_MAX 30

#endif /* WFM_ERLANG_PRIVATE_H */
