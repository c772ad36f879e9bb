import CEcodynKernels
import Foundation
import Testing

/// The C thread team: every task of every pass runs exactly once, whether the workers are
/// spinning between passes or have gone to sleep, and with no workers at all.
struct ThreadTeamKernelTests {
    /// Runs `passes` passes of `tasks` tasks, each task adding 1 to its own counter, pausing
    /// `pause` seconds between passes; returns the counters.
    func counts(workers: Int32, tasks: Int, passes: Int, pause: TimeInterval = 0) -> [Int] {
        let team = ek_team_create(workers)
        defer { ek_team_destroy(team) }
        var counters = [Int](repeating: 0, count: max(tasks, 1))
        counters.withUnsafeMutableBufferPointer { buffer in
            for _ in 0..<passes {
                ek_team_run(team, tasks, { context, task in context!.assumingMemoryBound(to: Int.self)[task] += 1 }, buffer.baseAddress)
                if pause > 0 { Thread.sleep(forTimeInterval: pause) }
            }
        }
        return Array(counters.prefix(tasks))
    }

    @Test(arguments: [Int32(0), 1, 3])
    func everyTaskRunsOncePerPass(workers: Int32) {
        for tasks in [0, 1, 2, 7, 64] {
            #expect(counts(workers: workers, tasks: tasks, passes: 2000) == [Int](repeating: 2000, count: tasks), "workers \(workers) tasks \(tasks)")
        }
    }

    @Test func workersThatFellAsleepWakeForTheNextPass() {
        // 2 ms between passes is beyond the ~0.2 ms the workers spin.
        #expect(counts(workers: 2, tasks: 5, passes: 20, pause: 0.002) == [Int](repeating: 20, count: 5))
    }
}
