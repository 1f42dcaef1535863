/* pointsort: see pointsort.h. You do not need to change this file: the binding is pointsort.py. */
#include "pointsort.h"

#include <stdlib.h>

static ps_compare registered = NULL; /* the comparator ps_set_compare stored: kept until replaced */
static size_t compared = 0;          /* comparisons made by the running ps_sort */

const char *
ps_version(void)
{
    return PS_VERSION;
}

void
ps_set_compare(ps_compare compare)
{
    registered = compare;
}

/* qsort's comparator takes two void pointers and no context, so it calls the registered one. */
static int
call_registered(const void *a, const void *b)
{
    compared++;
    return registered((const ps_record *)a, (const ps_record *)b);
}

int
ps_sort(ps_record *items, size_t count, size_t *comparisons)
{
    if (registered == NULL) {
        return -1;
    }
    compared = 0;
    if (count > 1) {
        qsort(items, count, sizeof(ps_record), call_registered);
    }
    if (comparisons != NULL) {
        *comparisons = compared;
    }
    return 0;
}

int
ps_minmax(const ps_record *items, size_t count, ps_record *lowest, ps_record *highest)
{
    size_t low = 0, high = 0, i;
    if (count == 0) {
        return -1;
    }
    for (i = 1; i < count; i++) {
        if (items[i].key < items[low].key) {
            low = i;
        }
        if (items[i].key > items[high].key) {
            high = i;
        }
    }
    *lowest = items[low];
    *highest = items[high];
    return 0;
}
