/* test_safefile.c — src/safefile.c and the data-file search (issue 16.4, 16.6,
 * 16.8): a theme or provider override that group or others can write, or that
 * another user owns, is not found (datafile_find: the dashboard's theme_load
 * goes through it) and datafile_find_checked names the file, owner and mode;
 * files written are 0600 whatever the umask, an existing one of the user is
 * made 0600, and a FIFO, a directory or a symbolic link is refused without
 * hanging or following it; a theme is opened first and checked through the
 * descriptor, so a link or a FIFO in its place is refused and the file read is
 * the file checked. The other-owner cases need root (chown nobody). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "datafile.h"
#include "error.h"
#include "safefile.h"

#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_safefile.XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void put(const char *name, const char *text, mode_t mode, char *path, size_t pathsz)
{
	snprintf(path, pathsz, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static void test_theme_override_must_be_trusted(void **state)
{
	char path[128], found[4096];
	struct tt_error e = { 0 };
	(void)state;
	setenv("THINGTOP_THEMES_DIR", dir, 1);
	put("evil.conf", "normal = { fg = \"red\"; };\n", 0664, path, sizeof path);
	/* what theme_load sees: nothing to load */
	assert_int_equal(datafile_find("themes", "evil", found, sizeof found), -1);
	assert_int_equal(datafile_find_checked("themes", "evil", found, sizeof found, &e), -2);
	if (!strstr(e.message, path) || !strstr(e.message, "mode 0664") || !strstr(e.message, "owner ") ||
	    !strstr(e.message, "writable by group"))
		fail_msg("%s", e.message);
	assert_int_equal(chmod(path, 0646), 0);
	assert_int_equal(datafile_find("themes", "evil", found, sizeof found), -1);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(datafile_find("themes", "evil", found, sizeof found), 0);
	assert_string_equal(found, path);
	struct passwd *nobody = getpwnam("nobody");
	if (getuid() == 0 && nobody) {
		assert_int_equal(chown(path, nobody->pw_uid, (gid_t)-1), 0);
		assert_int_equal(datafile_find_checked("themes", "evil", found, sizeof found, &e), -2);
		if (!strstr(e.message, "owner nobody") || !strstr(e.message, "another user"))
			fail_msg("%s", e.message);
	}
	unsetenv("THINGTOP_THEMES_DIR");
}

/* The theme is opened before it is checked (O_NOFOLLOW, fstat on the
 * descriptor): a link or a FIFO in its place is refused, a FIFO without
 * hanging, and the FILE handed back is the file that was checked even when
 * another is renamed over the path afterwards. */
static void test_theme_opened_then_checked(void **state)
{
	char path[128], target[128], found[4096], line[64];
	struct tt_error e = { 0 };
	int rc;
	(void)state;
	setenv("THINGTOP_THEMES_DIR", dir, 1);
	put("real.txt", "normal = { fg = \"red\"; };\n", 0644, target, sizeof target);
	snprintf(path, sizeof path, "%s/linked.conf", dir);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(datafile_find_checked("themes", "linked", found, sizeof found, &e), -2);
	if (!strstr(e.message, path) || !strstr(e.message, "symbolic link"))
		fail_msg("%s", e.message);
	snprintf(path, sizeof path, "%s/fifo.conf", dir);
	assert_int_equal(mkfifo(path, 0644), 0);
	assert_null(datafile_open_checked("themes", "fifo", found, sizeof found, &rc, &e));
	assert_int_equal(rc, -2);
	if (!strstr(e.message, path) || !strstr(e.message, "not a regular file"))
		fail_msg("%s", e.message);

	put("good.conf", "checked\n", 0644, path, sizeof path);
	FILE *f = datafile_open_checked("themes", "good", found, sizeof found, &rc, &e);
	assert_non_null(f);
	assert_int_equal(rc, 0);
	assert_string_equal(found, path);
	/* swapped after the check: the FILE still reads the checked file */
	put("swap.txt", "swapped\n", 0666, target, sizeof target);
	assert_int_equal(rename(target, path), 0);
	assert_non_null(fgets(line, sizeof line, f));
	assert_string_equal(line, "checked\n");
	fclose(f);
	unsetenv("THINGTOP_THEMES_DIR");
}

static void test_write_new_is_0600(void **state)
{
	char path[128];
	struct tt_error e = { 0 };
	struct stat st;
	(void)state;
	mode_t old = umask(0);
	snprintf(path, sizeof path, "%s/new", dir);
	int fd = safefile_open_write(path, 0, &e);
	umask(old);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	close(fd);
	/* an existing file of the user: made 0600; truncated, or appended to */
	put("old", "0123456789", 0666, path, sizeof path);
	fd = safefile_open_write(path, 1, &e);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "x", 1), 1);
	close(fd);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_size, 11);
	fd = safefile_open_write(path, 0, &e);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
}

static void test_write_refuses(void **state)
{
	char path[128], target[128];
	struct tt_error e = { 0 };
	struct stat st;
	(void)state;
	snprintf(path, sizeof path, "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(safefile_open_write(path, 0, &e), -1); /* and does not wait for a reader */
	assert_non_null(strstr(e.message, "not a regular file"));
	snprintf(path, sizeof path, "%s/sub", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(safefile_open_write(path, 0, &e), -1);
	put("target", "keep", 0644, target, sizeof target);
	snprintf(path, sizeof path, "%s/link", dir);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(safefile_open_write(path, 1, &e), -1);
	assert_non_null(strstr(e.message, "symbolic link"));
	snprintf(path, sizeof path, "%s/dangling", dir);
	assert_int_equal(symlink("/tmp/test_safefile-nonexistent", path), 0);
	assert_int_equal(safefile_open_write(path, 0, &e), -1);
	assert_int_equal(access("/tmp/test_safefile-nonexistent", F_OK), -1);
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_int_equal(st.st_size, 4);
	struct passwd *nobody = getpwnam("nobody");
	if (getuid() == 0 && nobody) {
		put("theirs", "theirs", 0666, path, sizeof path);
		assert_int_equal(chown(path, nobody->pw_uid, (gid_t)-1), 0);
		assert_int_equal(safefile_open_write(path, 0, &e), -1);
		assert_non_null(strstr(e.message, "owner nobody"));
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_size, 6);
		assert_int_equal(st.st_mode & 07777, 0666);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_theme_override_must_be_trusted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_theme_opened_then_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_new_is_0600, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_refuses, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
