/* cm-plugin-engine.c: placeholder, being written. */
#include "cm-plugin-engine.h"
