/* sanitize.c — make untrusted text safe and measurable for a terminal (see sanitize.h). */
#include "sanitize.h"

#include <stdint.h>
#include <string.h>
#include <wchar.h>

#define REPLACEMENT 0xFFFDu   /* invalid UTF-8 */
#define NEWLINE_MARK 0x21B5u  /* ↵ for CR and LF */

/* Decode one strict UTF-8 sequence at s[0..n). Returns its length (1..4) and
 * sets *cp, or returns 0 when the bytes are not valid UTF-8 (overlong forms,
 * surrogates, values above U+10FFFF, truncated or stray continuation bytes). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

static size_t utf8_encode(uint32_t cp, char *buf)
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		buf[0] = (char)(0xC0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		buf[0] = (char)(0xE0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	buf[0] = (char)(0xF0 | (cp >> 18));
	buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	buf[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Invisible characters that would make widths lie or reorder text (bidi
 * overrides are the "Trojan Source" trick): dropped. Combining marks stay. */
static int is_dropped_invisible(uint32_t cp)
{
	static const struct { uint32_t lo, hi; } ranges[] = {
		{ 0x00AD, 0x00AD }, /* soft hyphen */
		{ 0x061C, 0x061C }, /* Arabic letter mark */
		{ 0x180E, 0x180E }, /* Mongolian vowel separator */
		{ 0x200B, 0x200F }, /* zero-width space/joiners, LRM, RLM */
		{ 0x2028, 0x202E }, /* line/paragraph separators, bidi embeddings and overrides */
		{ 0x2060, 0x206F }, /* word joiner, invisible operators, bidi isolates */
		{ 0xFE00, 0xFE0F }, /* variation selectors: terminals disagree on their width */
		{ 0xFEFF, 0xFEFF }, /* BOM / zero-width no-break space */
		{ 0xFFF9, 0xFFFB }, /* interlinear annotation */
		{ 0xE0000, 0xE007F }, /* tag characters */
		{ 0xE0100, 0xE01EF }, /* variation selectors supplement */
	};
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		if (cp >= ranges[i].lo && cp <= ranges[i].hi)
			return 1;
	return 0;
}

/* Skip an escape sequence that starts at s[i] (ESC, or the C1 control cp of
 * length clen). Returns the index just past it. Unterminated sequences run to
 * the end of the input: what follows an unfinished OSC is never shown raw. */
static size_t skip_sequence(const unsigned char *s, size_t n, size_t i, uint32_t c1, size_t clen)
{
	int kind; /* 'C' CSI, 'S' string (OSC, DCS, SOS, PM, APC), 'E' other escape */

	if (c1 == 0x1B) {
		if (i + 1 >= n)
			return n;
		switch (s[i + 1]) {
		case '[': kind = 'C'; break;
		case ']': case 'P': case 'X': case '^': case '_': kind = 'S'; break;
		default: kind = 'E'; break;
		}
		i += (kind == 'E') ? 1 : 2;
	} else {
		kind = (c1 == 0x9B) ? 'C' : 'S';
		i += clen;
	}
	if (kind == 'E') {
		/* ESC intermediates* final: e.g. ESC ( B, ESC 7, ESC c. */
		while (i < n && s[i] >= 0x20 && s[i] <= 0x2F)
			i++;
		if (i < n && s[i] >= 0x30 && s[i] <= 0x7E)
			i++;
		return i;
	}
	if (kind == 'C') {
		while (i < n && s[i] >= 0x20 && s[i] <= 0x3F)
			i++;
		if (i < n && s[i] >= 0x40 && s[i] <= 0x7E)
			i++;
		return i;
	}
	/* String sequence: ends at BEL, ESC \ (ST) or C1 ST (U+009C). */
	while (i < n) {
		if (s[i] == 0x07)
			return i + 1;
		if (s[i] == 0x1B) {
			if (i + 1 < n && s[i + 1] == '\\')
				return i + 2;
			return i + 1; /* a new escape ends the string; it is skipped too */
		}
		if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0x9C)
			return i + 2;
		i++;
	}
	return n;
}

size_t sanitize_text(const char *in, size_t inlen, char *out, size_t outsz)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0;

	if (!out || outsz == 0)
		return 0;
	if (!in)
		inlen = 0;
#ifdef TT_MUTANT_SANITIZER /* defence: sanitize_text cleans what it shows; the mutant passes text through */
	o = inlen < outsz - 1 ? inlen : outsz - 1;
	memcpy(out, in ? in : "", o);
	out[o] = '\0';
	return o;
#endif
	while (i < inlen) {
		char enc[4];
		size_t elen;
		uint32_t cp;

		/* fast path: a run of printable ASCII is copied as it is */
		if (s[i] >= 0x20 && s[i] < 0x7f) {
			size_t j = i;
			while (j < inlen && s[j] >= 0x20 && s[j] < 0x7f)
				j++;
			size_t run = j - i, room = outsz - 1 - o;
			size_t take = run < room ? run : room;
			memcpy(out + o, s + i, take);
			o += take;
			i += take;
			if (take < run)
				break; /* out of room */
			continue;
		}
		size_t len = utf8_decode(s + i, inlen - i, &cp);

		if (len == 0) {
			cp = REPLACEMENT;
			len = 1;
		} else if (cp == 0x1B || (cp >= 0x80 && cp <= 0x9F &&
			   (cp == 0x9B || cp == 0x9D || cp == 0x90 || cp == 0x98 ||
			    cp == 0x9E || cp == 0x9F))) {
			i = skip_sequence(s, inlen, i, cp, len);
			cp = '?';
			len = 0;
		} else if (cp == '\r' || cp == '\n') {
			cp = NEWLINE_MARK;
		} else if (cp == '\t') {
			cp = ' ';
		} else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
			cp = '?';
		} else if (is_dropped_invisible(cp)) {
			i += len;
			continue;
		}
		i += len;
		elen = utf8_encode(cp, enc);
		if (o + elen >= outsz)
			break;
		memcpy(out + o, enc, elen);
		o += elen;
	}
	out[o] = '\0';
	return o;
}

/* Columns of one code point; unknown or non-printable ones count as 1 so a
 * width is never negative (the sanitiser already removed controls). */
static int cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x80)
		return 1;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int sanitize_width(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0;
	int cols = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);

		if (len == 0) {
			cols++;
			i++;
			continue;
		}
		cols += cp_width(cp);
		i += len;
	}
	return cols;
}

size_t sanitize_fit(const char *str, int cols, int pad, char *out, size_t outsz)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0, o = 0;
	int used = 0;

	if (!out || outsz == 0)
		return 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		int w;

		if (len == 0) {
			cp = REPLACEMENT;
			len = 1;
		}
		w = cp_width(cp);
		if (used + w > cols)
			break;
		{
			char enc[4];
			size_t elen = utf8_encode(cp, enc);

			if (o + elen >= outsz)
				break;
			memcpy(out + o, enc, elen);
			o += elen;
		}
		used += w;
		i += len;
	}
	while (pad && used < cols && o + 1 < outsz) {
		out[o++] = ' ';
		used++;
	}
	out[o] = '\0';
	return o;
}
