/* ui_version.h — the curses library version, for --version (src/ may not include curses). */
#ifndef TT_UI_VERSION_H
#define TT_UI_VERSION_H
const char *ui_curses_version(void);
#endif
