/* datafile.c — the search path for providers/ and themes/ (see datafile.h). */
#include "datafile.h"
#include "xalloc.h"

#include "safefile.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DIRS 6
#define MAX_NAMES 256

struct dirs {
	char path[MAX_DIRS][4096];
	int n;
};

static void dirs_add(struct dirs *d, const char *fmt, const char *a, const char *b)
{
	if (!a || !*a || d->n >= MAX_DIRS)
		return;
	if (snprintf(d->path[d->n], sizeof d->path[0], fmt, a, b) >= (int)sizeof d->path[0])
		return;
	for (int i = 0; i < d->n; i++)
		if (!strcmp(d->path[i], d->path[d->n]))
			return;
	d->n++;
}

static void dirs_build(const char *kind, struct dirs *d)
{
	char env[64], exe[4096];
	size_t i;

	d->n = 0;
	/* THINGTOP_PROVIDERS_DIR, THINGTOP_THEMES_DIR */
	snprintf(env, sizeof env, "THINGTOP_%s_DIR", kind);
	for (i = 0; env[i]; i++)
		env[i] = (char)toupper((unsigned char)env[i]);
	dirs_add(d, "%s%s", getenv(env), "");
	dirs_add(d, "%s/thingtop/%s", getenv("XDG_CONFIG_HOME"), kind);
	dirs_add(d, "%s/.config/thingtop/%s", getenv("HOME"), kind);
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			dirs_add(d, "%s/%s", exe, kind);
		}
	}
	dirs_add(d, "%s/%s", PKGDATADIR, kind);
#ifdef TT_SRCDIR
	dirs_add(d, "%s/%s", TT_SRCDIR, kind);
#endif
}

int datafile_name_valid(const char *name)
{
	if (!name || !*name || strlen(name) > 64)
		return 0;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
			return 0;
	return 1;
}

FILE *datafile_open_checked(const char *kind, const char *name, char *out, size_t outsz, int *rc,
			    struct tt_error *e)
{
	const char *what = kind[0] == 't' ? "theme" : "provider file";
	struct dirs d;
	struct stat st;

	*rc = -1;
	if (!datafile_name_valid(name))
		return NULL;
	dirs_build(kind, &d);
	for (int i = 0; i < d.n; i++) {
		if (snprintf(out, outsz, "%s/%s.conf", d.path[i], name) >= (int)outsz)
			continue;
		/* Opened first, then checked through the descriptor (fstat): the
		 * file read is the file checked, whatever is renamed into its place
		 * in between. No symbolic link (O_NOFOLLOW), and O_NONBLOCK so that
		 * a FIFO cannot hang the start; it is refused below. */
		int fd = open(out, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
		if (fd < 0 && errno != ELOOP)
			continue; /* none here, or not readable: the next directory */
		/* the user's override wins, so a refused one must not fall back to the next */
		*rc = -2;
		if (fd < 0) {
			tt_error_set(e, 0, "%s %s is a symbolic link: refused", what, out);
			tt_error_hint(e, "put the file itself there, not a link to it");
			return NULL;
		}
		if (fstat(fd, &st) != 0) {
			tt_error_set(e, 0, "%s %s: %s", what, out, strerror(errno));
			close(fd);
			return NULL;
		}
		if (!S_ISREG(st.st_mode)) {
			tt_error_set(e, 0, "%s %s is not a regular file: refused", what, out);
			close(fd);
			return NULL;
		}
		if (safefile_check_trusted(out, &st, what, e) != 0) {
			close(fd);
			return NULL;
		}
		FILE *f = NULL;
		if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0)
			f = fdopen(fd, "r");
		if (!f) {
			tt_error_set(e, 0, "%s %s: %s", what, out, strerror(errno));
			close(fd);
			return NULL;
		}
		*rc = 0;
		return f;
	}
	if (outsz)
		out[0] = '\0';
	return NULL;
}

int datafile_find_checked(const char *kind, const char *name, char *out, size_t outsz, struct tt_error *e)
{
	int rc;
	FILE *f = datafile_open_checked(kind, name, out, outsz, &rc, e);

	if (f)
		fclose(f);
	return rc;
}

int datafile_find(const char *kind, const char *name, char *out, size_t outsz)
{
	return datafile_find_checked(kind, name, out, outsz, NULL) == 0 ? 0 : -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int datafile_list(const char *kind, void (*fn)(void *ud, const char *name), void *ud)
{
	struct dirs d;
	char *names[MAX_NAMES];
	int n = 0;

	dirs_build(kind, &d);
	for (int i = 0; i < d.n; i++) {
		DIR *dir = opendir(d.path[i]);
		struct dirent *ent;

		if (!dir)
			continue;
		while ((ent = readdir(dir)) && n < MAX_NAMES) {
			size_t len = strlen(ent->d_name);
			if (len < 6 || strcmp(ent->d_name + len - 5, ".conf"))
				continue;
			char *name = xstrndup(ent->d_name, len - 5);
			int dup = !name || !datafile_name_valid(name);
			for (int j = 0; !dup && j < n; j++)
				dup = !strcmp(names[j], name);
			if (dup)
				free(name);
			else
				names[n++] = name;
		}
		closedir(dir);
	}
	qsort(names, (size_t)n, sizeof names[0], cmp_str);
	for (int i = 0; i < n; i++) {
		fn(ud, names[i]);
		free(names[i]);
	}
	return n;
}

void datafile_dirs(const char *kind, char *out, size_t outsz)
{
	struct dirs d;
	size_t used = 0;

	dirs_build(kind, &d);
	if (outsz)
		out[0] = '\0';
	for (int i = 0; i < d.n && used < outsz; i++) {
		int w = snprintf(out + used, outsz - used, "%s%s", i ? ", " : "", d.path[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

struct names_buf {
	char *out;
	size_t size;
};

static void add_name(void *ud, const char *name)
{
	struct names_buf *b = ud;
	size_t n = strlen(b->out);
	snprintf(b->out + n, b->size - n, "%s%s", n ? ", " : "", name);
}

void datafile_names(const char *kind, char *out, size_t outsz)
{
	struct names_buf b = { out, outsz };
	if (!outsz)
		return;
	out[0] = '\0';
	datafile_list(kind, add_name, &b);
}
