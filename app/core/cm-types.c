/* cm-types.c: placeholder, being written. */
#include "cm-types.h"
