/* cm-verdict.c: placeholder, being written. */
#include "cm-verdict.h"
