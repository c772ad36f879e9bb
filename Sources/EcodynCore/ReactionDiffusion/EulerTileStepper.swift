import CEcodynKernels

/// Two explicit Euler steps per parallel pass (temporal blocking). Each thread owns a band of
/// rows: it computes the intermediate state of its band into a private ring of rows, together
/// with the rows its band reads from outside (its halo: the neighbour bands' edge rows and rows
/// reached across a periodic wrap), and takes the second step of each row as soon as the
/// intermediate rows around it exist. Threads therefore meet once per two steps instead of once
/// per step, and the intermediate state stays in cache. Every row goes through the one-step kernel
/// with the same inputs, so the result is bit-identical to two single steps for any thread count.
final class EulerPairStepper {
    private let simulation: GridSimulation
    private let dt: Double
    private let bands: [Band]
    /// The largest row distance to an in-band neighbour read from the ring: 1 in 2-D, ny in 3-D.
    private let reach: Int
    /// Intermediate rows kept per band: the second step of row i reads rows i − reach … i + reach
    /// while row i + reach + 1 is being written; a power of two, so a row's slot is a mask.
    private let ringRows: Int
    private let workspace: UnsafeMutablePointer<Double>
    /// The run's threads: one band each.
    private let team: ThreadTeam

    private struct Band {
        let rows: Range<Int>
        let halo: [Int]
        /// The slot after the ring of each halo row, indexed by row (−1 for rows not in the halo).
        let haloSlot: [Int]
        /// Where the band's private rows (ring, then halo; u then v) start in the workspace.
        let offset: Int
    }

    enum Outcome { case finished, firstStepDiverged, secondStepDiverged }

    init(simulation: GridSimulation, dt: Double, team: ThreadTeam) {
        let grid = simulation.grid
        let rows = grid.ny * grid.nz
        let reach = grid.dimensions == 3 ? grid.ny : (grid.dimensions == 2 ? 1 : 0)
        let ringRows = 1 << (Int.bitWidth - (2 * reach + 1).leadingZeroBitCount)   // > 2·reach + 1
        // Bands of whole planes in 3-D, so that a halo is two planes.
        let unit = grid.dimensions == 3 ? grid.ny : 1, units = rows / unit
        let count = max(1, min(team.threads, units))
        var bands = [Band](), offset = 0
        let nowhere = UnsafePointer<Double>(bitPattern: MemoryLayout<Double>.alignment)!
        for t in 0..<count {
            let band = (t * units / count * unit)..<((t + 1) * units / count * unit)
            var halo = [Int](), haloSlot = [Int](repeating: -1, count: rows)
            for i in band {
                // Only the rows describeRow names are kept; the addresses it forms are not used.
                _ = simulation.describeRow(i, u: nowhere, v: nowhere) { g in
                    if !(band.contains(g) && abs(g - i) <= reach), haloSlot[g] < 0 {
                        haloSlot[g] = ringRows + halo.count
                        halo.append(g)
                    }
                    return 0
                }
            }
            bands.append(Band(rows: band, halo: halo, haloSlot: haloSlot, offset: offset))
            offset += 2 * (ringRows + halo.count) * grid.nx
        }
        (self.simulation, self.dt, self.bands, self.reach, self.ringRows) = (simulation, dt, bands, reach, ringRows)
        self.team = team
        workspace = .allocate(capacity: offset)
    }

    deinit { workspace.deallocate() }

    /// Advances `x` by two steps into `out`. When a step produces non-finite values the outcome says
    /// which, and `out` is not a state.
    func advance(_ x: GridState, into out: inout GridState) -> Outcome {
        var first = [Bool](repeating: true, count: bands.count), second = first
        x.u.withUnsafeBufferPointer { xu in x.v.withUnsafeBufferPointer { xv in
        out.u.withUnsafeMutableBufferPointer { ou in out.v.withUnsafeMutableBufferPointer { ov in
        first.withUnsafeMutableBufferPointer { f in second.withUnsafeMutableBufferPointer { s in
            let pointers = UncheckedBox((xu.baseAddress!, xv.baseAddress!, ou.baseAddress!, ov.baseAddress!, f.baseAddress!, s.baseAddress!))
            team.run(bands.count) { t in
                let (xu, xv, ou, ov, first, second) = pointers.value
                (first[t], second[t]) = advanceBand(bands[t], xu, xv, ou, ov)
            }
        } } } } } }
        if !first.allSatisfy({ $0 }) { return .firstStepDiverged }
        return second.allSatisfy { $0 } ? .finished : .secondStepDiverged
    }

    /// Both steps for one band; returns whether each step's values are finite.
    private func advanceBand(_ band: Band, _ xu: UnsafePointer<Double>, _ xv: UnsafePointer<Double>,
                             _ ou: UnsafeMutablePointer<Double>, _ ov: UnsafeMutablePointer<Double>) -> (Bool, Bool) {
        let nx = simulation.grid.nx, a = band.rows.lowerBound
        let ringU = workspace + band.offset, ringV = ringU + (ringRows + band.halo.count) * nx
        let kind = simulation.kernel.kind
        let (du, dv) = (simulation.diffusion.u, simulation.diffusion.v)
        let invH2 = 1 / (simulation.grid.spacing * simulation.grid.spacing), dt = dt
        var firstFinite: Int32 = 1, secondFinite: Int32 = 1
        /// The ring slot of in-band row g.
        func ring(_ g: Int) -> Int { (g - a) & (ringRows - 1) }
        simulation.kernel.parameters.withUnsafeBufferPointer { parameters in
            let p = parameters.baseAddress!
            func firstStep(_ g: Int, slot: Int) {
                var row = simulation.describeRow(g, u: xu, v: xv)
                let (from, to) = (g * nx, slot * nx)
                firstFinite &= ek_rd_row_update(&row, kind, p, du, dv, invH2, xu + from, xv + from, xu + from, xv + from, dt, ringU + to, ringV + to)
            }
            func secondStep(_ i: Int) {
                var row = simulation.describeRow(i, u: ringU, v: ringV) { g in
                    band.rows.contains(g) && abs(g - i) <= reach ? ring(g) : band.haloSlot[g]
                }
                let (from, to) = (ring(i) * nx, i * nx)
                secondFinite &= ek_rd_row_update(&row, kind, p, du, dv, invH2, ringU + from, ringV + from, ringU + from, ringV + from, dt, ou + to, ov + to)
            }
            for g in band.halo { firstStep(g, slot: band.haloSlot[g]) }
            for j in band.rows {
                firstStep(j, slot: ring(j))
                if j - reach >= a { secondStep(j - reach) }
            }
            for i in max(a, band.rows.upperBound - reach)..<band.rows.upperBound { secondStep(i) }
        }
        return (firstFinite != 0, secondFinite != 0)
    }
}
