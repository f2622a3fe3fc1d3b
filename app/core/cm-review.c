/* cm-review.c: placeholder, being written. */
#include "cm-review.h"
