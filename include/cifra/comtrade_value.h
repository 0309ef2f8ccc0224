/* comtrade_value.h — trade values as UN Comtrade files and the
 * spreadsheets they pass through write them, turned into the plain decimal
 * a dataset keeps (SPEC §1: the value as written, without separators).
 * Pure functions on strings: no allocation, no state. */
#ifndef CIFRA_COMTRADE_VALUE_H
#define CIFRA_COMTRADE_VALUE_H

#include <stdbool.h>
#include <stddef.h>

/* raw (spaces already trimmed) as a plain decimal in out:
 *   "85517209220.0"      as it is
 *   "85,517,209,220.0"   thousands commas dropped (only between groups of
 *                        three digits before the point: "12,34.0" fails)
 *   "1.2345E+10"         the digits shifted exactly: "12345000000"
 * Returns false when raw is none of these (or does not fit in size). */
bool cf_comtrade_value_text(const char *raw, char *out, size_t size);

/* Compares two plain decimals by value ("123.0" equals "123", "0100"
 * equals "100"): -1, 0 or 1.  Signs are not handled (trade values are
 * never negative). */
int cf_decimal_compare(const char *a, const char *b);

#endif
