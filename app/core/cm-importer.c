/* cm-importer.c: placeholder, being written. */
#include "cm-importer.h"
