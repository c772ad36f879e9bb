/// The rows of a grid that one process steps, held with a ghost plane on each side: the grid is
/// cut along its slowest axis (y in 2-D, z in 3-D) into slabs of whole planes (a plane is a row
/// in 2-D, ny rows in 3-D), rank r taking planes r·P/size ..< (r + 1)·P/size. The whole grid is
/// the slab of one process without ghosts.
///
/// A slab's fields are its low ghost plane, its own rows, then its high ghost plane, x fastest.
struct GridSlab {
    /// The slab's own rows, as rows of the whole grid.
    let rows: Range<Int>
    /// Rows per ghost plane: a plane's rows for a cut grid, 0 for the whole grid.
    let ghost: Int
    /// The whole grid's rows and row length.
    let total: Int, nx: Int
    /// The ranks of the slabs below and above (nil at a grid edge that does not wrap).
    let below: Int?, above: Int?

    /// The whole grid, stepped by one process.
    init(whole grid: Grid) {
        rows = 0..<(grid.ny * grid.nz)
        (ghost, total, nx, below, above) = (0, grid.ny * grid.nz, grid.nx, nil, nil)
    }

    /// Rank `rank`'s slab of `grid` cut among `size` processes. Throws naming `grid.shape` for a
    /// 1-D grid and for fewer planes than processes.
    init(of grid: Grid, rank: Int, size: Int) throws(ParameterError) {
        guard grid.dimensions >= 2 else {
            throw ParameterError("shape", "a 1-D grid is not cut among processes: run it as one process (without mpirun or srun)")
        }
        let plane = grid.dimensions == 3 ? grid.ny : 1, planes = grid.ny * grid.nz / plane
        guard planes >= size else {
            throw ParameterError("shape", "the grid has \(planes) planes along its last axis, fewer than the \(size) processes that share them: run fewer processes")
        }
        rows = (rank * planes / size * plane)..<((rank + 1) * planes / size * plane)
        (ghost, total, nx) = (plane, grid.ny * grid.nz, grid.nx)
        let wraps = grid.boundary == .periodic
        below = rank > 0 ? rank - 1 : (wraps ? size - 1 : nil)
        above = rank + 1 < size ? rank + 1 : (wraps ? 0 : nil)
    }

    /// Cells of a slab field: the ghosts and the own rows.
    var cells: Int { (rows.count + 2 * ghost) * nx }
    /// The own cells within a slab field.
    var ownCells: Range<Int> { (ghost * nx)..<((ghost + rows.count) * nx) }

    /// Where row `g` of the whole grid is held in a slab field: an own row, or a ghost plane's row
    /// (the plane below or above the slab, wrapped for a periodic grid).
    func slot(_ g: Int) -> Int {
        if rows.contains(g) { return g - rows.lowerBound + ghost }
        let fromBelow = (g - rows.lowerBound + ghost + total) % total
        if fromBelow < ghost { return fromBelow }
        return ghost + rows.count + (g - rows.upperBound + total) % total
    }

    /// The slab's part of a whole-grid field, with zero ghosts.
    func cut(_ field: [Double]) -> [Double] {
        var local = [Double](repeating: 0, count: cells)
        local.replaceSubrange(ownCells, with: field[(rows.lowerBound * nx)..<(rows.upperBound * nx)])
        return local
    }

    /// Fills the ghost planes of the fields `u` and `v` with the neighbouring slabs' edge planes.
    func exchangeGhosts(_ u: UnsafeMutablePointer<Double>, _ v: UnsafeMutablePointer<Double>, ranks: any GridRanks) {
        // Row slots: the low ghost plane 0 ..< ghost, the first own plane ghost ..< 2·ghost, the
        // last own plane rows.count ..< rows.count + ghost, the high ghost plane after it.
        let plane = ghost * nx, lastOwn = rows.count * nx, highGhost = (rows.count + ghost) * nx
        var sending = [HaloMessage](), receiving = [HaloMessage]()
        for (species, field) in [u, v].enumerated() {
            let (down, up) = (Int32(2 * species), Int32(2 * species + 1))
            if let below {
                sending.append(HaloMessage(peer: below, tag: down, buffer: field + plane, count: plane))
                receiving.append(HaloMessage(peer: below, tag: up, buffer: field, count: plane))
            }
            if let above {
                sending.append(HaloMessage(peer: above, tag: up, buffer: field + lastOwn, count: plane))
                receiving.append(HaloMessage(peer: above, tag: down, buffer: field + highGhost, count: plane))
            }
        }
        ranks.exchange(sending: sending, receiving: receiving)
    }

    /// The whole-grid field on rank 0 (nil elsewhere) from every rank's slab field.
    func gather(_ field: [Double], ranks: any GridRanks, grid: Grid) -> [Double]? {
        let counts = (0..<ranks.size).map { r in
            let planes = grid.ny * grid.nz / ghost
            return ((r + 1) * planes / ranks.size - r * planes / ranks.size) * ghost * nx
        }
        var all = [Double](repeating: 0, count: ranks.rank == 0 ? total * nx : 0)
        field.withUnsafeBufferPointer { local in
            let own = UnsafeBufferPointer(rebasing: local[ownCells])
            if ranks.rank == 0 {
                all.withUnsafeMutableBufferPointer { ranks.gather(own, counts: counts, into: $0) }
            } else {
                ranks.gather(own, counts: counts, into: nil)
            }
        }
        return ranks.rank == 0 ? all : nil
    }
}
