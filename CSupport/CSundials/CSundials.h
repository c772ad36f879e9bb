/* SUNDIALS CVODE (BDF with Newton iterations), its serial vectors, the dense and GMRES linear
   solvers: Debian's libsundials-dev. The stiff method of EcodynCore (Integration/BDF.swift). */
#ifndef CSUNDIALS_H
#define CSUNDIALS_H
#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_spgmr.h>
#endif
