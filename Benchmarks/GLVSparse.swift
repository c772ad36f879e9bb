import Ecodyn
import Foundation

/// W7 glv-sparse: one sparse competitive community of n = 10⁵ members with 16 partners per row
/// (`workloads.W7`), adaptive Dormand–Prince 5(4) to t = 100 with rtol 1e-6, atol 1e-9; checksum
/// Σ X(t_end). Also the CSR product's memory traffic (values, column indices, row offsets, x
/// and y once each) in GB/s beside a plain copy's, the bound the product runs against.
struct GLVSparse: Workload {
    let id = "W7"
    let name = "W7 glv-sparse"

    func run(repeats: Int) throws -> [BenchmarkRecord] {
        let (community, x0) = try CanonicalInputs.glvSparseCommunity(n: 100_000, m: 16, alpha: 0.5, seed: 7)
        let field = CommunityField(community)
        let method = DormandPrince(rtol: 1e-6, atol: 1e-9)
        let (seconds, s) = Stopwatch.best(repeats: repeats) { method.solve(field, from: x0, over: 0...100) }
        guard case .sparse(let delta) = community.interactions else { return [] }
        return [BenchmarkRecord(workload: name, impl: "ecodyn dopri5 (CSR avx2 kernel, \(BLASThreads.count) threads)", seconds: seconds,
                                figures: [("rhs_evals", .integer(s.statistics.rhsEvaluations)), ("steps", .integer(s.statistics.steps)),
                                          ("product_GB_per_s", .number(Self.productBandwidth(delta))), ("copy_GB_per_s", .number(Self.copyBandwidth()))],
                                checksum: .number(s.finalState.reduce(0, +)))]
    }

    /// The product's bytes (12 per entry, 8 per row offset, 16 per row for x and y) per second.
    static func productBandwidth(_ delta: SparseMatrix) -> Double {
        let x = [Double](repeating: 0.5, count: delta.columns)
        var y = [Double](repeating: 0, count: delta.rows)
        let products = 200
        let (seconds, _) = Stopwatch.best(repeats: 3) {
            x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { yp in
                for _ in 0..<products { delta.multiply(xp.baseAddress!, into: yp.baseAddress!) }
            } }
        }
        let bytes = Double(12 * delta.nonzeroCount + 8 * (delta.rows + 1) + 16 * delta.rows)
        return bytes * Double(products) / seconds / 1e9
    }

    /// memcpy of 64 MB (read and written: 128 MB of traffic) per second.
    static func copyBandwidth() -> Double {
        let count = 8 << 20
        let source = [Double](repeating: 1, count: count)
        var target = [Double](repeating: 0, count: count)
        let (seconds, _) = Stopwatch.best(repeats: 5) {
            source.withUnsafeBytes { s in target.withUnsafeMutableBytes { t in memcpy(t.baseAddress!, s.baseAddress!, s.count) } }
        }
        return Double(16 * count) / seconds / 1e9
    }
}
