/* datafile.h — where thingtop finds its data files (providers/NAME.conf and
 * themes/NAME.conf) and how it lists them. One search order for every kind:
 *   $THINGTOP_<KIND>_DIR, $XDG_CONFIG_HOME/thingtop/<kind>,
 *   ~/.config/thingtop/<kind>, <directory of the binary>/<kind> (a build tree),
 *   $(pkgdatadir)/<kind> (installed), <source tree>/<kind> (uninstalled build).
 * The first readable NAME.conf wins, so a user file overrides the shipped one. */
#ifndef TT_DATAFILE_H
#define TT_DATAFILE_H

#include <stddef.h>
#include <stdio.h>

/* kind is "providers" or "themes". Names may hold only a-z, 0-9, '-' and '_'. */
int datafile_name_valid(const char *name);

/* Find KIND/NAME.conf; 0 and the path in out, or -1 when none is readable or
 * the first one found is refused (safefile_check_trusted: another user's, or
 * writable by group or others) — no fallback to the next directory then. */
int datafile_find(const char *kind, const char *name, char *out, size_t outsz);
/* The same, telling why: 0 found, -1 none (e untouched), -2 the first one
 * found is refused (e names the file, its owner and its mode). */
struct tt_error;
int datafile_find_checked(const char *kind, const char *name, char *out, size_t outsz, struct tt_error *e);
/* The same, and the file open for reading (NULL unless *rc is 0): opened
 * first, with O_NOFOLLOW, and checked through the descriptor (fstat), so the
 * file read is the one checked. A symbolic link, a FIFO or a directory where
 * the file should be is refused (-2) like an untrusted file. Read from the
 * FILE, not the path: checking a path and then opening it again would let a
 * file be swapped in between. */
FILE *datafile_open_checked(const char *kind, const char *name, char *out, size_t outsz, int *rc,
			    struct tt_error *e);

/* Call fn once per distinct NAME found in any search directory, sorted by name.
 * Returns the number of names. */
int datafile_list(const char *kind, void (*fn)(void *ud, const char *name), void *ud);

/* The names datafile_list finds, joined with ", " into out (for hints). */
void datafile_names(const char *kind, char *out, size_t outsz);
/* The search directories as one human-readable line, for error hints. */
void datafile_dirs(const char *kind, char *out, size_t outsz);

#endif
