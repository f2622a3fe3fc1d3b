/* cm-text-index.c: placeholder, being written. */
#include "cm-text-index.h"
