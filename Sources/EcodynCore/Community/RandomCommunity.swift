import Foundation

/// A recipe for random interaction matrices: each unordered pair interacts with probability
/// `connectance`; its type is drawn from `mix` (weights, normalised); each direction's
/// magnitude is |N(0, σ²)| or uniform on [0, σ√3) (the same mean square σ²); δ_ii = `selfLimitation`.
///
/// The draws for pair (i, j), i < j, come from the counter-based stream keyed by
/// (seed, i·n + j), so a community is reproducible bit for bit from its seed and does not
/// depend on the order or the thread in which it is built.
///
/// A `sparse` recipe builds a sparse δ in O(n + pairs): row i's partners j > i are found by
/// geometric skips (the gap to the next partner is ⌊ln(1 − u)/ln(1 − connectance)⌋, u from the
/// stream keyed by (seed, i, "sparse")), which gives each pair the same probability as the dense
/// draw; a pair's type and magnitudes come from its own stream as above. The same seed gives a
/// different community sparse and dense (the pairs are chosen by other draws), the same one for
/// any thread count.
public struct RandomCommunityRecipe: Sendable, Equatable {
    public enum Magnitude: String, Sendable { case normal, uniform }

    public var connectance: Double
    public var sigma: Double
    public var distribution: Magnitude
    public var mix: [InteractionType: Double]
    public var seed: UInt64
    public var selfLimitation: Double
    /// Whether the community's δ is stored sparse (``sparseDelta(n:)``).
    public var sparse: Bool

    public init(connectance: Double, sigma: Double, distribution: Magnitude = .normal,
                mix: [InteractionType: Double] = [.competition: 1], seed: UInt64, selfLimitation: Double = 1,
                sparse: Bool = false) throws(ParameterError) {
        guard (0...1).contains(connectance) else { throw ParameterError("connectance", "must lie in [0, 1], got \(connectance)") }
        guard sigma >= 0, sigma.isFinite else { throw ParameterError("sigma", "must be ≥ 0, got \(sigma)") }
        guard mix.values.allSatisfy({ $0 >= 0 && $0.isFinite }), mix.values.reduce(0, +) > 0 else {
            throw ParameterError("mix", "weights must be ≥ 0 with a positive sum")
        }
        (self.connectance, self.sigma, self.distribution, self.mix, self.seed, self.selfLimitation, self.sparse) =
            (connectance, sigma, distribution, mix, seed, selfLimitation, sparse)
    }

    /// δ as the recipe stores it: ``sparseDelta(n:threads:)`` when `sparse`, else ``delta(n:threads:)``.
    public func interactions(n: Int) -> InteractionMatrix { sparse ? .sparse(sparseDelta(n: n)) : .dense(delta(n: n)) }

    /// The interaction matrix of an n-member community, its rows drawn in parallel on up to
    /// `threads` threads (the matrix does not depend on them).
    public func delta(n: Int, threads: Int = ParallelLoop.availableThreads) -> Matrix {
        var delta = Matrix(rows: n, columns: n)
        delta.elements.withUnsafeMutableBufferPointer { e in
            let e = UncheckedBox(e.baseAddress!)
            drawDense(n: n, threads: threads) { i, j, value in e.value[i + j * n] = value }   // column-major
        }
        return delta
    }

    /// δ drawn straight into float32 storage (half ``delta(n:threads:)``'s memory, each entry the
    /// float64 draw rounded); throws for an entry beyond float32's range.
    public func singleDelta(n: Int, threads: Int = ParallelLoop.availableThreads) throws(LinearAlgebraError) -> SinglePrecisionMatrix {
        var entries = [Float](repeating: 0, count: n * n)
        entries.withUnsafeMutableBufferPointer { e in
            let e = UncheckedBox(e.baseAddress!)
            drawDense(n: n, threads: threads) { i, j, value in e.value[i * n + j] = Float(value) }   // row-major
        }
        return try SinglePrecisionMatrix(size: n, entries: entries)
    }

