/*
 * replay.c - feeds every file of a corpus directory (or the files named)
 * to a libFuzzer harness, so ctest replays the corpus in every build.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf == NULL || (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n)) {
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, count = 0;
	struct stat st;
	struct dirent **names;
	int n, j;
	char path[4096];

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			n = scandir(argv[i], &names, NULL, alphasort);
			if (n < 0) {
				perror(argv[i]);
				return 1;
			}
			for (j = 0; j < n; j++) {
				snprintf(path, sizeof(path), "%s/%s", argv[i],
				    names[j]->d_name);
				if (names[j]->d_name[0] != '.' &&
				    stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
					if (run_file(path) < 0)
						return 1;
					count++;
				}
				free(names[j]);
			}
			free(names);
		} else {
			if (run_file(argv[i]) < 0)
				return 1;
			count++;
		}
	}
	printf("replayed %d inputs\n", count);
	return count > 0 ? 0 : 1;
}
