/* cm-safe-xml.c: placeholder, being written. */
#include "cm-safe-xml.h"
