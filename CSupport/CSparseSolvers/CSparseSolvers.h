/* Sparse solvers from Debian: SuiteSparse's UMFPACK (sparse LU; libsuitesparse-dev) and
   arpack-ng's C interface (implicitly restarted Arnoldi and Lanczos; libarpack2-dev). The
   equilibria and leading eigenvalues of sparse communities (EcodynCore/Stability). */
#ifndef CSPARSESOLVERS_H
#define CSPARSESOLVERS_H
#include <suitesparse/umfpack.h>
#include <arpack/arpack.h>
#endif
