#include <clausemark.h>
int main (void) { return 0; }
