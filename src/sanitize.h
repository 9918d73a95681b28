/* sanitize.h — the one gate between untrusted text and the terminal.
 *
 * Every string that came from the network or a config file passes through
 * sanitize_text() before it is drawn or printed as a table. It removes what
 * could drive the terminal (C0/C1 controls, ESC-introduced sequences such as
 * CSI, OSC — title changes, OSC 52 clipboard writes — and DCS), makes CR, LF
 * and TAB visible, replaces invalid UTF-8 with U+FFFD and drops zero-width
 * characters, so display width is predictable. No curses here. */
#ifndef TT_SANITIZE_H
#define TT_SANITIZE_H

#include <stddef.h>

/* Sanitise in[0..inlen) into out (outsz bytes, > 0). Always NUL-terminates and
 * never splits a UTF-8 sequence at the end. Returns the bytes written (without
 * the NUL). Placeholders: '?' for a control character or an escape sequence,
 * U+FFFD for invalid UTF-8, U+21B5 (↵) for CR/LF, one space for TAB. */
size_t sanitize_text(const char *in, size_t inlen, char *out, size_t outsz);

/* Display width in terminal columns of a sanitised UTF-8 string. */
int sanitize_width(const char *s);

/* Copy at most cols display columns of sanitised s into out; with pad != 0,
 * pad with spaces to exactly cols (a wide character that would straddle the
 * edge becomes a space). Always NUL-terminates; returns bytes written. */
size_t sanitize_fit(const char *s, int cols, int pad, char *out, size_t outsz);

#endif
