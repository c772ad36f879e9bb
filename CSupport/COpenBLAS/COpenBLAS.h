/* CBLAS and OpenBLAS's own calls (thread count, core name), from Debian's libopenblas-dev. */
#ifndef COPENBLAS_H
#define COPENBLAS_H
#include <cblas.h>
#endif
