// The MPI tests start 2 and 3 processes of their own; run one test at a time so that the two launches
// do not compete for the cores with each other (5 busy ranks on a 2-core machine take several times longer).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
