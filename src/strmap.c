/* strmap.c — string -> index map, open addressing (see strmap.h). */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "cifra/error.h"

static size_t hash_str(const char *s)
{
	size_t h = 14695981039346656037u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static size_t slot(const cf_strmap *m, const char *k)
{
	size_t i = hash_str(k) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], k) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

bool cf_strmap_get(const cf_strmap *m, const char *k, size_t *val)
{
	if (!m->cap)
		return false;
	size_t i = slot(m, k);
	if (!m->keys[i])
		return false;
	*val = m->vals[i];
	return true;
}

static int grow(cf_strmap *m)
{
	cf_strmap big = {.cap = m->cap ? m->cap * 2 : 64};
	big.keys = calloc(big.cap, sizeof *big.keys);
	big.vals = calloc(big.cap, sizeof *big.vals);
	if (!big.keys || !big.vals) {
		free(big.keys);
		free(big.vals);
		return CF_ENOMEM;
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i])
			cf_strmap_put(&big, m->keys[i], m->vals[i]);
	free(m->keys);
	free(m->vals);
	*m = big;
	return 0;
}

int cf_strmap_put(cf_strmap *m, const char *k, size_t val)
{
	if ((m->n + 1) * 2 > m->cap && grow(m))
		return CF_ENOMEM;
	size_t i = slot(m, k);
	if (!m->keys[i]) {
		m->keys[i] = k;
		m->n++;
	}
	m->vals[i] = val;
	return 0;
}

void cf_strmap_free(cf_strmap *m)
{
	free(m->keys);
	free(m->vals);
	*m = (cf_strmap){0};
}
