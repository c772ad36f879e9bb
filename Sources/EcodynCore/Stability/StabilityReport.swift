import ComplexModule
import RealModule

/// The local stability of a state, from its Jacobian J:
/// the eigenvalues (LAPACK `dgeev`), the largest real part, the resilience `−max Re λ` (the
/// asymptotic return rate), the reactivity `λ_max((J + Jᵀ)/2)` (the largest instantaneous
/// growth rate of a perturbation's norm; LAPACK `dsyevd`), and the classification.
public struct StabilityReport: Sendable, Codable {
    public var eigenvalues: [Complex<Double>]
    public var maxReal: Double
    public var resilience: Double { -maxReal }
    public var reactivity: Double
    public var classification: EquilibriumClass
    /// For a large sparse Jacobian: how the eigenvalues were searched for (nil: all of them, LAPACK).
    public var search: EigenvalueSearch?

    /// How the leading eigenvalues of a large Jacobian were found.
    public struct EigenvalueSearch: Sendable, Codable {
        /// The Jacobian's order n.
        public var size: Int
        /// The rightmost eigenvalues asked for; ``StabilityReport/eigenvalues`` holds those that converged.
        public var requested: Int
        /// Whether the rightmost eigenvalues and the reactivity converged to ARPACK's tolerance.
        public var converged: Bool
        /// Products with J (and Jᵀ) and solves with J − σI the searches took.
        public var products: Int
        /// The shift σ of a shift-invert search of the rightmost eigenvalues (nil: a regular one).
        public var shift: Double?
    }

    /// Analyses a square Jacobian.
    public init(jacobian: Matrix) throws(LinearAlgebraError) {
        eigenvalues = try jacobian.eigenvalues()
        maxReal = eigenvalues.map(\.real).max() ?? -.infinity
        reactivity = try jacobian.symmetricPart.symmetricEigenvalues().last ?? -.infinity
        classification = EquilibriumClass(eigenvalues: eigenvalues)
    }

    /// At most this order a sparse Jacobian is analysed densely, with every eigenvalue.
    public static let denseLimit = 400

    /// Analyses a large sparse Jacobian by ARPACK: the `rightmost` eigenvalues of largest real
    /// part (`dnaupd`, "LR") and the reactivity, the largest eigenvalue of (J + Jᵀ)/2 (`dsaupd`,
    /// "LA"); throws `noConvergence` when either search found nothing. The classification
    /// follows from the rightmost eigenvalues when they are stable;
    /// an unstable state is a saddle when trace J < 0 (some eigenvalue then has Re λ < 0), else
    /// the leftmost eigenvalue decides. A search that did not converge says so in ``search``.
    ///
    /// With a `shift` σ the rightmost eigenvalues are those nearest σ, by shift-invert (UMFPACK's
    /// LU of J − σI; put σ at or just right of the rightmost eigenvalue). Without one, a regular
    /// search that does not converge (a spectrum clustered at its right end) is repeated by
    /// shift-invert about its rightmost value found, for n ≤ ``shiftInvertLimit`` (where the
    /// regular search gets ``restartsBeforeShiftInvert`` restarts).
    public init(sparseJacobian j: SparseMatrix, rightmost: Int = 6, shift: Double? = nil) throws(LinearAlgebraError) {
        let n = j.rows
        let jt = j.transposed
        var right: ArnoldiEigenSolver.Result, usedShift = shift, searchProducts = 0
        if let shift {
            right = try Self.shiftInverted(j, about: shift, count: rightmost)
        } else {
            let restarts = n <= Self.shiftInvertLimit ? Self.restartsBeforeShiftInvert : ArnoldiEigenSolver(size: n, count: rightmost).maxIterations
            right = try ArnoldiEigenSolver(size: n, count: rightmost, maxIterations: restarts).eigenvalues(.largestReal) { x, y in j.multiply(x, into: y) }
            if !right.isConverged, n <= Self.shiftInvertLimit {
                let rightmostFound = right.values.first?.real ?? 0
                let sigma = rightmostFound + 1e-3 * max(1, abs(rightmostFound))
                if let inverted = try? Self.shiftInverted(j, about: sigma, count: rightmost), inverted.values.count >= right.values.count {
                    searchProducts = right.products
                    (right, usedShift) = (inverted, sigma)
                }
            }
        }
        var scratch = [Double](repeating: 0, count: n)
        let symmetric = try ArnoldiEigenSolver(size: n, count: 1).largestSymmetric { x, y in
            j.multiply(x, into: y)
            scratch.withUnsafeMutableBufferPointer { jt.multiply(x, into: $0.baseAddress!) }
            for i in 0..<n { y[i] = 0.5 * (y[i] + scratch[i]) }
        }
        // A search that found nothing has nothing to report (a partial one says so in `search`).
        guard let first = right.values.first else { throw .noConvergence(routine: "ARPACK dnaupd (no rightmost eigenvalue converged)", info: 1) }
        guard let largest = symmetric.values.first else { throw .noConvergence(routine: "ARPACK dsaupd (the reactivity did not converge)", info: 1) }
        eigenvalues = right.values
        maxReal = first.real
        reactivity = largest.real
        let tau = EquilibriumClass.relativeTolerance * max(1, right.values.map(\.length).max() ?? 0)
        var products = searchProducts + right.products + symmetric.products
        if maxReal > tau, j.diagonal.reduce(0, +) < 0 {   // some eigenvalue has Re λ < 0 too
            classification = .saddle
        } else if maxReal > tau {
            let left = try ArnoldiEigenSolver(size: n, count: 1).eigenvalues(.smallestReal) { x, y in j.multiply(x, into: y) }
            products += left.products
            classification = EquilibriumClass(eigenvalues: right.values + left.values)
        } else {
            classification = EquilibriumClass(eigenvalues: right.values)
        }
        search = EigenvalueSearch(size: n, requested: rightmost, converged: right.isConverged && symmetric.isConverged, products: products,
                                  shift: usedShift)
    }

