/* Open MPI from Debian (libopenmpi-dev; pkg-config mpi-c): the message passing of grids cut
   among processes. Swift reaches it through the shim CEcodynMPI, since MPI's handles
   (MPI_COMM_WORLD, MPI_DOUBLE) are macros that Swift does not import. */
#ifndef CMPI_H
#define CMPI_H
#include <mpi.h>
#endif
