#include "cifra/lang.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <textcat.h>

#include "cifra/textscan.h"

#ifndef CIFRA_TEXTCAT_DIR
#define CIFRA_TEXTCAT_DIR "/usr/share/libexttextcat"
#endif

static const char *const names[] = {"en", "es", "pt"};

int cf_lang_parse(const char *name, cf_lang *out, cf_error *err)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(name, names[i])) {
			*out = (cf_lang)i;
			return 0;
		}
	return cf_error_set(err, CF_EUSAGE, NULL, 0, 0,
			    "unknown language '%s' (expected en, es or pt)",
			    name);
}

const char *cf_lang_name(cf_lang lang)
{
	return (unsigned)lang < 3 ? names[lang] : "en";
}

/* The guesser's ranking, first of en/es/pt; -1 when it has no opinion. */
static int guess(const char *text, size_t len)
{
	void *h = special_textcat_Init(CIFRA_TEXTCAT_DIR "/fpdb.conf",
				       CIFRA_TEXTCAT_DIR "/");
	if (!h)
		return -1;
	candidate_t *c = textcat_GetClassifyFullOutput(h);
	/* textcat reads its buffer up to a NUL as well as up to len: give it
	 * a terminated copy, never the caller's unterminated text */
	char *copy = malloc(len + 1);
	int best = copy ? -1 : -2;
	if (c && copy) {
		memcpy(copy, text, len);
		copy[len] = '\0';
		int n = textcat_ClassifyFull(h, copy, len, c);
		for (int i = 0; i < n && best < 0; i++)
			for (int k = 0; k < 3; k++)
				if (c[i].name &&
				    !strncmp(c[i].name, names[k], 2) &&
				    (c[i].name[2] == '\0' ||
				     c[i].name[2] == '-'))
					best = k;
	}
	if (c)
		textcat_ReleaseClassifyFullOutput(h, c);
	free(copy);
	textcat_Done(h);
	return best;
}

/* Function words that occur in one of the three languages only. */
static int by_words(const char *text, size_t len)
{
	static const char *const words[3][12] = {
	    {"the", "and", "of", "with", "was", "is", "from", "which", "in",
	     "to", "million", "billion"},
	    {"el", "los", "las", "del", "y", "una", "según", "por", "son",
	     "millones", "con", "más"},
	    {"o", "os", "do", "da", "não", "uma", "em", "pelo", "são",
	     "milhões", "com", "mais"}};
	int count[3] = {0, 0, 0};
	const char *p = text, *end = text + len;
	while (p < end) {
		cf_span w = cf_ts_word_at(p, end);
		if (!w.n) {
			p++;
			continue;
		}
		for (int l = 0; l < 3; l++)
			for (int i = 0; i < 12; i++)
				count[l] += cf_ts_span_is(w, words[l][i]);
		p = w.p + w.n;
	}
	int best = 0;
	for (int l = 1; l < 3; l++)
		if (count[l] > count[best])
			best = l;
	return best;
}

int cf_lang_detect(const char *text, size_t len, cf_lang *out, int *confident,
		   cf_error *err)
{
	size_t n = len < 8192 ? len : 8192;
	while (n < len && n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
		n--; /* cut at a character boundary */
	int g = n >= 200 ? guess(text, n) : -1;
	if (g == -2)
		return cf_error_set(err, CF_ENOMEM, NULL, 0, 0,
				    "out of memory");
	*confident = g >= 0;
	*out = (cf_lang)(g >= 0 ? g : by_words(text, n));
	return 0;
}
