import Foundation
import Testing
@testable import EcodynCore

/// Ranks as threads of this process, passing messages through shared memory: the cut runs of
/// ``GridRanks`` tested without MPI (the MPI ranks themselves: Tests/mpi/mpi-test.sh).
final class ThreadRanks: GridRanks, @unchecked Sendable {
    /// What the ranks of one job share: the posted messages, the gathered pieces, and a barrier.
    final class Job: @unchecked Sendable {
        let size: Int
        let lock = NSCondition()
        var mailbox: [[Int]: [Double]] = [:]   // [from, to, tag] → values
        var pieces: [[Double]]
        var flags: [Bool]
        private var arrived = 0, generation = 0
        init(size: Int) { (self.size, pieces, flags) = (size, Array(repeating: [], count: size), Array(repeating: true, count: size)) }

        func barrier() {
            lock.lock(); defer { lock.unlock() }
            let mine = generation
            arrived += 1
            if arrived == size { arrived = 0; generation += 1; lock.broadcast() } else { while generation == mine { lock.wait() } }
        }
        func locked<T>(_ body: () -> T) -> T { lock.lock(); defer { lock.unlock() }; return body() }
    }

    let rank: Int, job: Job
    var size: Int { job.size }
    init(rank: Int, job: Job) { (self.rank, self.job) = (rank, job) }

    func exchange(sending: [HaloMessage], receiving: [HaloMessage]) {
        job.locked { for m in sending { job.mailbox[[rank, m.peer, Int(m.tag)]] = Array(UnsafeBufferPointer(start: m.buffer, count: m.count)) } }
        job.barrier()
        job.locked {
            for m in receiving {
                let values = job.mailbox.removeValue(forKey: [m.peer, rank, Int(m.tag)])!
                precondition(values.count == m.count)
                m.buffer.update(from: values, count: m.count)
            }
        }
        job.barrier()
    }

    func allTrue(_ value: Bool) -> Bool {
        job.locked { job.flags[rank] = value }
        job.barrier()
        let all = job.locked { job.flags.allSatisfy { $0 } }
        job.barrier()
        return all
    }

    func gather(_ local: UnsafeBufferPointer<Double>, counts: [Int], into all: UnsafeMutableBufferPointer<Double>?) {
        precondition(local.count == counts[rank])
        job.locked { job.pieces[rank] = Array(local) }
        job.barrier()
        if let all { job.locked { _ = all.update(from: job.pieces.flatMap { $0 }) } }
        job.barrier()
    }

    /// Runs `body` as each of `size` ranks, each on its own thread; returns rank 0's result.
    static func run(_ size: Int, _ body: @escaping @Sendable (ThreadRanks) throws -> GridSolution?) throws -> GridSolution? {
        let job = Job(size: size)
        final class Results: @unchecked Sendable { var values: [Result<GridSolution?, Error>?] = [] }
        let results = Results()
        results.values = Array(repeating: nil, count: size)
        let done = DispatchGroup()
        for r in 0..<size {
            done.enter()
            let thread = Thread {
                let outcome = Result { try body(ThreadRanks(rank: r, job: job)) }
                job.locked { results.values[r] = outcome }
                done.leave()
            }
            thread.start()
        }
        done.wait()
        for (r, outcome) in results.values.enumerated() where r > 0 { #expect(try outcome!.get() == nil) }
        return try results.values[0]!.get()
    }
}

struct DecomposedGridTests {
    static let brusselator = try! Brusselator(a: 4.5, b: 7.5, m1: 2, m2: 16)

