import ComplexModule
import Foundation
import RealModule
import CSparseSolvers

/// Some eigenvalues of a large matrix known only through its products y = A·x, by ARPACK
/// (arpack-ng's implicitly restarted Arnoldi, `dnaupd`/`dneupd`, and Lanczos for symmetric
/// matrices, `dsaupd`/`dseupd`; Lehoucq, Sorensen & Yang 1998), with its convergence stated.
///
/// ARPACK keeps its iteration's state in Fortran `SAVE` variables, so searches in one process
/// take turns (a lock held for the whole search); products inside a search may use threads.
///
/// ```swift
/// let leading = ArnoldiEigenSolver(size: n, count: 6).eigenvalues(.largestReal) { x, y in a.multiply(x, into: y) }
/// leading.values.first   // the rightmost eigenvalue, when leading.isConverged
/// ```
public struct ArnoldiEigenSolver: Sendable {
    /// Which end of the spectrum to find.
    public enum Part: String, Sendable {
        /// The largest real parts ("LR"), the rightmost eigenvalues.
        case largestReal = "LR"
        /// The smallest real parts ("SR").
        case smallestReal = "SR"
    }

    /// What an eigenvalue search found and how it ended.
    public struct Result: Sendable {
        /// The converged eigenvalues, the requested end of the spectrum first.
        public var values: [Complex<Double>]
        /// How many were asked for.
        public var requested: Int
        /// Restarts of the Arnoldi (or Lanczos) iteration.
        public var iterations: Int
        /// Products with the matrix.
        public var products: Int
        /// Whether all requested eigenvalues converged to the tolerance.
        public var isConverged: Bool { values.count >= requested }
    }

    public var size: Int
    public var count: Int
    /// The relative accuracy of the eigenvalues (ARPACK's `tol`).
    public var tolerance: Double
    public var maxIterations: Int

    /// A search for `count` eigenvalues of an n×n matrix; `count` must be below n − 2.
    public init(size: Int, count: Int, tolerance: Double = 1e-10, maxIterations: Int = 3000) {
        (self.size, self.count, self.tolerance, self.maxIterations) = (size, count, tolerance, maxIterations)
    }

    /// The Krylov basis size: ARPACK's advice 2·count + 1, at least 20.
    private var basisSize: Int { min(size, max(2 * count + 1, 20)) }

    /// A fixed start vector, so a search gives the same answer every time (ARPACK's own random
    /// start changes from call to call within a process).
    private var start: [Double] {
        let random = CounterRandom(stream: 0x4152_5041_434B)
        return (0..<size).map { 1 + 0.5 * random.uniform(UInt64($0)) }
    }

    /// One ARPACK search at a time in the process.
    private static let lock = NSLock()

    /// Eigenvalues of a general matrix at one end of its spectrum; `multiply(x, y)` sets y = A·x.
    public func eigenvalues(_ part: Part, _ multiply: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void) throws(LinearAlgebraError) -> Result {
        let found = try nonsymmetric(which: part.rawValue, shift: nil, multiply)
        let ordered = part == .largestReal ? found.values.sorted { $0.real > $1.real } : found.values.sorted { $0.real < $1.real }
        return Result(values: Array(ordered.prefix(count)), requested: count, iterations: found.iterations, products: found.products)
    }

    /// The eigenvalues of a general matrix nearest the real shift σ, nearest first, by
    /// shift-invert (ARPACK's mode 3): the iteration runs on (A − σI)⁻¹, whose largest
    /// eigenvalues 1/(λ − σ) belong to the λ nearest σ and stand well apart even where A's
    /// spectrum is clustered. `solve(x, y)` sets y = (A − σI)⁻¹·x; `products` counts solves.
    public func eigenvalues(nearest sigma: Double, _ solve: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void) throws(LinearAlgebraError) -> Result {
        let found = try nonsymmetric(which: "LM", shift: sigma, solve)
        let ordered = found.values.sorted { ($0 - Complex(sigma, 0)).length < ($1 - Complex(sigma, 0)).length }
        return Result(values: Array(ordered.prefix(count)), requested: count, iterations: found.iterations, products: found.products)
    }

