/* bulk_impl.h — the parts of the grouped-growth engine (bulk.h) and what
 * they share; private to src/bulk*.c.
 *
 * Where the time goes (docs/large-files.md has the measured table): CSV
 * parsing, one cache miss or two per row to find its key, moving rows into
 * key order, and output formatting.  So:
 * - a value is kept as its decimal mantissa and scale, from which both its
 *   text, exactly as read, and its double (one correctly rounded division,
 *   the double strtod gives) come back: a row is 16 bytes with its time and
 *   line, plus its key's index (bulk_num.c);
 * - keys are encoded once into an order-preserving byte string and looked
 *   up in batches with prefetching (bulk_store.c);
 * - a regular file is split at record boundaries into one part per core,
 *   each parsed by its own libcsv parser into a store of its own; a stream
 *   is parsed by one thread while a second looks keys up (bulk_read.c);
 * - at the end, the parts' keys are merged, rows are moved into key order
 *   by a counting sort on the key's rank, and two threads format blocks of
 *   output with a hand-written number formatter, written in order
 *   (bulk_finish.c, bulk_emit.c).
 * With --sorted, none of that: one key's rows at a time (bulk_sorted.c).
 *
 * Files: bulk.c (the public face, errors explained), bulk_read.c,
 * bulk_store.c, bulk_num.c, bulk_emit.c, bulk_finish.c, bulk_sorted.c.
 * Internal functions return 0 or a negative CF_E… code and fill err, like
 * the library's public ones. */
#ifndef CIFRA_BULK_IMPL_H
#define CIFRA_BULK_IMPL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "cifra/bulk.h"
#include "cifra/csvio.h"

#define MAX_KEYS       64
#define MAX_TSV_FIELDS (MAX_KEYS + 2)
#define MAX_WHERE      64
#define MAX_PARTS      32
#define PROGRESS_EVERY 65536
#define OBUF_SIZE      (1 << 20)

/* The low byte of a row's value word; the magnitude sits above it. */
#define V_SCALE	   0x1fu /* digits after the point (≤ 22) */
#define V_NEG	   0x20u /* negative */
#define V_MISSING  0x40u /* empty field */
#define V_TEXT	   0x80u /* magnitude is an offset into the text arena */
#define MANT_LIMIT (UINT64_C(1) << 53)

typedef struct bulk_row {
	uint64_t v;
	int32_t time;
	uint32_t line; /* for naming both lines of a duplicate */
} bulk_row;

typedef struct buf {
	char *p;
	size_t len, cap;
} buf;

/* One input record, CSV or TSV, as the engine sees it. */
typedef struct bulk_rec {
	const char *const *f;
	const size_t *len;
	long line;
	const cf_csv_record *csv; /* NULL for TSV */
	const char *tsv_line;	  /* TSV: the line, for columns */
} bulk_rec;

/* A record waiting in a batch for its key to be looked up. */
typedef struct pending {
	uint64_t hash;
	uint32_t off, len; /* encoded key in the batch's bytes */
	size_t slot;
	bulk_row row;
} pending;

#define BATCH	   64	      /* keys looked up together */
#define QBATCH	   8192	      /* records handed to the worker at once */
#define NQ	   8	      /* hand-over batches in flight */
#define CHUNK_ROWS (1u << 19) /* 2 MB of key indices: a huge page */

/* Records read, waiting for their keys to be looked up. */
typedef struct batch {
	pending *pd;
	size_t n;
	buf bytes; /* their encoded keys */
} batch;

/* Keys and rows of one part of the input.  Key entries live in karena
 * ([uint32 index][uint32 len][bytes]), found through an open-addressing
 * table of words holding the low 32 bits of the key's hash (so the table
 * grows without reading a key again: the slot index is made of those
 * bits) and offset + 1; rows are appended to chunks with their key's
 * index; values that are not plain decimals go to tarena. */
typedef struct bulk_store {
	buf karena;
	uint32_t *keyoff;
	size_t nkeys, capkeys;
	uint64_t *table;
	size_t tmask;
	bulk_row **rchunk;
	uint32_t **kchunk;
	size_t nchunks, capchunks, nrows;
	buf tarena;
} bulk_store;

/* One part of the input being read into its store.  A part read from a
 * stream hands batches of records to a worker thread that looks their
 * keys up, so parsing and lookups overlap; a part of a file split across
 * cores looks its keys up itself. */
typedef struct bulk_part {
	struct cf_bulk *b;
	bulk_store st;
	/* The worker's fields sit apart from the reader's so that the two
	 * cores do not pass cache lines back and forth. */
	char pad1[128];
	int wrc;
	cf_error werr;
	char pad2[128];
	batch q[NQ];
	size_t qfill;
	bool full[NQ], stop, failed, threaded, sync_ok;
	pthread_t worker;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* A part of a split file: its range, line numbers counted from 1 at
	 * its start (line_base is added once known), its outcome. */
	cf_csv_range rg;
	long line_base;
	int rc;
	cf_error err;
	_Atomic long rows;
} bulk_part;

