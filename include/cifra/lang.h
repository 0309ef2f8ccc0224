/* lang.h — the language of a document, as far as reading numbers needs it.
 *
 * A document's language decides whether "12,6" is twelve point six (es, pt)
 * or twelve thousand six hundred (en), which words are numbers and scales,
 * and whether "bilhão" is 10^9.  The language is guessed once per document
 * with libexttextcat (LibreOffice's n-gram language guesser, with the
 * fingerprints Debian ships for some 160 languages): the first of English,
 * Spanish and Portuguese in its ranking wins.  The caller may force it
 * instead (cifra extract --lang). */
#ifndef CIFRA_LANG_H
#define CIFRA_LANG_H

#include <stddef.h>

#include "cifra/error.h"

typedef enum cf_lang { CF_LANG_EN, CF_LANG_ES, CF_LANG_PT } cf_lang;

/* "en", "es", "pt" <-> enum.  cf_lang_parse returns 0 or CF_EUSAGE. */
int cf_lang_parse(const char *name, cf_lang *out, cf_error *err);
const char *cf_lang_name(cf_lang lang);

/* Guesses the language of text (UTF-8, len bytes, need not be
 * NUL-terminated; only the first 8 KB are read).  When the guesser ranks
 * none of en/es/pt first, or the text is too short for it, the language
 * whose commonest function words ("the", "de", "que", "não"...) occur most
 * decides; ties go to English.  Texts under 200 bytes go to the word count
 * directly.  Returns 0, or CF_ENOMEM; missing fingerprint files are not an
 * error (the word count decides).
 * *confident is set to 1 when the guesser itself decided. */
int cf_lang_detect(const char *text, size_t len, cf_lang *out, int *confident,
		   cf_error *err);

#endif
