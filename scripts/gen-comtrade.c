/* gen-comtrade.c — writes N rows of a UN Comtrade-shaped CSV to stdout, for
 * benchmarks and tests of `cifra growth --csv` (scripts/gen-comtrade
 * compiles it on demand).
 *
 * Columns: refYear,reporterCode,reporterISO,partnerCode,partnerISO,
 * flowCode,cmdCode,primaryValue.  Years 2003–2024, one row per key and year
 * (about 2% of key-years left out, so series have gaps), the file ordered by
 * year and, within a year, by a scrambled key order (as extracts often come,
 * so nothing is grouped by key).  About 10% of fields are quoted, about 0.1%
 * of values are empty, one partner's ISO code holds a comma and a quote so
 * that CSV quoting is exercised, cmdCode keeps its leading zeros, and
 * values are positive decimals with 0, 2 or 3 digits after the point.
 * Deterministic for a given N, SEED and YEARS.
 *
 * usage: gen-comtrade N [SEED [YEARS]]: YEARS (2–22, default 22) sets how
 * many rows each key gets (about YEARS − 1), so that memory per key and
 * per row can be measured apart. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_YEAR 2003
#define NYEARS	   22
#define NREPORTERS 200
#define NPARTNERS  250
#define NFLOWS	   2
#define NCMDS	   1200

static uint64_t rng_state;

static uint64_t rng(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdu;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53u;
	return x ^ (x >> 33);
}

static char out[1 << 16];
static size_t olen;

static void put(const char *s, size_t n)
{
	if (olen + n > sizeof out) {
		fwrite(out, 1, olen, stdout);
		olen = 0;
	}
	memcpy(out + olen, s, n);
	olen += n;
}

static void puts_(const char *s)
{
	put(s, strlen(s));
}

/* A field, quoted about one time in ten. */
static void field(const char *s, size_t n, int last)
{
	if (rng() % 10 == 0) {
		put("\"", 1);
		for (size_t i = 0; i < n; i++)
			put(s[i] == '"' ? "\"\"" : s + i, s[i] == '"' ? 2 : 1);
		put("\"", 1);
	} else if (memchr(s, ',', n) || memchr(s, '"', n)) {
		put("\"", 1);
		for (size_t i = 0; i < n; i++)
			put(s[i] == '"' ? "\"\"" : s + i, s[i] == '"' ? 2 : 1);
		put("\"", 1);
	} else {
		put(s, n);
	}
	put(last ? "\n" : ",", 1);
}

static void num_field(uint64_t u, int width, int last)
{
	char t[24];
	int n = snprintf(t, sizeof t, "%0*llu", width, (unsigned long long)u);
	field(t, (size_t)n, last);
}

static void iso(unsigned idx, unsigned salt, char *s)
{
	if (salt == 1 && idx == NPARTNERS - 1) {
		strcpy(s, "S,\"X"); /* a code that needs quoting */
		return;
	}
	/* distinct indices give distinct codes: a bijection of 0…26³-1 */
	unsigned v = (idx * 7u + salt * 4391u) % (26 * 26 * 26);
	s[0] = (char)('A' + v / (26 * 26));
	s[1] = (char)('A' + v / 26 % 26);
	s[2] = (char)('A' + v % 26);
	s[3] = '\0';
}

/* Key k (0 ≤ k < NREPORTERS·NPARTNERS·NFLOWS·NCMDS) as its four parts, by
 * a bijection that scatters neighbouring k. */
static void key_parts(uint64_t k, unsigned *rep, unsigned *par, unsigned *flow,
		      unsigned *cmd)
{
	const uint64_t total =
	    (uint64_t)NREPORTERS * NPARTNERS * NFLOWS * NCMDS;
	uint64_t x = (k * 2654435761u) % total; /* coprime with total */
	*cmd = (unsigned)(x % NCMDS);
	x /= NCMDS;
	*flow = (unsigned)(x % NFLOWS);
	x /= NFLOWS;
	*par = (unsigned)(x % NPARTNERS);
	*rep = (unsigned)(x / NPARTNERS);
}

static void value(uint64_t k, int year)
{
	if (rng() % 1000 == 0) {
		put("\n", 1);
		return;
	}
	/* a per-key level and trend, and noise: positive, with decimals */
	uint64_t h = mix(k + 17);
	double level = 1e3 + (double)(h % 100000000u);
	double g = 1.0 + ((double)((h >> 32) % 200) - 60) / 1000.0;
	double v = level;
	for (int y = FIRST_YEAR; y < year; y++)
		v *= g;
	v *= 0.9 + (double)(rng() % 2000) / 10000.0;
	unsigned dec = (unsigned)(h >> 48) % 3; /* 0, 2 or 3 decimals */
	dec = dec == 1 ? 2 : dec == 2 ? 3 : 0;
	uint64_t scale = dec == 0 ? 1 : dec == 2 ? 100 : 1000;
	uint64_t m = (uint64_t)(v * (double)scale) + 1;
	char t[32];
	int n = dec ? snprintf(t, sizeof t, "%llu.%0*llu",
			       (unsigned long long)(m / scale), (int)dec,
			       (unsigned long long)(m % scale))
		    : snprintf(t, sizeof t, "%llu", (unsigned long long)m);
	field(t, (size_t)n, 1);
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: gen-comtrade N [SEED [YEARS]]\n");
		return 64;
	}
	uint64_t n = strtoull(argv[1], NULL, 10);
	rng_state = argc >= 3 ? strtoull(argv[2], NULL, 10) : 1;
	int nyears = argc == 4 ? atoi(argv[3]) : NYEARS;
	if (nyears < 2 || nyears > NYEARS) {
		fprintf(stderr, "gen-comtrade: YEARS is 2 to %d\n", NYEARS);
		return 64;
	}
	/* YEARS − 1 < YEARS less the 2% gaps: enough keys for n rows; the
	 * last year is cut short at n */
	uint64_t nkeys = n / (uint64_t)(nyears - 1) + 1;
	puts_("refYear,reporterCode,reporterISO,partnerCode,partnerISO,"
	      "flowCode,cmdCode,primaryValue\n");
	static const char *const flows[NFLOWS] = {"M", "X"};
	uint64_t rows = 0;
	for (int year = FIRST_YEAR; rows < n && year < FIRST_YEAR + nyears;
	     year++) {
		for (uint64_t i = 0; i < nkeys && rows < n; i++) {
			/* a different scrambled order every year (the
			 * multiplier is prime, so a permutation) */
			uint64_t k =
			    (i * 0x9E3779B1u + (uint64_t)year * 7) % nkeys;
			if (mix(k * 31 + (uint64_t)year) % 50 == 0)
				continue; /* a gap in this series */
			unsigned rep, par, flow, cmd;
			key_parts(k, &rep, &par, &flow, &cmd);
			char a[8], b[8];
			iso(rep, 0, a);
			iso(par, 1, b);
			num_field((uint64_t)year, 0, 0);
			num_field(4 + rep * 4, 0, 0);
			field(a, strlen(a), 0);
			num_field(par * 4, 0, 0);
			field(b, strlen(b), 0);
			field(flows[flow], 1, 0);
			num_field(101 + cmd * 8 % 9600, 4, 0);
			value(k, year);
			rows++;
		}
	}
	fwrite(out, 1, olen, stdout);
	return fflush(stdout) ? 1 : 0;
}