/* Where output rows are formatted: each thread has its own.  A direct one
 * writes its buffer out whenever it fills; another grows it until the
 * block it formats is written by the main thread. */
typedef struct emitter {
	buf obuf, prefix;
	double *xs, *ys; /* summary: present points of one key */
	size_t xycap;
	bool direct;
} emitter;

struct cf_bulk {
	cf_bulk_options opt;
	FILE *out;
	FILE *in; /* kept for explaining a duplicate (bulk.c) */
	const char *name;
	size_t nk;
	size_t kcol[MAX_KEYS], tcol, vcol;
	size_t wcol[MAX_WHERE]; /* --where columns */
	size_t ncols;		/* fields in the header */
	bool header_done;
	int nomem_seen;	   /* an allocation failed: explain it (bulk.c) */
	long long in_size; /* bytes, for the out-of-memory advice */
	unsigned long dup_line[2]; /* a repeated key+time (bulk.c explains) */

	bulk_part *parts;
	size_t nparts;
	pthread_t caller; /* the thread progress is reported on */

	/* the merged text arena: values that are not plain decimals, of all
	 * parts (their rows' offsets rebased), and of --sorted's current key */
	buf tarena;

	/* Sorted: the current key and its rows; fingerprints of finished keys
	 * with the line where each began. */
	buf cur, scratch;
	bulk_row *crow;
	size_t ncrow, capcrow;
	long cur_line;
	uint64_t cur_hash;
	uint64_t *seen;
	uint32_t *seen_line;
	size_t nseen, seen_mask;

	emitter em, em2; /* the main thread's, and the helper's */
	cf_bulk_timing timing;
};

/* Seconds on a monotonic clock, for cf_bulk_timing. */
double bulk_now(void);

/* bulk.c */
int bulk_nomem(cf_error *err);
int buf_reserve(buf *b, size_t more);
/* Runs fn(arg) in a new thread, or here if none can be had; true when a
 * thread was started (join it). */
bool run_beside(pthread_t *t, void *(*fn)(void *), void *arg);

/* bulk_num.c: numbers in and out */
int parse_time(const char *s, size_t n, int32_t *out);
/* 0, -1 not a number, -2 out of memory, -3 out of binary64's range */
int parse_value(buf *tarena, const char *s, size_t n, uint64_t *out);
int parse_other(buf *tarena, const char *s, size_t n, uint64_t *out);
double row_value(const buf *tarena, uint64_t v);
char *put_uint(char *p, uint64_t u);
char *put_int(char *p, int64_t i);
size_t value_text_len(const buf *tarena, uint64_t v);
char *put_value(const buf *tarena, char *p, uint64_t v);
extern const double bulk_p10[23];

/* bulk_store.c: keys and rows */
size_t encode_key(char *d, const char *const *f, const size_t *l, size_t n);
size_t encoded_max(const size_t *l, size_t n);
size_t next_field(const char **k, char *tmp);
uint64_t hash_bytes(const char *s, size_t n);
int store_init(bulk_store *st);
void store_free(bulk_store *st);
size_t store_chunk_rows(const bulk_store *st, size_t c);
int run_qbatch(bulk_store *st, batch *q, cf_error *err);
/* Index in st of the key k[0, len) with the given hash: 0, or -1 when st
 * does not hold it.  Reads only: threads may look up at once. */
int store_find(const bulk_store *st, const char *k, uint32_t len, uint64_t hash,
	       uint32_t *idx);
/* Index in st of the key k[0, len) with the given hash, added if new. */
int store_intern(bulk_store *st, const char *k, uint32_t len, uint64_t hash,
		 uint32_t *idx);

/* bulk_read.c: records in */
int bulk_read_csv(cf_bulk *b, FILE *in, cf_error *err);
int bulk_read_tsv(cf_bulk *b, FILE *in, cf_error *err);
int field_error(const cf_bulk *b, const bulk_rec *r, size_t col, cf_error *err,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void key_fields(const cf_bulk *b, const bulk_rec *r, const char **kf,
		size_t *kl);

/* bulk_emit.c: rows out */
int flush_out(cf_bulk *b, emitter *e, cf_error *err);
int write_header(cf_bulk *b, cf_error *err);
void sort_rows(bulk_row *r, size_t n);
int merge_dups(cf_bulk *b, const char *k, size_t klen, bulk_row *r, size_t *n,
	       cf_error *err);
int duplicate_error(cf_bulk *b, const char *k, size_t klen, const bulk_row *a,
		    const bulk_row *c, cf_error *err);
int emit_key(cf_bulk *b, emitter *e, const char *k, size_t klen,
	     const bulk_row *r, size_t n, cf_error *err);
void emitter_free(emitter *e);

/* bulk_finish.c: parts merged, rows in key order, output in blocks */
int finish_unsorted(cf_bulk *b, cf_error *err);

/* bulk_sorted.c: streaming */
int sorted_add(cf_bulk *b, const bulk_rec *r, bulk_row row, cf_error *err);
int flush_current(cf_bulk *b, cf_error *err);

#endif
