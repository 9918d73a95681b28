/* ui_version.c — reports the linked curses library version for --version. */
#include "ui_version.h"

#include <curses.h>

const char *ui_curses_version(void)
{
	return curses_version();
}
