/* comtrade_codes.c — lookups in UN Comtrade's code lists (the tables are
 * generated into comtrade_codes.inc; see comtrade_codes.h). */
#include "cifra/comtrade_codes.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "comtrade_codes.inc"

/* Names in circulating extracts that are not the list's English names: the
 * Portuguese names of the Portuguese-speaking countries (the extracts of
 * joaquimrcarvalho/cipf-comtrade use them) and Spanish ones for the same
 * countries.  Kept short on purpose: an unknown name is an error the user
 * sees, never a guess. */
static const struct alias {
	const char *name;
	int code;
} aliases[] = {
    {"Brasil", 76},
    {"Guiné Equatorial", 226},
    {"Guinea Ecuatorial", 226},
    {"Moçambique", 508},
    {"São Tomé e Príncipe", 678},
    {"Santo Tomé y Príncipe", 678},
    {"Guiné-Bissau", 624},
    {"Guinea-Bisáu", 624},
    {"Estados Unidos", 842},
};

static const cf_comtrade_code *table(cf_comtrade_role role, size_t *n)
{
	if (role == CF_COMTRADE_REPORTER) {
		*n = sizeof reporters / sizeof reporters[0];
		return reporters;
	}
	*n = sizeof partners / sizeof partners[0];
	return partners;
}

size_t cf_comtrade_code_count(cf_comtrade_role role)
{
	size_t n;
	table(role, &n);
	return n;
}

const cf_comtrade_code *cf_comtrade_code_at(cf_comtrade_role role, size_t i)
{
	size_t n;
	const cf_comtrade_code *t = table(role, &n);
	return i < n ? &t[i] : NULL;
}

const cf_comtrade_code *cf_comtrade_code_find(cf_comtrade_role role, int code)
{
	size_t n;
	const cf_comtrade_code *t = table(role, &n);
	const cf_comtrade_code *found = NULL;
	for (size_t i = 0; i < n; i++)
		if (t[i].code == code && (!found || found->expired))
			found = &t[i];
	return found;
}

/* Equal ignoring ASCII case and spaces around b. */
static bool same_name(const char *a, const char *b)
{
	while (*b == ' ')
		b++;
	size_t n = strlen(b);
	while (n && b[n - 1] == ' ')
		n--;
	return strlen(a) == n && strncasecmp(a, b, n) == 0;
}

const cf_comtrade_code *cf_comtrade_code_by_name(cf_comtrade_role role,
						 const char *name)
{
	size_t n;
	const cf_comtrade_code *t = table(role, &n);
	const cf_comtrade_code *found = NULL;
	for (size_t i = 0; i < n; i++)
		if (same_name(t[i].name, name) && (!found || found->expired))
			found = &t[i];
	if (found)
		return found;
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (same_name(aliases[i].name, name))
			return cf_comtrade_code_find(role, aliases[i].code);
	return NULL;
}

char *cf_comtrade_series_name(const cf_comtrade_code *c, char *buf, size_t size)
{
	if (!size)
		return buf;
	const char *s = c->code == 0 ? "wld" : c->iso3;
	size_t i = 0;
	for (; s[i] && i + 1 < size; i++)
		buf[i] = (char)tolower((unsigned char)s[i]);
	buf[i] = '\0';
	return buf;
}