    /// Up to this order a regular search that did not converge is repeated by shift-invert (an LU
    /// of J − σI; UMFPACK's fill-in on larger random sparsity patterns can outgrow the memory).
    public static let shiftInvertLimit = 5_000
    /// The restarts a regular search gets before shift-invert takes over. A right end clustered
    /// 2e-7 apart (n = 3000, SparseCommunityTests) took the regular search 2163 restarts and
    /// 30 046 products, shift-invert 536 solves.
    public static let restartsBeforeShiftInvert = 300

    /// The `count` eigenvalues of J nearest σ by shift-invert, the rightmost first.
    static func shiftInverted(_ j: SparseMatrix, about sigma: Double, count: Int) throws(LinearAlgebraError) -> ArnoldiEigenSolver.Result {
        let n = j.rows
        var rowIndices = [Int](), columnIndices = j.columnIndex.map { Int($0) }
        rowIndices.reserveCapacity(j.nonzeroCount + n)
        for i in 0..<n { rowIndices += repeatElement(i, count: j.rowStart[i + 1] - j.rowStart[i]) }
        rowIndices += 0..<n
        columnIndices += 0..<n
        let shifted = try SparseMatrix(rows: n, columns: n, rowIndices: rowIndices, columnIndices: columnIndices,
                                       values: j.values + repeatElement(-sigma, count: n))   // repeats add: J − σI
        let lu = try SparseLU(shifted)
        var failure: LinearAlgebraError?
        var found = try ArnoldiEigenSolver(size: n, count: count).eigenvalues(nearest: sigma) { x, y in
            do throws(LinearAlgebraError) {
                let solution = try lu.solve(Array(UnsafeBufferPointer(start: x, count: n)))
                y.update(from: solution, count: n)
            } catch {
                failure = error
                y.update(repeating: 0, count: n)
            }
        }
        if let failure { throw failure }
        found.values.sort { $0.real > $1.real }
        return found
    }

    /// The report as JSON: `eigenvalues` (list of `{"re", "im"}`), `max_real`, `resilience`,
    /// `reactivity`, `classification`, `stable`, and for a sparse search `search` (`size`,
    /// `requested`, `converged`, `products`).
    public var jsonFields: [(String, JSONValue)] {
        let searchFields: [(String, JSONValue)] = search.map { s in
            [("search", .object([("method", .string(s.shift == nil ? "arpack" : "arpack-shift-invert")), ("size", .integer(s.size)),
                                 ("requested", .integer(s.requested)), ("converged", .bool(s.converged)), ("products", .integer(s.products))]
                                + (s.shift.map { [("shift", JSONValue.number($0))] } ?? [])))]
        } ?? []
        return [("eigenvalues", .array(eigenvalues.map { .object([("re", .number($0.real)), ("im", .number($0.imaginary))]) })),
         ("max_real", .number(maxReal)), ("resilience", .number(resilience)), ("reactivity", .number(reactivity)),
         ("classification", .string(classification.rawValue)), ("stable", .bool(classification.isStable))] + searchFields
    }
}
