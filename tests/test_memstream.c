/* Tests of memstream.c: what open_memstream would give, checked against
 * text built independently in the test.  The failure path (a write that
 * cannot grow the buffer sets the error flag, fclose returns EOF, the
 * buffer stays valid) is exercised by tests/fault/run.sh, which makes
 * every allocation of `cifra report` fail in turn. */
#include "harness.h"

#include "cifra/memstream.h"

static void test_empty_is_empty_string(void **state)
{
	(void)state;
	char *buf = (char *)1;
	size_t len = 99;
	FILE *fp = cf_memstream_open(&buf, &len);
	assert_non_null(fp);
	assert_null(buf); /* reset at open */
	assert_int_equal(len, 0);
	assert_int_equal(fclose(fp), 0);
	assert_non_null(buf);
	assert_string_equal(buf, "");
	assert_int_equal(len, 0);
	free(buf);
}

/* Many small writes past stdio's buffer and past several doublings. */
static void test_long_text(void **state)
{
	(void)state;
	enum { N = 20000 };
	char *want = malloc(N * 6 + 1);
	assert_non_null(want);
	size_t wl = 0;
	char *buf;
	size_t len;
	FILE *fp = cf_memstream_open(&buf, &len);
	assert_non_null(fp);
	for (int i = 0; i < N; i++) {
		char piece[8];
		int n = snprintf(piece, sizeof piece, "%05d,", i % 100000);
		memcpy(want + wl, piece, (size_t)n);
		wl += (size_t)n;
		assert_true(fprintf(fp, "%05d,", i % 100000) == n);
	}
	want[wl] = '\0';
	assert_int_equal(fflush(fp), 0);
	assert_int_equal(len, wl); /* visible after fflush, as documented */
	assert_false(ferror(fp));
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(len, wl);
	assert_int_equal(strlen(buf), wl);
	assert_string_equal(buf, want);
	free(buf);
	free(want);
}

/* Bytes as written, a NUL in the middle included. */
static void test_binary(void **state)
{
	(void)state;
	char *buf;
	size_t len;
	FILE *fp = cf_memstream_open(&buf, &len);
	assert_non_null(fp);
	assert_int_equal(fwrite("a\0b", 1, 3, fp), 3);
	assert_int_equal(putc('c', fp), 'c');
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(len, 4);
	assert_memory_equal(buf, "a\0bc", 5);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty_is_empty_string),
	    cmocka_unit_test(test_long_text),
	    cmocka_unit_test(test_binary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
