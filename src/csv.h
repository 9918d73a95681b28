/* csv.h — the one CSV writer, shared by --dump --format csv and the
 * dashboard's :export. RFC 4180: a field is quoted only when it needs it
 * (it holds a comma, a double quote, CR or LF), a double quote inside is
 * doubled, CR and LF are kept as data inside the quotes. Every other run
 * of the text passes the sanitiser, so an escape sequence in a name cannot
 * drive the terminal the CSV is printed on (or later cat'ed to), and a
 * field starting with = + - @ TAB or CR gets a leading ' so a spreadsheet
 * shows it as text instead of running it as a formula. Records
 * are the caller's: fields joined by ',' (csv_sep), ended by "\n". */
#ifndef TT_CSV_H
#define TT_CSV_H

#include "strbuf.h"

/* Append s to b as one field. */
void csv_field(struct strbuf *b, const char *s);
/* Append the separator (unless first) and then s as one field. */
void csv_sep_field(struct strbuf *b, const char *s, int first);

#endif
