/* buf.h — the simulator's growable byte buffer and JSON writer (no cJSON: the
 * simulator generates pages from the fleet index directly, escaping strings
 * byte for byte so hostile content reaches clients exactly as designed).
 * It does not reuse the client's src/strbuf.c on purpose: the simulator is
 * the oracle the client is tested against and links none of the client's
 * code, so a bug in the client's buffer or escaping cannot hide in both. */
#ifndef SIM_BUF_H
#define SIM_BUF_H

#include <stddef.h>
#include <stdint.h>

struct buf {
	char *data;
	size_t len, cap;
};

void buf_reserve(struct buf *b, size_t more);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_free(struct buf *b);
/* Take ownership of the data (NUL-terminated); the buffer is reset. */
char *buf_steal(struct buf *b, size_t *len);

/* JSON: a string value with escapes. Bytes >= 0x80 are copied raw (valid or
 * not: the hostile fault relies on raw invalid UTF-8 reaching the client). */
void json_str(struct buf *b, const char *s);
void json_strn(struct buf *b, const char *s, size_t n);
/* "key": — with a leading comma unless first. */
void json_key(struct buf *b, const char *key, int *first);
void json_kv_str(struct buf *b, const char *key, const char *val, int *first); /* NULL → null */
void json_kv_int(struct buf *b, const char *key, long long val, int *first);
void json_kv_bool(struct buf *b, const char *key, int val, int *first);
void json_kv_raw(struct buf *b, const char *key, const char *raw, int *first);

/* ISO-8601 UTC "2025-09-14T08:00:00Z" (or with ".000+00:00" when akenza_style). */
void json_time(char out[40], int64_t epoch, int akenza_style);

#endif
