using System.Runtime.InteropServices;

namespace Nabla.Distributed.Mpi;

/// <summary>
/// Open MPI's <c>libmpi</c>, bound at run time: the few MPI functions Nabla calls, as unmanaged
/// function pointers, and the predefined handles. Open MPI's ABI makes a handle such as
/// <c>MPI_COMM_WORLD</c>, <c>MPI_FLOAT</c> or <c>MPI_SUM</c> the address of an exported object
/// (<c>ompi_mpi_comm_world</c>, <c>ompi_mpi_float</c>, <c>ompi_mpi_op_sum</c>), so each one is an
/// export looked up like a function. Function pointers need no marshalling stubs and no
/// reflection: the binding trims and compiles ahead of time as it is.
/// </summary>
/// <remarks>
/// The pointers are called by one thread at a time (<see cref="MpiThread"/> sees to it). MPICH, Intel MPI
/// and MS-MPI use another ABI (integer handles) and are not bound: loading one fails with a
/// message that says so.
/// </remarks>
internal sealed unsafe class OpenMpi
{
    /// <summary>The environment variable that names the library to load (a path or a file name) instead of the usual names.</summary>
    public const string LibraryVariable = "NABLA_MPI_LIBRARY";

    /// <summary><c>MPI_IN_PLACE</c> in Open MPI's <c>mpi.h</c>.</summary>
    public const nint InPlace = 1;

    /// <summary><c>MPI_THREAD_SERIALIZED</c>: any thread may call MPI, one at a time (<c>MPI_THREAD_FUNNELED</c>, 1, allows only the initialising thread).</summary>
    public const int ThreadSerialized = 2;

    private const int MaxErrorString = 256;   // MPI_MAX_ERROR_STRING and MPI_MAX_LIBRARY_VERSION_STRING in Open MPI

    /// <summary>Where the library was found (the name or path that loaded).</summary>
    public string Path { get; }

    private readonly delegate* unmanaged<int*, nint, int, int*, int> _initThread;   // (argc, argv, required, provided)
    private readonly delegate* unmanaged<int> _finalize;
    private readonly delegate* unmanaged<nint, int*, int> _commRank;
    private readonly delegate* unmanaged<nint, int*, int> _commSize;
    private readonly delegate* unmanaged<nint, nint, int> _commSetErrhandler;
    private readonly delegate* unmanaged<nint, nint, int, nint, nint, nint, int> _allreduce;              // (send, recv, count, type, op, comm)
    private readonly delegate* unmanaged<nint, int, nint, int, nint, int> _bcast;                          // (buffer, count, type, root, comm)
    private readonly delegate* unmanaged<nint, int, nint, nint, int, nint, nint, int> _allgather;          // (send, count, type, recv, count, type, comm)
    private readonly delegate* unmanaged<nint, nint, int, nint, nint, nint, int> _reduceScatterBlock;     // (send, recv, count, type, op, comm)
    private readonly delegate* unmanaged<nint, int> _barrier;
    private readonly delegate* unmanaged<int, byte*, int*, int> _errorString;
    private readonly delegate* unmanaged<byte*, int*, int> _getLibraryVersion;

    private readonly nint _commWorld, _errorsReturn;

    /// <summary>Datatype handles: <c>MPI_FLOAT</c>, <c>MPI_DOUBLE</c>, <c>MPI_INT64_T</c>, <c>MPI_INT32_T</c>.</summary>
    public readonly nint Float, Double, Int64, Int32;

    /// <summary>Operation handles: <c>MPI_SUM</c>, <c>MPI_PROD</c>, <c>MPI_MAX</c>, <c>MPI_MIN</c>.</summary>
    public readonly nint Sum, Product, Max, Min;

