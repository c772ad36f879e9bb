import CEcodynKernels

/// Threads kept for the many short parallel passes of a time-stepping loop (the C team
/// `ek_team`): between passes the workers spin briefly instead of sleeping, so a pass does not
/// wait tens of microseconds for a thread to wake, as a pass through Dispatch does on a
/// virtual machine. Tasks are handed out from a shared counter, as in ``ParallelLoop``, so
/// uneven tasks balance. A grid run keeps one team for all its passes.
final class ThreadTeam {
    private let team: OpaquePointer?
    let threads: Int

    /// A team of `threads` threads including the caller's.
    init(threads: Int) {
        team = ek_team_create(Int32(max(0, threads - 1)))
        self.threads = max(1, threads)
    }

    deinit { ek_team_destroy(team) }

    /// Calls `body(i)` for every i in 0..<count on the team; returns when all calls are done.
    func run(_ count: Int, _ body: (Int) -> Void) {
        guard let team else {   // no team (out of memory): the caller alone; ek_team_run does the same for one task
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in
            var task = body
            withUnsafeMutablePointer(to: &task) { pointer in
                ek_team_run(team, count, { context, i in
                    context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(i)
                }, pointer)
            }
        }
    }
}
