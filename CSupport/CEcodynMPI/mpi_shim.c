/* The shim's calls (see CEcodynMPI.h): MPI on MPI_COMM_WORLD. */
#include "CEcodynMPI.h"
#include <mpi.h>
#include <stdlib.h>

void ek_mpi_start(int *rank, int *size) {
    int provided = 0;
    MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
}

int ek_mpi_local_size(void) {
    MPI_Comm local;
    int size = 1;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &local);
    MPI_Comm_size(local, &size);
    MPI_Comm_free(&local);
    return size;
}

int ek_mpi_running(void) {
    int started = 0, finished = 0;
    MPI_Initialized(&started);
    MPI_Finalized(&finished);
    return started && !finished;
}

void ek_mpi_exchange(const ek_mpi_message *sending, int send_count, const ek_mpi_message *receiving, int receive_count) {
    MPI_Request *requests = malloc(sizeof(MPI_Request) * (size_t)(send_count + receive_count + 1));
    if (!requests) MPI_Abort(MPI_COMM_WORLD, 70);
    for (int k = 0; k < receive_count; k++) {
        const ek_mpi_message *m = &receiving[k];
        MPI_Irecv(m->buffer, m->count, MPI_DOUBLE, m->peer, m->tag, MPI_COMM_WORLD, &requests[k]);
    }
    for (int k = 0; k < send_count; k++) {
        const ek_mpi_message *m = &sending[k];
        MPI_Isend(m->buffer, m->count, MPI_DOUBLE, m->peer, m->tag, MPI_COMM_WORLD, &requests[receive_count + k]);
    }
    MPI_Waitall(send_count + receive_count, requests, MPI_STATUSES_IGNORE);
    free(requests);
}

int ek_mpi_all_true(int value) {
    int all = 0;
    MPI_Allreduce(&value, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    return all;
}

void ek_mpi_gather(const double *local, int count, double *all, const int *counts, const int *offsets) {
    MPI_Gatherv(local, count, MPI_DOUBLE, all, counts, offsets, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}

void ek_mpi_stop(void) {
    if (ek_mpi_running()) MPI_Finalize();
}
