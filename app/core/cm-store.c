/* cm-store.c: placeholder, being written. */
#include "cm-store.h"
