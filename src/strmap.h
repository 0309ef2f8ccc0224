/* strmap.h — inside the library: a map from strings to indexes (FNV-1a,
 * open addressing, grown at half full), for the lookups the dataset
 * loader makes once per row (figure, source and claim ids, the first
 * figure of a series) so that a large dataset does not load in quadratic
 * time. */
#ifndef CIFRA_STRMAP_H
#define CIFRA_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

/* Zero-initialised is an empty map.  Keys are borrowed: each must stay
 * valid and unchanged while it is in the map. */
typedef struct cf_strmap {
	size_t cap, n;
	const char **keys;
	size_t *vals;
} cf_strmap;

/* true and *val set when k is in m. */
bool cf_strmap_get(const cf_strmap *m, const char *k, size_t *val);

/* Inserts k -> val, or replaces k's value.  Returns 0, or CF_ENOMEM with m
 * unchanged. */
int cf_strmap_put(cf_strmap *m, const char *k, size_t val);

/* Frees the map's arrays (not the keys); m is empty again. */
void cf_strmap_free(cf_strmap *m);

#endif
