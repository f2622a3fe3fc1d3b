/* cm-annotation.c: placeholder, being written. */
#include "cm-annotation.h"
