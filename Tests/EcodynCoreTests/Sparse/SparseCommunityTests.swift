import ComplexModule
import Foundation
import Testing
@testable import EcodynCore
import EcodynTestSupport

/// Sparse communities against the dense path on the same community (LAPACK), ARPACK against
/// dgeev and closed forms, and the sparse random builder's statistics.
struct SparseCommunityTests {
    /// A random competitive community of n members with about `degree` partners each, stored sparse.
    static func community(n: Int, degree: Double, sigma: Double, mix: [InteractionType: Double] = [.competition: 1], seed: UInt64 = 11) throws -> Community {
        let recipe = try RandomCommunityRecipe(connectance: degree / Double(n - 1), sigma: sigma, mix: mix, seed: seed, sparse: true)
        let r = (0..<n).map { 0.5 + 0.5 * CounterRandom(stream: 99).uniform(UInt64($0)) }
        return try Community(r: r, mu: r.map { 0.1 * $0 }, K: [Double](repeating: 1, count: n), interactions: recipe.interactions(n: n))
    }

    @Test func sparseAgreesWithDenseAtN2000() throws {
        let sparse = try Self.community(n: 2000, degree: 12, sigma: 0.08)
        let dense = try Community(r: sparse.r, mu: sparse.mu, K: sparse.K, delta: sparse.delta)
        let x = (0..<2000).map { 0.3 + 0.2 * sin(Double($0)) }
        let v = (0..<2000).map { cos(0.7 * Double($0)) }
        func field(_ c: Community) -> (f: [Double], jv: [Double]) {
            let f = CommunityField(c)
            var out = [Double](repeating: 0, count: 2000), cache = out, jv = out
            f.evaluate(0, x, &out)
            f.linearize(0, x, into: &cache)
            f.jacobianProduct(0, x, cache: cache, v, &jv)
            return (out, jv)
        }
        let (s, d) = (field(sparse), field(dense))
        #expect(allClose(s.f, d.f, rtol: 1e-13, atol: 1e-15))
        #expect(allClose(s.jv, d.jv, rtol: 1e-13, atol: 1e-15))
        #expect(allClose(sparse.sparseJacobian(at: x).dense.elements, try dense.jacobian(at: x).elements, rtol: 1e-13, atol: 1e-15))
        let (es, ed) = (try sparse.interiorEquilibrium(), try dense.interiorEquilibrium())
        #expect(allClose(es.state, ed.state, rtol: 1e-9, atol: 1e-11))
        let (rs, rd) = (try sparse.stability(at: es.state), try dense.stability(at: ed.state))
        #expect(rs.search?.converged == true && rd.search == nil)
        #expect(isClose(rs.maxReal, rd.maxReal, rtol: 1e-8, atol: 1e-10))
        #expect(isClose(rs.reactivity, rd.reactivity, rtol: 1e-8, atol: 1e-10))
        #expect(rs.classification == rd.classification)
        // The six rightmost of dgeev's 2000 eigenvalues.
        let rightmost = rd.eigenvalues.sorted { $0.real > $1.real }.prefix(6)
        for (a, b) in zip(rs.eigenvalues, rightmost) { #expect(isClose(a.real, b.real, rtol: 1e-8, atol: 1e-10)) }
    }

    /// A clustered spectrum (3000 eigenvalues within 1 % of −1 and three outliers) that is also
    /// non-normal (an upper bidiagonal matrix, whose eigenvalues are its diagonal): the three
    /// outliers, which lie outside the cluster's pseudospectrum (a disk of radius ≈ 0.2).
    @Test func arpackFindsClusteredAndNonNormalSpectraAtN3000() throws {
        let n = 3000
        let outliers: [Int: Double] = [17: 0.7, 901: 0.5, 2500: 0.4]
        let d = (0..<n).map { (i: Int) -> Double in -1 - 0.01 * Double(i) / Double(n) + (outliers[i] ?? 0) }
        var rows = Array(0..<n), columns = Array(0..<n), values = d
        for i in 0..<(n - 1) { rows.append(i); columns.append(i + 1); values.append(0.2) }
        let bidiagonal = try SparseMatrix(rows: n, columns: n, rowIndices: rows, columnIndices: columns, values: values)
        let found = try ArnoldiEigenSolver(size: n, count: 3).eigenvalues(.largestReal) { bidiagonal.multiply($0, into: $1) }
        #expect(found.isConverged)
        let exact = d.sorted(by: >).prefix(3)
        for (a, b) in zip(found.values, exact) { #expect(isClose(a.real, b, rtol: 1e-8, atol: 1e-9) && abs(a.imaginary) < 1e-8) }
    }

    /// A spectrum clustered at its right end: J = −I + c·T, T the tridiagonal matrix of ones
    /// off the diagonal (n = 3000, c = 0.05), has the eigenvalues −1 + 2c·cos(kπ/(n + 1)),
    /// k = 1 … n, its rightmost six 1.6e-7 to 6e-7 apart within a spread of 0.2. Shift-invert
    /// about σ = λ₁ + 1e-3 finds the six nearest σ, which are the six rightmost (the closed form),
    /// where the regular search does not converge in the restarts the report gives it; and the
    /// stability report, given no shift, falls back to shift-invert and says so.
    @Test func shiftInvertSeparatesAClusteredRightEnd() throws {
        let n = 3000, c = 0.05
        var rows = Array(0..<n), columns = Array(0..<n), values = [Double](repeating: -1, count: n)
        for i in 0..<(n - 1) { rows += [i, i + 1]; columns += [i + 1, i]; values += [c, c] }
        let j = try SparseMatrix(rows: n, columns: n, rowIndices: rows, columnIndices: columns, values: values)
        let d = (1...n).map { -1 + 2 * c * cos(Double($0) * .pi / Double(n + 1)) }
        let exact = Array(d.prefix(6))
        let regular = try ArnoldiEigenSolver(size: n, count: 6, maxIterations: StabilityReport.restartsBeforeShiftInvert)
            .eigenvalues(.largestReal) { j.multiply($0, into: $1) }
        #expect(!regular.isConverged)
        let inverted = try StabilityReport.shiftInverted(j, about: d[0] + 1e-3, count: 6)
        #expect(inverted.isConverged)
        for (a, b) in zip(inverted.values, exact) { #expect(abs(a.real - b) < 1e-9 && abs(a.imaginary) < 1e-9) }
        let report = try StabilityReport(sparseJacobian: j)
        #expect(report.search?.shift != nil && report.search?.converged == true)
        for (a, b) in zip(report.eigenvalues, exact) { #expect(abs(a.real - b) < 1e-9) }
        #expect(report.classification == .stableNode)
    }

    @Test func arpackAgreesWithDgeevOnANonNormalCommunity() throws {
        // Predation makes δ far from symmetric; J's rightmost eigenvalues against dgeev's.
        let c = try Self.community(n: 1500, degree: 10, sigma: 0.15, mix: [.predation: 1, .competition: 1], seed: 5)
        let x = (0..<1500).map { 0.5 + 0.3 * cos(Double($0)) }
        let j = c.sparseJacobian(at: x)
        let all = try j.dense.eigenvalues().sorted { $0.real > $1.real }
        let found = try ArnoldiEigenSolver(size: 1500, count: 3).eigenvalues(.largestReal) { j.multiply($0, into: $1) }
        #expect(found.isConverged)
        for (a, b) in zip(found.values, all.prefix(3)) { #expect(isClose(a.real, b.real, rtol: 1e-7, atol: 1e-9)) }
    }

    @Test func ellipticLawEdgeOfASparseCommunityOf100000() throws {
        // Competition and mutualism in equal parts: entries ±σ|z|, mean 0, variance σ², and the
        // pair's correlation E|z₁||z₂| = 2/π. −δ's rightmost eigenvalue: the law's edge.
        let n = 100_000, degree = 16.0, sigma = 0.08
        let recipe = try RandomCommunityRecipe(connectance: degree / Double(n - 1), sigma: sigma, mix: [.competition: 1, .mutualism: 1], seed: 21, sparse: true)
        let delta = recipe.sparseDelta(n: n)
        let found = try ArnoldiEigenSolver(size: n, count: 1, tolerance: 1e-6).eigenvalues(.smallestReal) { delta.multiply($0, into: $1) }
        let law = EllipticLaw(n: n, connectance: recipe.connectance, sigma: sigma, correlation: 2 / .pi, selfRegulation: 1)
        let radius = sigma * degree.squareRoot() * (1 + 2 / .pi)
        #expect(found.isConverged)
        #expect(abs(-found.values[0].real - law.predictedEdge) < 0.1 * radius)
    }

    @Test func sparseBuilderStatisticsAndThreads() throws {
        let n = 20_000, connectance = 10.0 / 19_999
        let recipe = try RandomCommunityRecipe(connectance: connectance, sigma: 0.2, mix: [.competition: 3, .mutualism: 1], seed: 8, sparse: true)
        let one = recipe.sparseDelta(n: n, threads: 1), two = recipe.sparseDelta(n: n, threads: 2)
        #expect(one == two)
        // Pairs: Binomial(n(n−1)/2, C); both directions stored, plus the diagonal.
        let pairs = Double(n * (n - 1) / 2) * connectance
        let found = Double(one.nonzeroCount - n) / 2
        #expect(abs(found - pairs) < 4 * pairs.squareRoot())
        // Type mix: a competitive pair has δ_ij > 0, a mutualistic one δ_ij < 0 (share 1/4).
        var negative = 0.0, squares = 0.0, count = 0.0
        for i in 0..<n { for k in one.rowStart[i]..<one.rowStart[i + 1] where Int(one.columnIndex[k]) > i {
            negative += one.values[k] < 0 ? 1 : 0
            squares += one.values[k] * one.values[k]
            count += 1
        } }
        #expect(abs(negative / count - 0.25) < 4 * (0.25 * 0.75 / count).squareRoot())
        // |N(0, σ²)| magnitudes: mean square σ² (fourth moment 3σ⁴, so the sd of the mean is σ²√(2/N)).
        #expect(abs(squares / count - 0.04) < 4 * 0.04 * (2 / count).squareRoot())
        #expect(one.diagonal.allSatisfy { $0 == 1 })
    }
}
