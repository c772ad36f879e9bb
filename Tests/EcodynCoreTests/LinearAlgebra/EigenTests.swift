import ComplexModule
import Foundation
import Testing
@testable import EcodynCore
import EcodynTestSupport

/// Eigenvalues against matrices whose spectra are known in closed form.
struct EigenTests {
    /// The companion matrix of the monic polynomial xⁿ + c[n−1]xⁿ⁻¹ + … + c[0]: its eigenvalues are the roots.
    func companion(_ c: [Double]) -> Matrix {
        let n = c.count
        var m = Matrix(rows: n, columns: n)
        for i in 1..<n { m[i, i - 1] = 1 }
        for i in 0..<n { m[i, n - 1] = -c[i] }
        return m
    }

    /// Sorted by real part, then imaginary part.
    func sorted(_ values: [Complex<Double>]) -> [Complex<Double>] {
        values.sorted { ($0.real, $0.imaginary) < ($1.real, $1.imaginary) }
    }

    @Test func companionOfCubicWithRootsOneTwoThree() throws {
        // (x − 1)(x − 2)(x − 3) = x³ − 6x² + 11x − 6
        let values = sorted(try companion([-6, 11, -6]).eigenvalues())
        #expect(allClose(values.map(\.real), [1, 2, 3], rtol: 1e-12, atol: 1e-12))
        #expect(values.allSatisfy { abs($0.imaginary) < 1e-12 })
    }

    @Test func companionWithComplexRoots() throws {
        // (x² + 1)(x + 2) = x³ + 2x² + x + 2: roots −2, ±i
        let values = sorted(try companion([2, 1, 2]).eigenvalues())
        #expect(isClose(values[0].real, -2, atol: 1e-12))
        #expect(isClose(values[1].real, 0, atol: 1e-12) && isClose(values[1].imaginary, -1, atol: 1e-12))
        #expect(isClose(values[2].real, 0, atol: 1e-12) && isClose(values[2].imaginary, 1, atol: 1e-12))
    }

    @Test(arguments: [0.3, 1.0, 2.5])
    func scaledRotationBlock(theta: Double) throws {
        // ρ·[[cos θ, −sin θ], [sin θ, cos θ]] has eigenvalues ρ·e^{±iθ}.
        let rho = 1.7
        let m = try Matrix([[rho * cos(theta), -rho * sin(theta)], [rho * sin(theta), rho * cos(theta)]])
        let values = sorted(try m.eigenvalues())
        #expect(isClose(values[0].real, rho * cos(theta), atol: 1e-14))
        #expect(isClose(values[0].imaginary, -rho * sin(theta), atol: 1e-14))
        #expect(isClose(values[1].imaginary, rho * sin(theta), atol: 1e-14))
    }

    /// The tridiagonal Toeplitz matrix tridiag(−1, 2, −1) of order n has eigenvalues
    /// 2 − 2cos(kπ/(n+1)), k = 1…n (the discrete Dirichlet Laplacian).
    func laplacian(_ n: Int) -> (Matrix, [Double]) {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n {
            m[i, i] = 2
            if i > 0 { m[i, i - 1] = -1; m[i - 1, i] = -1 }
        }
        let exact = (1...n).map { 2 - 2 * cos(Double($0) * .pi / Double(n + 1)) }
        return (m, exact)
    }

    @Test(arguments: [1, 2, 7, 50])
    func symmetricSolverOnTridiagonalToeplitz(n: Int) throws {
        let (m, exact) = laplacian(n)
        #expect(allClose(try m.symmetricEigenvalues(), exact, rtol: 1e-12, atol: 1e-12))
    }

    @Test func generalSolverAgreesOnTheSymmetricCase() throws {
        let (m, exact) = laplacian(30)
        let values = try m.eigenvalues()
        #expect(allClose(values.map(\.real).sorted(), exact, rtol: 1e-11, atol: 1e-12))
        #expect(values.allSatisfy { abs($0.imaginary) < 1e-12 })
    }

    @Test func eigenvectorsSatisfyTheEigenEquation() throws {
        // A non-symmetric matrix with a complex pair: residual ‖A v − λ v‖ must vanish.
        let a = try Matrix([[1, -2, 0.5], [3, 0.2, 1], [-1, 0.7, 2]])
        let d = try a.eigenDecomposition()
        #expect(d.values.count == 3 && d.vectors.count == 3)
        #expect(d.values.contains { $0.imaginary != 0 })
        for (lambda, v) in zip(d.values, d.vectors) {
            for i in 0..<3 {
                var av = Complex<Double>.zero
                for j in 0..<3 { av += Complex(a[i, j], 0) * v[j] }
                #expect((av - lambda * v[i]).length < 1e-12)
            }
            let norm = v.reduce(0.0) { $0 + $1.lengthSquared }.squareRoot()
            #expect(isClose(norm, 1, atol: 1e-12))
        }
    }

    @Test func symmetricEigenvectorsAreOrthonormal() throws {
        // [[2, 1], [1, 2]]: eigenvalues 1 and 3 with vectors (1, −1)/√2 and (1, 1)/√2.
        let d = try SymmetricEigenSolver(order: 2, vectors: true).decomposition(of: Matrix([[2, 1], [1, 2]]))
        #expect(allClose(d.values, [1, 3], atol: 1e-15))
        let v = try #require(d.vectors)
        #expect(isClose(abs(v[0, 0]), 1 / 2.0.squareRoot(), atol: 1e-15) && isClose(v[0, 0], -v[1, 0], atol: 1e-15))
        #expect(isClose(v[0, 1], v[1, 1], atol: 1e-15))
    }

    @Test func oneSolverServesManyMatrices() throws {
        // Reusing the queried workspace gives the same answers as fresh solvers.
        let solver = GeneralEigenSolver(order: 3)
        for c in [[-6.0, 11, -6], [2, 1, 2], [-1, 3, -3]] {
            let reused = sorted(try solver.eigenvalues(of: companion(c)))
            let fresh = sorted(try companion(c).eigenvalues())
            #expect(reused == fresh)
        }
        // (x − 1)³: a defective triple root; the largest real part is still near 1.
        #expect(isClose(try solver.maxRealPart(of: companion([-1, 3, -3])), 1, atol: 1e-4))
    }

    @Test func badInputIsATypedError() throws {
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 3).eigenvalues() }
        #expect(throws: LinearAlgebraError.nonFinite(operation: "eigenvalues")) { try Matrix([[1, .infinity], [0, 1]]).eigenvalues() }
        #expect(throws: LinearAlgebraError.self) { try GeneralEigenSolver(order: 3).eigenvalues(of: .identity(2)) }
    }

    @Test func emptyMatrixHasNoEigenvalues() throws {
        #expect(try Matrix(rows: 0, columns: 0).eigenvalues().isEmpty)
        #expect(try Matrix(rows: 0, columns: 0).symmetricEigenvalues().isEmpty)
    }
}