    private OpenMpi(string path, nint library)
    {
        Path = path;
        _initThread = (delegate* unmanaged<int*, nint, int, int*, int>)Export(library, path, "MPI_Init_thread");
        _finalize = (delegate* unmanaged<int>)Export(library, path, "MPI_Finalize");
        _commRank = (delegate* unmanaged<nint, int*, int>)Export(library, path, "MPI_Comm_rank");
        _commSize = (delegate* unmanaged<nint, int*, int>)Export(library, path, "MPI_Comm_size");
        _commSetErrhandler = (delegate* unmanaged<nint, nint, int>)Export(library, path, "MPI_Comm_set_errhandler");
        _allreduce = (delegate* unmanaged<nint, nint, int, nint, nint, nint, int>)Export(library, path, "MPI_Allreduce");
        _bcast = (delegate* unmanaged<nint, int, nint, int, nint, int>)Export(library, path, "MPI_Bcast");
        _allgather = (delegate* unmanaged<nint, int, nint, nint, int, nint, nint, int>)Export(library, path, "MPI_Allgather");
        _reduceScatterBlock = (delegate* unmanaged<nint, nint, int, nint, nint, nint, int>)Export(library, path, "MPI_Reduce_scatter_block");
        _barrier = (delegate* unmanaged<nint, int>)Export(library, path, "MPI_Barrier");
        _errorString = (delegate* unmanaged<int, byte*, int*, int>)Export(library, path, "MPI_Error_string");
        _getLibraryVersion = (delegate* unmanaged<byte*, int*, int>)Export(library, path, "MPI_Get_library_version");

        _commWorld = Export(library, path, "ompi_mpi_comm_world");
        _errorsReturn = Export(library, path, "ompi_mpi_errors_return");
        Float = Export(library, path, "ompi_mpi_float");
        Double = Export(library, path, "ompi_mpi_double");
        Int64 = Export(library, path, "ompi_mpi_int64_t");
        Int32 = Export(library, path, "ompi_mpi_int32_t");
        Sum = Export(library, path, "ompi_mpi_op_sum");
        Product = Export(library, path, "ompi_mpi_op_prod");
        Max = Export(library, path, "ompi_mpi_op_max");
        Min = Export(library, path, "ompi_mpi_op_min");
    }

