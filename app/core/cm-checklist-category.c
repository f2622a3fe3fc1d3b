/* cm-checklist-category.c: placeholder, being written. */
#include "cm-checklist-category.h"
