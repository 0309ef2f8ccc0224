/* test_outfile.c — the atomic writer (outfile.h) and the check that a
 * chart file is whole (gnuplot.h), on files made by hand. */
#include "harness.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cifra/cifra.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/cifra-test-outfile-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char p[512];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		if (e->d_name[0] != '.' ||
		    (e->d_name[1] && e->d_name[1] != '.'))
			unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
	return 0;
}

static char *path_of(const char *name)
{
	static char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

static int entries(void)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static void write_file(const char *name, const void *buf, size_t n)
{
	FILE *fp = fopen(path_of(name), "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(buf, 1, n, fp), n);
	fclose(fp);
}

static char *read_file(const char *name)
{
	static char buf[256];
	FILE *fp = fopen(path_of(name), "rb");
	assert_non_null(fp);
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* What the cleanup callbacks saw. */
typedef struct seen {
	int tracked, untracked;
	char last[512];
} seen;

static void on_track(void *ctx, const char *path, bool is_dir)
{
	seen *s = ctx;
	(void)is_dir;
	s->tracked++;
	snprintf(s->last, sizeof s->last, "%s", path);
}

static void on_untrack(void *ctx, const char *path)
{
	seen *s = ctx;
	(void)path;
	s->untracked++;
}

/* The temporary is a sibling named .NAME.cifra-PID.tmp; commit renames
 * it over the old file, keeping the old file's mode. */
static void test_commit_replaces(void **state)
{
	(void)state;
	write_file("a.txt", "old", 3);
	chmod(path_of("a.txt"), 0600);
	seen s = {0};
	cf_cleanup c = {&s, on_track, on_untrack, NULL, NULL};
	cf_outfile *of = NULL;
	cf_error err;
	assert_int_equal(cf_outfile_open(path_of("a.txt"), &c, &of, &err), 0);
	char want[512];
	snprintf(want, sizeof want, "%s/.a.txt.cifra-%ld.tmp", dir,
		 (long)getpid());
	assert_string_equal(cf_outfile_temp_path(of), want);
	assert_string_equal(s.last, want);
	assert_int_equal(entries(), 2);
	fputs("new", cf_outfile_stream(of));
	assert_string_equal(read_file("a.txt"), "old");
	assert_int_equal(cf_outfile_commit(of, &err), 0);
	assert_string_equal(read_file("a.txt"), "new");
	assert_int_equal(entries(), 1);
	assert_int_equal(s.tracked, 1);
	assert_int_equal(s.untracked, 1);
	struct stat st;
	assert_int_equal(stat(path_of("a.txt"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static void test_abort_keeps(void **state)
{
	(void)state;
	write_file("b.txt", "old", 3);
	cf_outfile *of = NULL;
	cf_error err;
	assert_int_equal(cf_outfile_open(path_of("b.txt"), NULL, &of, &err), 0);
	fputs("half", cf_outfile_stream(of));
	cf_outfile_abort(of);
	assert_string_equal(read_file("b.txt"), "old");
	assert_int_equal(entries(), 1);
}

/* A taken temporary name (a crashed run with our pid) is skipped. */
static void test_taken_temp_name(void **state)
{
	(void)state;
	char stale[128];
	snprintf(stale, sizeof stale, ".c.txt.cifra-%ld.tmp", (long)getpid());
	write_file(stale, "stale", 5);
	cf_outfile *of = NULL;
	cf_error err;
	assert_int_equal(cf_outfile_open(path_of("c.txt"), NULL, &of, &err), 0);
	assert_non_null(strstr(cf_outfile_temp_path(of), "-1.tmp"));
	assert_int_equal(cf_outfile_commit(of, &err), 0);
	assert_string_equal(read_file(stale), "stale");
}

static void test_refused_targets(void **state)
{
	(void)state;
	cf_outfile *of = NULL;
	cf_error err;
	assert_int_equal(cf_outfile_open(dir, NULL, &of, &err), CF_EWRITE);
	assert_null(of);
	assert_non_null(strstr(err.message, "a directory"));
	assert_string_equal(err.file, dir);
	assert_int_equal(cf_outfile_open(path_of("no/such/x"), NULL, &of, &err),
			 CF_EWRITE);
}

/* /dev/null is written through, and stays a device. */
static void test_write_through(void **state)
{
	(void)state;
	cf_outfile *of = NULL;
	cf_error err;
	assert_int_equal(cf_outfile_open("/dev/null", NULL, &of, &err), 0);
	fputs("discarded", cf_outfile_stream(of));
	assert_int_equal(cf_outfile_commit(of, &err), 0);
	struct stat st;
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	if (access("/dev/full", W_OK) == 0) {
		assert_int_equal(cf_outfile_open("/dev/full", NULL, &of, &err),
				 0);
		fputs("no room", cf_outfile_stream(of));
		assert_int_equal(cf_outfile_commit(of, &err), CF_EWRITE);
		assert_string_equal(err.file, "/dev/full");
	}
}

/* A PNG by hand: signature, IHDR (13 bytes of data), IEND. */
static const unsigned char png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0,    0, 0, 13,
    'I',  'H', 'D', 'R', 0,    0,    0,	   1,	 0,    0, 0, 1,
    8,	  2,   0,   0,	 0,    0x90, 0x77, 0x53, 0xde, 0, 0, 0,
    0,	  'I', 'E', 'N', 'D',  0xae, 0x42, 0x60, 0x82};

static void test_chart_whole(void **state)
{
	(void)state;
	cf_error err;
	const char svg[] =
	    "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://"
	    "www.w3.org/2000/svg\"><g><text>x</text></g></svg>\n";
	write_file("ok.svg", svg, sizeof svg - 1);
	assert_int_equal(
	    cf_chart_file_check(path_of("ok.svg"), CF_PLOT_SVG, "ok.svg", &err),
	    0);
	write_file("cut.svg", svg, sizeof svg / 2);
	assert_int_equal(cf_chart_file_check(path_of("cut.svg"), CF_PLOT_SVG,
					     "cut.svg", &err),
			 CF_EPLOT);
	assert_non_null(strstr(err.message, "incomplete SVG"));
	/* ends as gnuplot's SVGs do, broken inside: libxml2's verdict, not
	 * taken for running out of memory */
	const char broken[] = "<svg><g><text>x</g></svg>\n";
	write_file("broken.svg", broken, sizeof broken - 1);
	assert_int_equal(cf_chart_file_check(path_of("broken.svg"), CF_PLOT_SVG,
					     "broken.svg", &err),
			 CF_EPLOT);
	const char notsvg[] = "<html></html></svg>\n";
	write_file("notsvg.svg", notsvg, sizeof notsvg - 1);
	assert_int_equal(cf_chart_file_check(path_of("notsvg.svg"), CF_PLOT_SVG,
					     "notsvg.svg", &err),
			 CF_EPLOT);
	const char html[] = "<html></html>";
	write_file("not.svg", html, sizeof html - 1);
	assert_int_equal(cf_chart_file_check(path_of("not.svg"), CF_PLOT_SVG,
					     "not.svg", &err),
			 CF_EPLOT);
	write_file("ok.png", png, sizeof png);
	assert_int_equal(
	    cf_chart_file_check(path_of("ok.png"), CF_PLOT_PNG, "ok.png", &err),
	    0);
	write_file("cut.png", png, sizeof png - 4);
	assert_int_equal(cf_chart_file_check(path_of("cut.png"), CF_PLOT_PNG,
					     "cut.png", &err),
			 CF_EPLOT);
	write_file("noend.png", png, sizeof png - 12);
	assert_int_equal(cf_chart_file_check(path_of("noend.png"), CF_PLOT_PNG,
					     "noend.png", &err),
			 CF_EPLOT);
	write_file("empty.png", "", 0);
	assert_int_equal(cf_chart_file_check(path_of("empty.png"), CF_PLOT_PNG,
					     "empty.png", &err),
			 CF_EPLOT);
	assert_non_null(strstr(err.message, "wrote nothing"));
}

/* ---- groups (cf_outgroup) ---- */

/* A registry like the command line's: the paths tracked now, and what an
 * interrupt would do (unlink them, rmdir for directories). */
typedef struct registry {
	char paths[16][512];
	bool dir[16];
	int holds, max_hold;
} registry;

static void reg_track(void *ctx, const char *path, bool is_dir)
{
	registry *r = ctx;
	for (int i = 0; i < 16; i++)
		if (!r->paths[i][0]) {
			snprintf(r->paths[i], sizeof r->paths[i], "%s", path);
			r->dir[i] = is_dir;
			return;
		}
	fail_msg("registry full");
}

static void reg_untrack(void *ctx, const char *path)
{
	registry *r = ctx;
	for (int i = 0; i < 16; i++)
		if (!strcmp(r->paths[i], path)) {
			r->paths[i][0] = '\0';
			return;
		}
}

static void reg_hold(void *ctx, bool on)
{
	registry *r = ctx;
	r->holds += on ? 1 : -1;
	r->max_hold = r->holds > r->max_hold ? r->holds : r->max_hold;
}

static int reg_count(const registry *r)
{
	int n = 0;
	for (int i = 0; i < 16; i++)
		n += r->paths[i][0] != '\0';
	return n;
}

/* What the signal handler does with the registry. */
static void reg_interrupt(registry *r)
{
	for (int i = 16; i-- > 0;)
		if (r->paths[i][0] && !r->dir[i])
			unlink(r->paths[i]);
	for (int i = 16; i-- > 0;)
		if (r->paths[i][0] && r->dir[i])
			rmdir(r->paths[i]);
}

/* Two files staged: a.csv (exists) and b.csv (new). */
static cf_outgroup *stage_two(registry *r, cf_cleanup *c, cf_outfile **b)
{
	write_file("a.csv", "old a", 5);
	*c = (cf_cleanup){r, reg_track, reg_untrack, NULL, reg_hold};
	cf_outgroup *g = NULL;
	cf_outfile *a = NULL;
	cf_error err;
	assert_int_equal(cf_outgroup_new(c, &g, &err), 0);
	assert_int_equal(cf_outgroup_open(g, path_of("a.csv"), &a, &err), 0);
	assert_int_equal(cf_outgroup_open(g, path_of("b.csv"), b, &err), 0);
	fputs("new a", cf_outfile_stream(a));
	fputs("new b", cf_outfile_stream(*b));
	return g;
}

static void test_group_commit(void **state)
{
	(void)state;
	registry r = {0};
	cf_cleanup c;
	cf_outfile *b;
	cf_outgroup *g = stage_two(&r, &c, &b);
	assert_int_equal(entries(), 3); /* a.csv and two temporaries */
	assert_int_equal(reg_count(&r), 2);
	cf_error err;
	assert_int_equal(cf_outgroup_commit(g, NULL, NULL, &err), 0);
	assert_string_equal(read_file("a.csv"), "new a");
	assert_string_equal(read_file("b.csv"), "new b");
	assert_int_equal(entries(), 2); /* no temporary, no .old left */
	assert_int_equal(reg_count(&r), 0);
	assert_int_equal(r.holds, 0);
	assert_int_equal(r.max_hold, 1);
}

/* The second rename fails (its temporary is gone): the first file, already
 * renamed in, is put back; nothing of the group is left. */
static void test_group_fails_half_way(void **state)
{
	(void)state;
	registry r = {0};
	cf_cleanup c;
	cf_outfile *b;
	cf_outgroup *g = stage_two(&r, &c, &b);
	unlink(cf_outfile_temp_path(b));
	cf_error err;
	cf_error_clear(&err);
	assert_int_equal(cf_outgroup_commit(g, NULL, NULL, &err), CF_EWRITE);
	assert_string_equal(err.file, path_of("b.csv"));
	assert_string_equal(read_file("a.csv"), "old a");
	assert_int_equal(entries(), 1);
	assert_int_equal(reg_count(&r), 0);
	assert_int_equal(r.holds, 0);
}

static int refuse_check(void *ctx, cf_error *err)
{
	int *calls = ctx;
	++*calls;
	/* every file is in place when the check runs */
	assert_string_equal(read_file("a.csv"), "new a");
	assert_string_equal(read_file("b.csv"), "new b");
	return cf_error_set(err, CF_EDATA, "x", 1, 1, "does not load");
}

/* The caller's check refuses the result: both files as they were. */
static void test_group_check_refuses(void **state)
{
	(void)state;
	registry r = {0};
	cf_cleanup c;
	cf_outfile *b;
	cf_outgroup *g = stage_two(&r, &c, &b);
	int calls = 0;
	cf_error err;
	assert_int_equal(cf_outgroup_commit(g, refuse_check, &calls, &err),
			 CF_EDATA);
	assert_int_equal(calls, 1);
	assert_string_equal(read_file("a.csv"), "old a");
	assert_int_equal(access(path_of("b.csv"), F_OK), -1);
	assert_int_equal(entries(), 1);
	assert_int_equal(reg_count(&r), 0);
}

/* An interrupt before the commit: the registry names every temporary, so
 * the handler leaves the directory as it was. */
static void test_group_interrupted(void **state)
{
	(void)state;
	registry r = {0};
	cf_cleanup c;
	cf_outfile *b;
	cf_outgroup *g = stage_two(&r, &c, &b);
	reg_interrupt(&r);
	assert_int_equal(entries(), 1);
	assert_string_equal(read_file("a.csv"), "old a");
	cf_outgroup_abort(g); /* what is left to free */
}

/* A target that cannot be renamed over (a directory, a device) is refused
 * when it is added, before anything is replaced. */
static void test_group_refused_target(void **state)
{
	(void)state;
	write_file("a.csv", "old a", 5);
	cf_outgroup *g = NULL;
	cf_outfile *of = NULL;
	cf_error err;
	assert_int_equal(cf_outgroup_new(NULL, &g, &err), 0);
	assert_int_equal(cf_outgroup_open(g, path_of("a.csv"), &of, &err), 0);
	fputs("new a", cf_outfile_stream(of));
	assert_int_equal(cf_outgroup_open(g, "/dev/null", &of, &err),
			 CF_EWRITE);
	assert_non_null(strstr(err.message, "not a regular file"));
	assert_int_equal(cf_outgroup_adopt(g, path_of("a.csv"), dir, &err),
			 CF_EWRITE);
	assert_non_null(strstr(err.message, "a directory"));
	cf_outgroup_abort(g);
	assert_string_equal(read_file("a.csv"), "old a");
	assert_int_equal(entries(), 1);
}

/* A private directory becomes a new directory whole; an existing name is
 * refused and the private directory kept for the caller to remove. */
static void test_tempdir_commit(void **state)
{
	(void)state;
	registry r = {0};
	cf_cleanup c = {&r, reg_track, reg_untrack, NULL, NULL};
	char *tmp = NULL, *target = strdup(path_of("new"));
	cf_error err;
	assert_int_equal(cf_tempdir_create(target, &c, &tmp, &err), 0);
	char *inside = cf_path_join(tmp, "x.csv");
	FILE *fp = fopen(inside, "w");
	fputs("x", fp);
	fclose(fp);
	cf_cleanup_track(&c, inside, false);
	assert_int_equal(reg_count(&r), 2);
	assert_int_equal(cf_tempdir_commit(tmp, target, &c, &err), 0);
	assert_int_equal(reg_count(&r), 0);
	assert_string_equal(read_file("new/x.csv"), "x");
	free(tmp);
	assert_int_equal(cf_tempdir_create(target, &c, &tmp, &err), 0);
	assert_int_equal(cf_tempdir_commit(tmp, target, &c, &err), CF_EWRITE);
	assert_non_null(strstr(err.message, "already exists"));
	cf_tempdir_remove(tmp, &c);
	unlink(path_of("new/x.csv"));
	rmdir(target);
	assert_int_equal(entries(), 0);
	free(inside);
	free(tmp);
	free(target);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_commit_replaces, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_abort_keeps, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_taken_temp_name, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_refused_targets, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_write_through, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_chart_whole, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_group_commit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_group_fails_half_way, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_group_check_refuses, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_group_interrupted, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_group_refused_target, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_tempdir_commit, setup,
					    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