    /// Every nonzero entry of the dense δ, once each: `write(i, j, value)` is called from up to
    /// `threads` threads at once, never twice for one entry. The pairs go in square tiles of
    /// 256 × 256: a task takes tile (I, J), I ≤ J, whose pairs (i < j) write entries of tiles
    /// (I, J) and (J, I) only, so both stay in cache (row by row over all of δ, every other write
    /// missed it: n = 20 000 took 61 s) and no two tasks write one entry.
    private func drawDense(n: Int, threads: Int, _ write: @Sendable (Int, Int, Double) -> Void) {
        // Fixed type order, so that a mix means the same draws on every run.
        let types = InteractionType.allCases.filter { (mix[$0] ?? 0) > 0 }
        let total = types.reduce(0) { $0 + mix[$1]! }
        let root = CounterRandom(stream: seed)
        let side = 256, tiles = (n + side - 1) / side
        let pairs = (0..<tiles).flatMap { t in (t..<tiles).map { (t, $0) } }
        ParallelLoop.run(pairs.count, threads: threads, usesBLAS: false) { p in
            let (ti, tj) = pairs[p]
            for i in (ti * side)..<min(n, (ti + 1) * side) {
                if ti == tj { write(i, i, selfLimitation) }
                for j in max(i + 1, tj * side)..<max(i + 1, min(n, (tj + 1) * side)) where root.substream(UInt64(i * n + j)).uniform(0) < connectance {
                    let r = relation(i, j, n: n, types: types, total: total)
                    let (onI, onJ) = r.type.signs
                    write(i, j, -onI * r.strengthOnI)
                    write(j, i, -onJ * r.strengthOnJ)
                }
            }
        }
    }

    /// The interaction matrix of an n-member community, sparse: O(n + pairs) work and memory,
    /// rows drawn in parallel on up to `threads` threads (the matrix does not depend on them).
    public func sparseDelta(n: Int, threads: Int = ParallelLoop.availableThreads) -> SparseMatrix {
        let types = InteractionType.allCases.filter { (mix[$0] ?? 0) > 0 }
        let total = types.reduce(0) { $0 + mix[$1]! }
        let blocks = min(n, 64 * max(1, threads))
        var parts = [[(Int, Int, Double)]](repeating: [], count: blocks)
        let skip = log1p(-connectance)
        parts.withUnsafeMutableBufferPointer { out in
            let out = UncheckedBox(out)
            ParallelLoop.run(blocks, threads: threads, usesBLAS: false) { b in
                var entries = [(Int, Int, Double)]()
                for i in (b * n / blocks)..<((b + 1) * n / blocks) {
                    entries.append((i, i, selfLimitation))
                    let row = CounterRandom(stream: seed).substream(UInt64(i), 0x7370_6172_7365)   // "sparse"
                    var (j, draw) = (i, UInt64(0))
                    while true {
                        if connectance < 1 {
                            let gap = skip < 0 ? (log1p(-row.uniform(draw)) / skip).rounded(.down) : .infinity
                            draw += 1
                            guard gap < Double(n - j) else { break }
                            j += 1 + Int(gap)
                        } else {
                            j += 1
                        }
                        guard j < n else { break }
                        let r = relation(i, j, n: n, types: types, total: total)
                        let (onI, onJ) = r.type.signs
                        if onI != 0 { entries.append((i, j, -onI * r.strengthOnI)) }
                        if onJ != 0 { entries.append((j, i, -onJ * r.strengthOnJ)) }
                    }
                }
                out.value[b] = entries
            }
        }
        let entries = parts.joined()
        return try! SparseMatrix(rows: n, columns: n, rowIndices: entries.map(\.0), columnIndices: entries.map(\.1), values: entries.map(\.2))
    }

    /// The relation of pair (i < j): its type and magnitudes from the pair's stream.
    private func relation(_ i: Int, _ j: Int, n: Int, types: [InteractionType], total: Double) -> Relation {
        let pair = CounterRandom(stream: seed).substream(UInt64(i * n + j))
        var pick = pair.uniform(1) * total
        var type = types.last!
        for t in types {
            pick -= mix[t]!
            if pick < 0 { type = t; break }
        }
        return Relation(i, j, type, strengthOnI: magnitude(pair, draw: 1), strengthOnJ: magnitude(pair, draw: 2))
    }

    private func magnitude(_ stream: CounterRandom, draw: UInt64) -> Double {
        switch distribution {
        case .normal: return sigma * abs(stream.normal(draw))
        case .uniform: return sigma * 3.0.squareRoot() * stream.uniform(2 * draw + 8)
        }
    }
}
