/* sentence.h — sentences of an article and the period each one states.
 *
 * A figure's period is read from its sentence: "in 2024", "in the first 11
 * months of 2021" (2021-01/2021-11), "from 2018 to 2020" (2018/2020),
 * "Between FY2008 and FY2010" (US fiscal years, 2007-10/2010-09), "en el
 * primer semestre de 2024" (2024-01/2024-06), "in March 2024" (2024-03).
 * Years in names ("COVID-19", "FY2008" alone is a fiscal year) and base
 * years ("since 2001", "desde 2001") are not periods.  All functions read
 * only within [text, text+len). */
#ifndef CIFRA_SENTENCE_H
#define CIFRA_SENTENCE_H

#include <stddef.h>

/* Byte offset where the sentence holding offset pos starts, and where it
 * ends (one past its final punctuation, or at the line end).  A sentence
 * ends at a line break or at '.', '!' or '?' followed by white space,
 * except after abbreviations ("U.S.", "No.", "Mr."); a run of 2000 bytes
 * without an end (a table) is cut there. */
size_t cf_sentence_start(const char *text, size_t len, size_t pos);
size_t cf_sentence_end(const char *text, size_t len, size_t pos);

/* The period the sentence [s, e) states for a figure at offset at (within
 * it), written as EDTF into period (size bytes; "" when none), and the year
 * it names in *year (0 when none). */
void cf_sentence_period(const char *text, size_t s, size_t e, size_t at,
			char *period, size_t size, int *year);

#endif
