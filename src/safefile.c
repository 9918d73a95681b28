/* safefile.c — trusted reads and private writes (see safefile.h). */
#include "safefile.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef TT_MUTANT_NOFOLLOW /* defence: file writes never follow a symlink; the mutant drops O_NOFOLLOW */
#undef O_NOFOLLOW
#define O_NOFOLLOW 0
#endif

/* "alice" or "uid 1234" */
static void owner_name(uid_t uid, char *out, size_t outsz)
{
	struct passwd pw, *res = NULL;
	char buf[1024];

	if (getpwuid_r(uid, &pw, buf, sizeof buf, &res) == 0 && res && res->pw_name)
		snprintf(out, outsz, "%s", res->pw_name);
	else
		snprintf(out, outsz, "uid %u", (unsigned)uid);
}

int safefile_check_trusted(const char *path, const struct stat *st, const char *what, struct tt_error *e)
{
	char owner[64], me[64];
	const char *why = NULL;
	uid_t uid = getuid();

	if (st->st_uid != uid && st->st_uid != 0)
		why = "it belongs to another user";
	else if (st->st_mode & S_IWOTH)
		why = "it is writable by others";
	else if (st->st_mode & S_IWGRP)
		why = "it is writable by group";
	if (!why)
		return 0;
	owner_name(st->st_uid, owner, sizeof owner);
	owner_name(uid, me, sizeof me);
	tt_error_set(e, 0, "%s %s (owner %s, mode %04o): refused, %s", what, path, owner,
		     (unsigned)(st->st_mode & 07777), why);
	if (st->st_uid != uid && st->st_uid != 0)
		tt_error_hint(e, "someone else could change what thingtop does with your credentials: use a copy that "
			      "belongs to %s (or root), mode 0644 or 0600", me);
	else
		tt_error_hint(e, "someone else could change what thingtop does with your credentials: chmod go-w %s", path);
	return -1;
}

FILE *safefile_open_read(const char *path, const char *what, struct stat *st, struct tt_error *e)
{
	struct stat sb;
	FILE *f = fopen(path, "r");

	if (!f) {
		tt_error_set(e, 0, "%s %s: %s", what, path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &sb) != 0) {
		tt_error_set(e, 0, "%s %s: %s", what, path, strerror(errno));
		fclose(f);
		return NULL;
	}
	if (safefile_check_trusted(path, &sb, what, e)) {
		fclose(f);
		return NULL;
	}
	if (st)
		*st = sb;
	return f;
}

int safefile_open_write(const char *path, int append, struct tt_error *e)
{
	int mode = O_WRONLY | O_CLOEXEC | O_NOFOLLOW | (append ? O_APPEND : 0);
	struct stat st;
	int fd;

	fd = open(path, mode | O_CREAT | O_EXCL, 0600);
	if (fd >= 0) {
		fchmod(fd, 0600); /* 0600 whatever the umask left */
		return fd;
	}
	if (errno == EEXIST) /* O_NONBLOCK: a FIFO without a reader must not hang us; refused below */
		fd = open(path, mode | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ELOOP)
			tt_error_set(e, 0, "%s is a symbolic link: refusing to write through it", path);
		else if (errno == ENXIO || errno == EISDIR) /* a FIFO without a reader, a directory */
			tt_error_set(e, 0, "%s is not a regular file: refusing to write it", path);
		else
			tt_error_set(e, 0, "cannot write %s: %s", path, strerror(errno));
		if (errno == ELOOP)
			tt_error_hint(e, "give the path of the file itself");
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		tt_error_set(e, 0, "cannot write %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_uid != getuid()) {
		char owner[64];
		if (!S_ISREG(st.st_mode)) {
			tt_error_set(e, 0, "%s is not a regular file: refusing to write it", path);
		} else {
			owner_name(st.st_uid, owner, sizeof owner);
			tt_error_set(e, 0, "%s (owner %s, mode %04o) belongs to another user: refusing to write it", path,
				     owner, (unsigned)(st.st_mode & 07777));
			tt_error_hint(e, "write to a new file, or one of your own");
		}
		close(fd);
		return -1;
	}
	if (fchmod(fd, 0600) != 0 || (!append && ftruncate(fd, 0) != 0) ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
		tt_error_set(e, 0, "cannot write %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}
