/* sparkline.c — numbers as a line of block glyphs (see sparkline.h). */
#include "sparkline.h"

#include <math.h>
#include <string.h>

static const char *const blocks[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
static const char *const ascii_marks[] = { "_", ".", "-", "=", "#" };

size_t sparkline_render(const double *v, const unsigned char *have, size_t n, int ascii, char *out,
			size_t outsz)
{
	const char *const *glyph = ascii ? ascii_marks : blocks;
	int levels = ascii ? 5 : 8;
	double lo = INFINITY, hi = -INFINITY;
	size_t used = 0, drawn = 0;

	if (!outsz)
		return 0;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if ((have && !have[i]) || !isfinite(v[i]))
			continue;
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	for (size_t i = 0; i < n; i++) {
		const char *g = " ";
		if ((!have || have[i]) && isfinite(v[i])) {
			int k = levels / 2;
			if (hi > lo)
				k = (int)((v[i] - lo) / (hi - lo) * (levels - 1) + 0.5); /* no -lm */
			g = glyph[k < 0 ? 0 : k >= levels ? levels - 1 : k];
		}
		size_t gl = strlen(g);
		if (used + gl + 1 > outsz)
			break;
		memcpy(out + used, g, gl);
		used += gl;
		out[used] = '\0';
		drawn++;
	}
	return drawn;
}
