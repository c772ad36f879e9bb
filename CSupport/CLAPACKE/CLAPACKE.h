/* LAPACK's C interface, from Debian's liblapacke-dev (LAPACK routines served by OpenBLAS). */
#ifndef CLAPACKE_H
#define CLAPACKE_H
#include <lapacke.h>
#endif
