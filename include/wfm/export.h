/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wfm/export.h
 * @brief Symbol export and compiler-attribute macros used by every public header.
 *
 * Not meant to be included directly: include <wfm.h>.
 */
#ifndef WFM_EXPORT_H
#define WFM_EXPORT_H

/** Marks a public function: exported from libwfm, everything else is hidden. */
#if defined(_WIN32) && defined(WFM_BUILDING)
#  define WFM_API __declspec(dllexport)
#elif defined(__GNUC__)
#  define WFM_API __attribute__((visibility("default")))
#else
#  define WFM_API
#endif

/** Asks the compiler to warn when a returned status is ignored. */
#if defined(__GNUC__)
#  define WFM_WARN_UNUSED __attribute__((warn_unused_result))
#else
#  define WFM_WARN_UNUSED
#endif

#endif /* WFM_EXPORT_H */
