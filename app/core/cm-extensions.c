/* cm-extensions.c: placeholder, being written. */
#include "cm-extensions.h"
