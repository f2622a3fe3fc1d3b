/* cm-checklist-item.c: placeholder, being written. */
#include "cm-checklist-item.h"
