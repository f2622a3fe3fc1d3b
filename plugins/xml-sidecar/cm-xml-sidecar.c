/* placeholder */
#include <clausemark.h>
