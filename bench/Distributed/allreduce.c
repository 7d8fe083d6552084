/* Open MPI's own figure for bench/Distributed: in-place MPI_Allreduce (sum) of float arrays of 4 KiB to
 * 64 MiB, the mean time of enough calls to last ~0.3 s per size, printed as DistributedBench prints it.
 * Built by run.sh with mpicc; run with mpirun -np 2. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static double timed(float *data, int count, int calls)
{
    MPI_Barrier(MPI_COMM_WORLD);
    double start = MPI_Wtime();
    for (int i = 0; i < calls; i++) MPI_Allreduce(MPI_IN_PLACE, data, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    double mean = (MPI_Wtime() - start) / calls;
    MPI_Allreduce(MPI_IN_PLACE, &mean, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);   /* the slowest rank's time, as the C# side */
    return mean;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    for (long bytes = 4 << 10; bytes <= 64 << 20; bytes *= 4) {
        int count = (int)(bytes / 4);
        float *data = malloc(bytes);
        for (int i = 0; i < count; i++) data[i] = 1.0f;
        for (int i = 0; i < 3; i++) MPI_Allreduce(MPI_IN_PLACE, data, count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
        int calls = (int)(0.3 / timed(data, count, 3));
        if (calls < 5) calls = 5;
        double seconds = timed(data, count, calls);
        if (rank == 0) printf("allreduce ranks=%d bytes=%ld us=%.1f algbw_GBps=%.3f\n", size, bytes, seconds * 1e6, bytes / seconds / 1e9);
        free(data);
    }
    MPI_Finalize();
    return 0;
}
