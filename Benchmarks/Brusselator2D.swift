import Ecodyn

/// W3 brusselator-2d: a 256 × 256 periodic grid, spacing 1, a = 3, b = 6, D = (1, 8), explicit
/// Euler with dt = 0.01 for 1000 steps from the homogeneous state plus 0.01·(u − 0.5) of stream 3
/// (`workloads.W3`); checksum Σu + Σv. Also on one thread, and on a 2048 × 2048 grid (100 steps).
struct Brusselator2D: Workload {
    let id = "W3"
    let name = "W3 brusselator-2d"

    func run(repeats: Int) throws -> [BenchmarkRecord] {
        let model = try Brusselator(a: 3, b: 6, m1: 1, m2: 8)
        func record(size: Int, steps: Int, threads: Int, workload: String) throws -> BenchmarkRecord {
            let grid = try Grid(shape: [size, size], spacing: 1, boundary: .periodic)
            let simulation = GridSimulation(kinetics: model, grid: grid)
            let initial = GridState(homogeneous: model, grid: grid, amplitude: 0.01, seed: 3)
            let (seconds, solution) = try Stopwatch.best(repeats: repeats) {
                try simulation.run(from: initial, method: .euler, dt: 0.01, steps: steps, threads: threads)
            }
            return BenchmarkRecord(workload: workload, impl: "ecodyn fused avx2 stencil (\(threads) thread\(threads > 1 ? "s" : ""))",
                                   seconds: seconds, figures: [("cell_updates_per_s", .number(Double(size * size * steps) / seconds))],
                                   checksum: .number(solution.state.u.reduce(0, +) + solution.state.v.reduce(0, +)))
        }
        return [try record(size: 256, steps: 1000, threads: ParallelLoop.availableThreads, workload: name),
                try record(size: 256, steps: 1000, threads: 1, workload: name),
                try record(size: 2048, steps: 100, threads: ParallelLoop.availableThreads, workload: "W3 brusselator-2d 2048x2048 (100 steps)")]
    }
}
