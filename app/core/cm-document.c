/* cm-document.c: placeholder, being written. */
#include "cm-document.h"
