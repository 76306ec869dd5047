/*
 * buf.h - a growable byte buffer (malloc-backed), for building output.
 *
 * The caller owns the buffer: pf_buf_free() releases it, pf_buf_detach()
 * hands the bytes over.  The contents are always NUL-terminated.
 */
#ifndef PF_BUF_H
#define PF_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct pf_buf {
	char	*p;
	size_t	 len, cap;
};

#define PF_BUF_INIT { NULL, 0, 0 }

void	pf_buf_add(struct pf_buf *, const void *, size_t);
void	pf_buf_puts(struct pf_buf *, const char *);
void	pf_buf_putc(struct pf_buf *, char);
void	pf_buf_printf(struct pf_buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	pf_buf_vprintf(struct pf_buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* Room for n more bytes (and the NUL) at p + len: a writer fills them,
 * then adds what it wrote to len and terminates the string. */
void	pf_buf_reserve(struct pf_buf *, size_t n);
void	pf_buf_reset(struct pf_buf *);
void	pf_buf_free(struct pf_buf *);
/* Returns the NUL-terminated contents (never NULL); the buffer is reset. */
char	*pf_buf_detach(struct pf_buf *);
/* Returns the contents as a C string (valid until the next change). */
const char *pf_buf_str(struct pf_buf *);

#endif