    /// One `dnaupd`/`dneupd` search, regular (mode 1, `operate` = A·x) or shift-inverted about
    /// `shift` (mode 3, `operate` = (A − σI)⁻¹·x; `dneupd` returns A's eigenvalues); unordered.
    private func nonsymmetric(which: String, shift: Double?,
                              _ operate: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void) throws(LinearAlgebraError) -> Result {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        let (n, nev, ncv) = (Int32(size), Int32(count), Int32(basisSize))
        guard count >= 1, count + 2 < size else { throw .shapeMismatch("ARPACK finds 1 to n − 3 = \(size - 3) eigenvalues, not \(count)") }
        var resid = start, v = [Double](repeating: 0, count: size * Int(ncv)), workd = [Double](repeating: 0, count: 3 * size)
        let lworkl = 3 * ncv * ncv + 6 * ncv
        var workl = [Double](repeating: 0, count: Int(lworkl))
        var iparam = [Int32](repeating: 0, count: 11), ipntr = [Int32](repeating: 0, count: 14)
        (iparam[0], iparam[2], iparam[6]) = (1, Int32(maxIterations), shift == nil ? 1 : 3)
        var info: Int32 = 1
        let products = Self.communicate(&workd, &ipntr, operate) { ido, workd, ipntr in
            dnaupd_c(&ido, "I", n, which, nev, tolerance, &resid, ncv, &v, n, &iparam, &ipntr, &workd, &workl, lworkl, &info)
        }
        guard info == 0 || info == 1 else { throw .noConvergence(routine: "ARPACK dnaupd", info: Int(info)) }
        let converged = Int(iparam[4])
        var dr = [Double](repeating: 0, count: count + 1), di = dr, z = [Double](repeating: 0, count: 1)
        var select = [Int32](repeating: 0, count: Int(ncv)), workev = [Double](repeating: 0, count: 3 * Int(ncv))
        var finish: Int32 = 0
        dneupd_c(0, "A", &select, &dr, &di, &z, 1, shift ?? 0, 0, &workev, "I", n, which, nev, tolerance, &resid, ncv, &v, n,
                 &iparam, &ipntr, &workd, &workl, lworkl, &finish)
        // −14: dnaupd found no eigenvalue to the tolerance, a search that did not converge.
        guard finish == 0 || finish == -14 else { throw .noConvergence(routine: "ARPACK dneupd", info: Int(finish)) }
        let found = finish == -14 ? [] : (0..<min(converged, count + 1)).map { Complex(dr[$0], di[$0]) }
        return Result(values: found, requested: count, iterations: Int(iparam[2]), products: products)
    }

    /// The largest eigenvalues of a symmetric matrix ("LA", Lanczos), the largest first.
    public func largestSymmetric(_ multiply: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void) throws(LinearAlgebraError) -> Result {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        let (n, nev, ncv) = (Int32(size), Int32(count), Int32(basisSize))
        guard count >= 1, count + 1 < size else { throw .shapeMismatch("ARPACK finds 1 to n − 2 = \(size - 2) symmetric eigenvalues, not \(count)") }
        var resid = start, v = [Double](repeating: 0, count: size * Int(ncv)), workd = [Double](repeating: 0, count: 3 * size)
        let lworkl = ncv * (ncv + 8)
        var workl = [Double](repeating: 0, count: Int(lworkl))
        var iparam = [Int32](repeating: 0, count: 11), ipntr = [Int32](repeating: 0, count: 11)
        (iparam[0], iparam[2], iparam[6]) = (1, Int32(maxIterations), 1)
        var info: Int32 = 1
        let products = Self.communicate(&workd, &ipntr, multiply) { ido, workd, ipntr in
            dsaupd_c(&ido, "I", n, "LA", nev, tolerance, &resid, ncv, &v, n, &iparam, &ipntr, &workd, &workl, lworkl, &info)
        }
        guard info == 0 || info == 1 else { throw .noConvergence(routine: "ARPACK dsaupd", info: Int(info)) }
        let converged = Int(iparam[4])
        var d = [Double](repeating: 0, count: count), z = [Double](repeating: 0, count: 1)
        var select = [Int32](repeating: 0, count: Int(ncv))
        var finish: Int32 = 0
        dseupd_c(0, "A", &select, &d, &z, 1, 0, "I", n, "LA", nev, tolerance, &resid, ncv, &v, n, &iparam, &ipntr, &workd, &workl, lworkl, &finish)
        guard finish == 0 else { throw .noConvergence(routine: "ARPACK dseupd", info: Int(finish)) }
        let found = d.prefix(min(converged, count)).sorted(by: >).map { Complex($0, 0) }
        return Result(values: found, requested: count, iterations: Int(iparam[2]), products: products)
    }

    /// ARPACK's reverse communication: `step` makes one call of the *aupd routine; while it asks
    /// (ido = ±1), y = A·x with x and y at the 1-based offsets ipntr[0] and ipntr[1] of workd.
    /// Returns the number of products.
    private static func communicate(_ workd: inout [Double], _ ipntr: inout [Int32],
                                    _ multiply: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void,
                                    step: (inout Int32, inout [Double], inout [Int32]) -> Void) -> Int {
        var (ido, products): (Int32, Int) = (0, 0)
        while true {
            step(&ido, &workd, &ipntr)
            guard ido == -1 || ido == 1 else { return products }
            let (x, y) = (Int(ipntr[0] - 1), Int(ipntr[1] - 1))
            workd.withUnsafeMutableBufferPointer { w in multiply(w.baseAddress! + x, w.baseAddress! + y) }
            products += 1
        }
    }
}