    /// <summary>The file names tried in order: <see cref="LibraryVariable"/> when set, else the platform's names for Open MPI's libmpi.</summary>
    public static IReadOnlyList<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable(LibraryVariable) is { Length: > 0 } named) return [named];
        // libmpi.so.40 is the run-time library's name on every Open MPI from 3.0 to 5.x; the unversioned
        // link comes only with the development package.
        if (OperatingSystem.IsMacOS()) return ["libmpi.40.dylib", "libmpi.dylib", "/opt/homebrew/lib/libmpi.dylib", "/usr/local/lib/libmpi.dylib"];
        return ["libmpi.so.40", "libmpi.so"];
    }

    /// <summary>Loads the first of <paramref name="candidates"/> that exists and checks that it is Open MPI.</summary>
    /// <exception cref="DllNotFoundException">When none loads, or the one that loads is another MPI: the message says what to install.</exception>
    public static OpenMpi Load(IReadOnlyList<string> candidates)
    {
        foreach (var name in candidates)
        {
            if (!NativeLibrary.TryLoad(name, out nint library)) continue;
            if (!NativeLibrary.TryGetExport(library, "ompi_mpi_comm_world", out _))
                throw new DllNotFoundException(
                    $"'{name}' loaded but is not Open MPI's libmpi (it has no ompi_mpi_comm_world): Nabla.Distributed binds Open MPI's ABI only, " +
                    $"not MPICH's, Intel MPI's or MS-MPI's. {InstallHint}");
            return new OpenMpi(name, library);
        }
        throw new DllNotFoundException(
            $"Nabla.Distributed needs Open MPI's libmpi and found none (tried {string.Join(", ", candidates)}). {InstallHint}");
    }

    private const string InstallHint =
        "Install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi-dev; Fedora: dnf install openmpi, then module load mpi/openmpi-x86_64; " +
        "macOS: brew install open-mpi), or set " + LibraryVariable + " to the path of libmpi, and start the program with mpirun.";

    private static nint Export(nint library, string path, string name) =>
        NativeLibrary.TryGetExport(library, name, out nint address)
            ? address
            : throw new EntryPointNotFoundException($"'{path}' has no export '{name}': Nabla.Distributed needs Open MPI 3.0 or newer. {InstallHint}");

    /// <summary>
    /// <c>MPI_Init_thread</c> asking for <c>MPI_THREAD_SERIALIZED</c>, then errors returned rather than
    /// fatal on <c>MPI_COMM_WORLD</c>. Returns the thread level the library granted.
    /// </summary>
    public int Initialize()
    {
        int provided;
        Check(_initThread(null, 0, ThreadSerialized, &provided), "MPI_Init_thread");
        // Errors come back as codes (and then exceptions) instead of aborting the job.
        Check(_commSetErrhandler(_commWorld, _errorsReturn), "MPI_Comm_set_errhandler");
        return provided;
    }

    /// <summary><c>MPI_Finalize</c>.</summary>
    public void Shutdown() => Check(_finalize(), "MPI_Finalize");

    /// <summary>This process's rank in <c>MPI_COMM_WORLD</c>.</summary>
    public int Rank()
    {
        int rank;
        Check(_commRank(_commWorld, &rank), "MPI_Comm_rank");
        return rank;
    }

    /// <summary>The number of processes in <c>MPI_COMM_WORLD</c>.</summary>
    public int Size()
    {
        int size;
        Check(_commSize(_commWorld, &size), "MPI_Comm_size");
        return size;
    }

    /// <summary><c>MPI_Allreduce</c> over <c>MPI_COMM_WORLD</c> (<paramref name="send"/> may be <see cref="InPlace"/>).</summary>
    public void Allreduce(nint send, nint receive, int count, nint type, nint op)
        => Check(_allreduce(send, receive, count, type, op, _commWorld), "MPI_Allreduce");

    /// <summary><c>MPI_Bcast</c> over <c>MPI_COMM_WORLD</c>.</summary>
    public void Bcast(nint buffer, int count, nint type, int root) => Check(_bcast(buffer, count, type, root, _commWorld), "MPI_Bcast");

    /// <summary><c>MPI_Allgather</c> over <c>MPI_COMM_WORLD</c>, <paramref name="count"/> elements from each rank.</summary>
    public void Allgather(nint send, nint receive, int count, nint type)
        => Check(_allgather(send, count, type, receive, count, type, _commWorld), "MPI_Allgather");

    /// <summary><c>MPI_Reduce_scatter_block</c> over <c>MPI_COMM_WORLD</c>, <paramref name="count"/> elements to each rank.</summary>
    public void ReduceScatterBlock(nint send, nint receive, int count, nint type, nint op)
        => Check(_reduceScatterBlock(send, receive, count, type, op, _commWorld), "MPI_Reduce_scatter_block");

    /// <summary><c>MPI_Barrier</c> over <c>MPI_COMM_WORLD</c>.</summary>
    public void Barrier() => Check(_barrier(_commWorld), "MPI_Barrier");

    /// <summary>Throws when an MPI call returned an error code (the communicator returns errors instead of aborting).</summary>
    /// <exception cref="InvalidOperationException">With MPI's own description of the error.</exception>
    private void Check(int code, string call)
    {
        if (code != 0) throw new InvalidOperationException($"{call} failed with MPI error {code}: {Describe(code)}");
    }

    private string Describe(int code)
    {
        byte* text = stackalloc byte[MaxErrorString];
        int length = 0;
        return _errorString(code, text, &length) == 0 ? System.Text.Encoding.ASCII.GetString(text, length) : "(no description)";
    }

    /// <summary>The library's own description, e.g. <c>Open MPI v4.1.4, package: Debian OpenMPI, ...</c>.</summary>
    public string Version()
    {
        byte* text = stackalloc byte[MaxErrorString];
        int length = 0;
        Check(_getLibraryVersion(text, &length), "MPI_Get_library_version");
        return System.Text.Encoding.ASCII.GetString(text, length).TrimEnd('\0', '\n', ' ');
    }
}
