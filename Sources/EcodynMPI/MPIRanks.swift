import CEcodynMPI
import EcodynCore
import Foundation

/// The processes of an MPI job (started by `mpirun` or `srun`) as ``GridRanks``, on
/// MPI_COMM_WORLD. MPI is initialised only when a launcher started the process
/// (``launched(environment:)``) and finalised by ``finish()``.
public final class MPIRanks: GridRanks {
    public let rank: Int, size: Int
    /// Threads for this process: the cores it is bound to, or the machine's shared among its ranks.
    public let threads: Int
    /// The ranks on this process's machine.
    public let localSize: Int

    private init() {
        var (rank, size) = (Int32(0), Int32(1))
        ek_mpi_start(&rank, &size)
        (self.rank, self.size) = (Int(rank), Int(size))
        // A launcher that binds each rank to its cores (mpirun's default for up to two ranks)
        // leaves this process fewer cores than the machine has: those are its own.
        let (own, machine) = (ProcessInfo.processInfo.activeProcessorCount, ProcessInfo.processInfo.processorCount)
        localSize = max(1, Int(ek_mpi_local_size()))
        threads = own < machine ? own : max(1, machine / localSize)
    }

    /// Variables by which launchers tell a process it is one rank of a job: Open MPI's mpirun,
    /// PMIx (srun --mpi=pmix, prterun) and PMI-1/2 (srun --mpi=pmi2, MPICH's hydra).
    public static let launcherVariables = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"]

    /// How many copies of this program a launcher started (1 when none did), read from the
    /// launcher's variables without initialising MPI.
    public static func launchedCopies(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_STEP_NUM_TASKS"].lazy.compactMap { environment[$0].flatMap(Int.init) }.first ?? 1
    }

    /// This copy's rank as the launcher numbers it (0 when none did).
    public static func launchedRank(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        ["OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"].lazy.compactMap { environment[$0].flatMap(Int.init) }.first ?? 0
    }

    /// The job's ranks when a launcher started this process, else nil. Throws when Slurm started
    /// several tasks that MPI does not see as one job (srun without an MPI plugin).
    public static func launched(environment: [String: String] = ProcessInfo.processInfo.environment) throws(MPIError) -> MPIRanks? {
        let slurmTasks = environment["SLURM_STEP_NUM_TASKS"].flatMap(Int.init) ?? 1
        guard launcherVariables.contains(where: { environment[$0] != nil }) else {
            if slurmTasks > 1 { throw MPIError.unconnectedTasks(slurmTasks) }
            return nil
        }
        let ranks = MPIRanks()
        if slurmTasks > 1 && ranks.size != slurmTasks { ranks.finish(); throw MPIError.unconnectedTasks(slurmTasks) }
        return ranks
    }

    public func exchange(sending: [HaloMessage], receiving: [HaloMessage]) {
        func messages(_ list: [HaloMessage]) -> [ek_mpi_message] {
            list.map { ek_mpi_message(peer: Int32($0.peer), tag: $0.tag, buffer: $0.buffer, count: Int32($0.count)) }
        }
        let (out, into) = (messages(sending), messages(receiving))
        ek_mpi_exchange(out, Int32(out.count), into, Int32(into.count))
    }

    public func allTrue(_ value: Bool) -> Bool { ek_mpi_all_true(value ? 1 : 0) != 0 }

    public func gather(_ local: UnsafeBufferPointer<Double>, counts: [Int], into all: UnsafeMutableBufferPointer<Double>?) {
        let sizes = counts.map { Int32($0) }
        let offsets = counts.indices.map { Int32(counts[..<$0].reduce(0, +)) }
        ek_mpi_gather(local.baseAddress, Int32(local.count), all?.baseAddress, sizes, offsets)
    }

    /// Finalises MPI (every rank calls it once, at the end of the job).
    public func finish() { ek_mpi_stop() }
}

/// Why a process cannot take part in an MPI job.
public enum MPIError: Error, CustomStringConvertible {
    case unconnectedTasks(Int)

    public var description: String {
        switch self {
        case .unconnectedTasks(let n):
            return "srun started \(n) tasks, but they are not one MPI job: run srun --mpi=pmix (or pmi2; srun --mpi=list shows the plugins), or mpirun"
        }
    }
}
