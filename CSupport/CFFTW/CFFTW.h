/* FFTW 3 (real-to-real transforms), from Debian's libfftw3-dev. */
#ifndef CFFTW_H
#define CFFTW_H
#include <fftw3.h>
#endif
