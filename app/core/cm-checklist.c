/* cm-checklist.c: placeholder, being written. */
#include "cm-checklist.h"
