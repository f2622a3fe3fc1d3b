/* cm-anchor.c: placeholder, being written. */
#include "cm-anchor.h"
