/* comtrade_codes.h — UN Comtrade's reporter and partner code lists (M49
 * numeric code, ISO alpha-3, name), built into the library so that `cifra
 * import comtrade` needs no data file at run time.  The lists themselves are
 * kept in datasets/reference/comtrade/ with their origin;
 * scripts/gen-comtrade-codes turns them into src/comtrade_codes.inc and a
 * unit test checks that the two agree.
 *
 * Every pointer returned points into static read-only tables: never free,
 * valid for the life of the program. */
#ifndef CIFRA_COMTRADE_CODES_H
#define CIFRA_COMTRADE_CODES_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cf_comtrade_code {
	int code;	  /* UN M49 numeric, as in reporterCode/partnerCode */
	const char *iso3; /* ISO alpha-3 as the list writes it ("CHN",
			     "W00" for the World, "_X" for areas nes) */
	const char *name; /* the list's English name ("China") */
	bool group;	  /* isGroup: an aggregate such as the World, ASEAN */
	bool expired;	  /* entryExpiredDate set: a former country */
} cf_comtrade_code;

typedef enum cf_comtrade_role {
	CF_COMTRADE_REPORTER,
	CF_COMTRADE_PARTNER
} cf_comtrade_role;

/* The entry for a numeric code in the reporter or partner list; NULL when
 * the list has no such code. */
const cf_comtrade_code *cf_comtrade_code_find(cf_comtrade_role role, int code);

/* The entry for a country name as written in trimmed extracts
 * ("Brazil", "Moçambique"): the list's own names compared ignoring case
 * and surrounding spaces, then a short table of the Portuguese and Spanish
 * names seen in circulating extracts (documented in the README).  A name
 * that two current entries share is taken as the one without an expiry
 * date.  NULL when unknown. */
const cf_comtrade_code *cf_comtrade_code_by_name(cf_comtrade_role role,
						 const char *name);

/* The i-th entry of a list (i < cf_comtrade_code_count(role)), in the
 * list's order: for checking the built-in table against the CSV files. */
size_t cf_comtrade_code_count(cf_comtrade_role role);
const cf_comtrade_code *cf_comtrade_code_at(cf_comtrade_role role, size_t i);

/* The lower-case name cifra uses in series for an entry: "wld" for the
 * World (code 0), otherwise the ISO alpha-3 in lower case ("chn", "bra",
 * "_x").  Writes at most size bytes; returns buf. */
char *cf_comtrade_series_name(const cf_comtrade_code *c, char *buf,
			      size_t size);

#endif
