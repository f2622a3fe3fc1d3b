/* cm-exporter.c: placeholder, being written. */
#include "cm-exporter.h"
