/*
 * pointsort: a small C library that sorts records with a comparator you register once.
 *
 * It stands for the many C libraries that take callbacks: qsort, sqlite3_create_function, GUI toolkits,
 * audio drivers. Its one twist is the common one: ps_set_compare KEEPS the function pointer you give it, and
 * every later ps_sort calls it. Whatever that pointer points to must stay alive until it is replaced.
 */
#ifndef POINTSORT_H
#define POINTSORT_H

#include <stddef.h>
#include <stdint.h>

#define PS_VERSION "1.2.0"

/* One record: 4 bytes of id, 4 bytes of padding (so that key is 8-aligned), 8 bytes of key: 16 in all. */
typedef struct {
    int32_t id;
    double key;
} ps_record;

/* A comparator: negative if *a sorts before *b, 0 if they are equal, positive if *a sorts after *b. */
typedef int (*ps_compare)(const ps_record *a, const ps_record *b);

/* The library's version, as a NUL-terminated string owned by the library (never free it). */
const char *ps_version(void);

/* Registers the comparator that every later ps_sort uses (NULL unregisters it). The library keeps the pointer. */
void ps_set_compare(ps_compare compare);

/* Sorts items[0..count) in place with the registered comparator (qsort: not stable). When comparisons is not
 * NULL, writes there how many times the comparator was called. Returns 0, or -1 when no comparator is
 * registered (then nothing is sorted or written). */
int ps_sort(ps_record *items, size_t count, size_t *comparisons);

/* Copies the record with the smallest key to *lowest and the one with the largest key to *highest; on a tie
 * the first such record wins. Returns 0, or -1 when count is 0 (then nothing is written). */
int ps_minmax(const ps_record *items, size_t count, ps_record *lowest, ps_record *highest);

#endif
