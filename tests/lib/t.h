/*
 * t.h - a tiny unit test harness.
 *
 *   T_TEST(name) { T_EQ_INT(1, 1); T_EQ_STR("a", "a"); }
 *   int main(void) { T_RUN(name); return t_done(); }
 */
#ifndef PF_T_H
#define PF_T_H

#include <stdio.h>
#include <string.h>

extern int t_failures, t_checks;
extern const char *t_current;

void	t_fail(const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
int	t_done(void);
/* Writes text to a fresh file in a temp dir; returns its path (static). */
const char *t_tmpfile(const char *name, const char *text);
const char *t_tmpdir(void);

#define T_TEST(name) static void name(void)
#define T_RUN(name) do { t_current = #name; name(); } while (0)

#define T_TRUE(c) do { t_checks++; if (!(c))				\
	t_fail(__FILE__, __LINE__, "expected true: %s", #c); } while (0)
#define T_EQ_INT(a, b) do { long long a_ = (long long)(a),		\
	b_ = (long long)(b); t_checks++; if (a_ != b_)			\
	t_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", #a, a_,	\
	    b_); } while (0)
#define T_EQ_STR(a, b) do { const char *a_ = (a), *b_ = (b);		\
	t_checks++; if (a_ == NULL || b_ == NULL ? a_ != b_ :		\
	    strcmp(a_, b_) != 0)					\
	t_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a,	\
	    a_ ? a_ : "(null)", b_ ? b_ : "(null)"); } while (0)

#endif