    /// A Brusselator grid from a perturbed homogeneous state, run whole and cut among 1, 2 and 3
    /// ranks: the fields and frames are bit-identical (each row takes the same kernel with the
    /// same inputs), for every boundary condition, in 2-D and 3-D, by Euler and RK4.
    @Test(arguments: [BoundaryCondition.periodic, .neumann, .dirichlet], [[24, 9], [10, 6, 5]])
    func aCutGridGivesTheWholeGridsFieldsBitForBit(boundary: BoundaryCondition, shape: [Int]) throws {
        let grid = try Grid(shape: shape, spacing: 1, boundary: boundary)
        var fixed = GridSimulation(kinetics: Self.brusselator, grid: grid)
        fixed.fixedValues = SpeciesValues(u: 4.0, v: 2.0)   // not the homogeneous state: the constant term counts
        let simulation = fixed
        let initial = GridState(homogeneous: Self.brusselator, grid: grid, amplitude: 0.3, seed: 7)
        for method in [GridMethod.euler, .rk4] {
            let whole = try simulation.run(from: initial, method: method, dt: 0.004, steps: 60, saveEvery: 25, threads: 2)
            for size in 1...3 {
                let cut = try #require(try ThreadRanks.run(size) { ranks in
                    try simulation.run(from: initial, ranks: ranks, method: method, dt: 0.004, steps: 60, saveEvery: 25, threads: 1)
                })
                #expect(cut.state == whole.state, "\(method) \(boundary) \(shape) on \(size) ranks")
                #expect(cut.frames.map(\.state) == whole.frames.map(\.state))
                #expect(cut.frames.map(\.time) == whole.frames.map(\.time))
                #expect(cut.status == .finished && cut.steps == 60)
            }
        }
    }

    /// Pure diffusion of a cosine mode across the cut (closed form): one Euler step multiplies a
    /// Laplacian eigenmode by 1 − dt·D·μ, μ = (4/h²)sin²(πk/N) on a periodic axis of N cells.
    @Test func aModeAcrossTheCutDecaysAsTheDiscreteLaplacianSays() throws {
        let (nx, ny, k, d, dt, steps) = (8, 30, 2, 0.9, 0.1, 80)
        let grid = try Grid(shape: [nx, ny], boundary: .periodic)
        let kinetics = try GrayScott(feed: 0, kill: 0, du: d, dv: 0)   // no reaction; u diffuses
        let mode = { (j: Int) in cos(2 * .pi * Double(k * j) / Double(ny)) }
        let u0 = (0..<(nx * ny)).map { 1 + 0.1 * mode($0 / nx) }
        let initial = GridState(u: u0, v: [Double](repeating: 0, count: nx * ny))
        let solution = try #require(try ThreadRanks.run(3) { ranks in
            try GridSimulation(kinetics: kinetics, grid: grid).run(from: initial, ranks: ranks, method: .euler, dt: dt, steps: steps, threads: 1)
        })
        let mu = 4 * pow(sin(.pi * Double(k) / Double(ny)), 2)
        let amplitude = 0.1 * pow(1 - dt * d * mu, Double(steps))
        for c in 0..<(nx * ny) { #expect(abs(solution.state.u[c] - (1 + amplitude * mode(c / nx))) < 1e-12) }
    }

    /// A blow-up on one rank stops every rank at the same step, keeping the last finite state.
    @Test func aBlowUpOnOneRankStopsAll() throws {
        let grid = try Grid(shape: [6, 12], boundary: .neumann)
        let simulation = GridSimulation(kinetics: Self.brusselator, grid: grid)
        var start = GridState(homogeneous: Self.brusselator, grid: grid, amplitude: 0, seed: 1)
        start.u[70] = 1e30   // in the last rank's slab; u²v overflows within a few steps
        let initial = start
        let whole = try simulation.run(from: initial, method: .euler, dt: 0.01, steps: 50)
        let cut = try #require(try ThreadRanks.run(3) { try simulation.run(from: initial, ranks: $0, method: .euler, dt: 0.01, steps: 50, threads: 1) })
        #expect(whole.status == .diverged && cut.status == .diverged)
        #expect(cut.divergedAtStep == whole.divergedAtStep && cut.state == whole.state)
    }

    @Test func whatCannotBeCutIsRefusedNamingTheField() throws {
        let simulation = GridSimulation(kinetics: Self.brusselator, grid: try Grid(shape: [16, 4]))
        #expect(throws: ParameterError.self) { try simulation.checkDecomposition(method: .imex, size: 2) }
        #expect((try? simulation.checkDecomposition(method: .rk4, size: 4)) != nil)
        do { try simulation.checkDecomposition(method: .euler, size: 5); Issue.record("5 ranks on 4 planes") } catch {
            #expect(error.parameter == "shape" && error.message.contains("4 planes"))
        }
        let line = GridSimulation(kinetics: Self.brusselator, grid: try Grid(shape: [64]))
        #expect(throws: ParameterError.self) { try line.checkDecomposition(method: .euler, size: 2) }
    }

    /// The slots: own rows after the low ghost plane; neighbours across a periodic wrap land in the ghosts.
    @Test func slabRowsAndGhostsHaveTheirSlots() throws {
        let grid = try Grid(shape: [4, 3, 6], boundary: .periodic)   // 6 planes of 3 rows
        let first = try GridSlab(of: grid, rank: 0, size: 3), last = try GridSlab(of: grid, rank: 2, size: 3)
        #expect(first.rows == 0..<6 && last.rows == 12..<18)
        #expect(first.below == 2 && first.above == 1 && last.above == 0)
        #expect((0..<6).map(first.slot) == Array(3..<9))
        #expect((15..<18).map(first.slot) == [0, 1, 2])     // the last plane wraps below the first
        #expect((6..<9).map(first.slot) == [9, 10, 11])
        #expect((0..<3).map(last.slot) == [9, 10, 11])      // the first plane wraps above the last
        #expect(first.cells == 12 * 4)
        let open = try GridSlab(of: try Grid(shape: [4, 3, 6], boundary: .neumann), rank: 0, size: 3)
        #expect(open.below == nil && open.above == 1)
    }
}
