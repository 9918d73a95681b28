/* fuzz_sanitize.c — libFuzzer harness for the terminal sanitiser.
 *
 * Beyond "no crash", it checks the sanitiser's promises on every input: the
 * output is NUL-terminated valid UTF-8 with no C0/C1 control character, no DEL
 * and no ESC, for every output size including tiny ones, and sanitize_width()
 * and sanitize_fit() stay within bounds. */
#include "sanitize.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Returns 1 if s[0..n) is valid UTF-8 with no control characters. */
static int is_clean_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		unsigned cp, len;

		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) { len = 2; cp = c & 0x1f; }
		else if (c >= 0xe0 && c <= 0xef) { len = 3; cp = c & 0x0f; }
		else if (c >= 0xf0 && c <= 0xf4) { len = 4; cp = c & 0x07; }
		else return 0;
		if (i + len > n)
			return 0;
		for (unsigned k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
			return 0;
		if (cp >= 0xd800 && cp <= 0xdfff)
			return 0;
		if (cp >= 0x80 && cp <= 0x9f)   /* C1 controls */
			return 0;
		i += len;
	}
	return 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* Widths of CJK and emoji need a UTF-8 locale, as in the real program. */
	setlocale(LC_CTYPE, "C.UTF-8");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t sizes[] = { 1, 2, 3, 4, 7, 64, 4096 };
	char out[4096 + 1];

	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t outsz = sizes[k];
		size_t n;

		memset(out, 'X', sizeof out);
		n = sanitize_text((const char *)data, size, out, outsz);
		if (n >= outsz || out[n] != '\0' || strlen(out) != n)
			abort();
		if (!is_clean_utf8((const unsigned char *)out, n))
			abort();
		if (outsz == 4096) {
			char fit[512];
			int w = sanitize_width(out);
			size_t m;

			if (w < 0)
				abort();
			m = sanitize_fit(out, 20, 1, fit, sizeof fit);
			if (m >= sizeof fit || fit[m] != '\0' || sanitize_width(fit) != 20)
				abort();
		}
	}
	return 0;
}
