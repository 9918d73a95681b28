/* safefile.h — opening the files thingtop trusts or writes, in one place.
 *
 * Reading: a configuration file, a provider override or a theme is code in
 * all but name (URLs that receive the credentials, commands that print them),
 * so like ssh with its keys and config thingtop refuses one that someone
 * other than the user could have written: owned by another user than the user
 * or root, or writable by group or others.
 *
 * Writing: every file thingtop writes (--snapshot, --log, :export) is created
 * 0600 with O_CREAT | O_EXCL | O_NOFOLLOW; an existing one is opened with
 * O_NOFOLLOW, must be a regular file of the user, and is made 0600 (fchmod)
 * before a byte is written. A symbolic link, a device or FIFO and a file of
 * another user are refused and left as they are. Errors name the file, and
 * for a refused owner or mode the owner and the mode. */
#ifndef TT_SAFEFILE_H
#define TT_SAFEFILE_H

#include "error.h"

#include <stdio.h>
#include <sys/stat.h>

/* 0 when st (of path) is a file the user may trust, else -1 with e naming
 * what (e.g. "configuration"), path, owner and mode. */
int safefile_check_trusted(const char *path, const struct stat *st, const char *what, struct tt_error *e);

/* fopen(path, "r") plus safefile_check_trusted on the open file (fstat: the
 * file checked is the file read). st (may be NULL) receives its stat. NULL
 * with e filled on error. */
FILE *safefile_open_read(const char *path, const char *what, struct stat *st, struct tt_error *e);

/* Open path for writing as said above: truncated, or with append != 0 for
 * appending. Returns the descriptor (O_CLOEXEC), or -1 with e filled. */
int safefile_open_write(const char *path, int append, struct tt_error *e);

#endif
