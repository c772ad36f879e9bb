/* The few MPI operations a grid cut among processes needs, on MPI_COMM_WORLD, as plain C
   functions Swift can call (EcodynMPI). Failures of MPI itself abort the job (MPI's default). */
#ifndef CECODYNMPI_H
#define CECODYNMPI_H
#include <stddef.h>

/* One block of doubles sent to, or received from, rank `peer`, told apart by `tag`. */
typedef struct {
    int peer;
    int tag;
    double *buffer;
    int count;
} ek_mpi_message;

/* Initialises MPI (funnelled threads: only the calling thread communicates) and writes this
   process's rank and the number of processes. */
void ek_mpi_start(int *rank, int *size);
/* The number of ranks on this process's machine (sharing its memory). */
int ek_mpi_local_size(void);
/* Whether MPI is initialised and not yet finalised. */
int ek_mpi_running(void);
/* Posts every receive and send, then waits for all of them. */
void ek_mpi_exchange(const ek_mpi_message *sending, int send_count, const ek_mpi_message *receiving, int receive_count);
/* The logical and of `value` over all ranks. */
int ek_mpi_all_true(int value);
/* Rank 0 receives every rank's `count` doubles, in rank order, into `all` at `offsets`. */
void ek_mpi_gather(const double *local, int count, double *all, const int *counts, const int *offsets);
/* Finalises MPI. */
void ek_mpi_stop(void);
#endif
