import ComplexModule
import RealModule

/// The first Lyapunov coefficient l₁ of a Hopf point (Kuznetsov, *Elements of Applied
/// Bifurcation Theory*, 3rd ed., eq. (10.52)): with A = f_x, Aq = iωq, Aᵀp = −iωp,
/// ⟨q, q⟩ = ⟨p, q⟩ = 1 (⟨u, v⟩ = ūᵀv), and B, C the second and third derivatives of f,
///
///     l₁ = 1/(2ω) Re[ ⟨p, C(q, q, q̄)⟩ − 2⟨p, B(q, A⁻¹B(q, q̄))⟩ + ⟨p, B(q̄, (2iωI − A)⁻¹B(q, q))⟩ ].
///
/// l₁ < 0: supercritical (a stable cycle is born); l₁ > 0: subcritical. With this normalisation
/// the planar ẋ = −ωy + σx(x² + y²), ẏ = ωx + σy(x² + y²) has l₁ = 2σ/ω. B and C are central
/// differences of f, exact up to rounding for the polynomial models (GLV is quadratic, the
/// kinetics cubic).
public struct FirstLyapunovCoefficient: Sendable {
    public let value: Double

    /// l₁ at the Hopf point `state` of `family` at `parameter`, whose pair is ±i·`frequency`.
    public init(family: EquilibriumFamily, state x: [Double], parameter p: Double, frequency omega: Double) throws {
        guard omega > 0 else { throw ParameterError("frequency", "a Hopf point needs a pair ±iω with ω > 0, got \(omega)") }
        let n = x.count
        let a = try family.jacobian(x, p)
        let q = try Self.eigenvector(of: a, near: Complex(0, omega))
        let p0 = try Self.eigenvector(of: a.transposed, near: Complex(0, -omega))
        let c = Self.inner(p0, q)
        let pv = p0.map { $0 / c.conjugate }            // ⟨p, q⟩ = 1
        let h = 1e-3 * max(1, x.map(abs).max() ?? 0)
        // f at x + s·d, for the difference quotients.
        func f(_ s: Double, _ d: [Double]) throws -> [Double] { try family.rate(zip(x, d).map { $0 + s * $1 }, p) }
        func plus(_ u: [Double], _ v: [Double]) -> [Double] { zip(u, v).map { $0 + $1 } }
        func minus(_ u: [Double], _ v: [Double]) -> [Double] { zip(u, v).map { $0 - $1 } }
        let (qr, qi) = (q.map(\.real), q.map(\.imaginary))
        // B(u, v) for real u, v; C(u, u, v) by polarisation of D3(w) = C(w, w, w).
        func B(_ u: [Double], _ v: [Double]) throws -> [Double] {
            let (pp, pm, mp, mm) = (try f(h, plus(u, v)), try f(h, minus(u, v)), try f(h, minus(v, u)), try f(-h, plus(u, v)))
            return (0..<n).map { (pp[$0] - pm[$0] - mp[$0] + mm[$0]) / (4 * h * h) }
        }
        func D3(_ w: [Double]) throws -> [Double] {
            let (p2, p1, m1, m2) = (try f(2 * h, w), try f(h, w), try f(-h, w), try f(-2 * h, w))
            return (0..<n).map { (p2[$0] - 2 * p1[$0] + 2 * m1[$0] - m2[$0]) / (2 * h * h * h) }
        }
        func Cuuv(_ u: [Double], _ v: [Double]) throws -> [Double] {
            let (sum, difference, vv) = (try D3(plus(u, v)), try D3(minus(u, v)), try D3(v))
            return (0..<n).map { (sum[$0] - difference[$0] - 2 * vv[$0]) / 6 }
        }
        // Complex forms from real ones (q = a + ib).
        let (baa, bbb, bab) = (try B(qr, qr), try B(qi, qi), try B(qr, qi))
        let bqqbar = zip(baa, bbb).map { $0 + $1 }                                    // B(q, q̄), real
        let bqq = (0..<n).map { Complex(baa[$0] - bbb[$0], 2 * bab[$0]) }            // B(q, q)
        let (caaa, cbbb, caab, cbba) = (try D3(qr), try D3(qi), try Cuuv(qr, qi), try Cuuv(qi, qr))
        let cqqqbar = (0..<n).map { Complex(caaa[$0] + cbba[$0], caab[$0] + cbbb[$0]) }   // C(q, q, q̄)
        let h11 = try a.solve(bqqbar)                                                   // A⁻¹ B(q, q̄)
        let h20 = try Self.solveShifted(a, omega: omega, bqq)                           // (2iωI − A)⁻¹ B(q, q)
        let (b1r, b1i) = (try B(qr, h11), try B(qi, h11))
        let bqh11 = (0..<n).map { Complex(b1r[$0], b1i[$0]) }                          // B(q, h11), h11 real
        let (zr, zi) = (h20.map(\.real), h20.map(\.imaginary))
        let (arzr, bizi, arzi, bizr) = (try B(qr, zr), try B(qi, zi), try B(qr, zi), try B(qi, zr))
        let bqbarh20 = (0..<n).map { Complex(arzr[$0] + bizi[$0], arzi[$0] - bizr[$0]) }   // B(q̄, h20)
        let sum = Self.inner(pv, cqqqbar) - 2 * Self.inner(pv, bqh11) + Self.inner(pv, bqbarh20)
        value = sum.real / (2 * omega)
    }

    /// ⟨u, v⟩ = ūᵀv.
    static func inner(_ u: [Complex<Double>], _ v: [Complex<Double>]) -> Complex<Double> {
        zip(u, v).reduce(Complex.zero) { $0 + $1.0.conjugate * $1.1 }
    }

    /// The unit eigenvector of `m` for the eigenvalue nearest `lambda`.
    static func eigenvector(of m: Matrix, near lambda: Complex<Double>) throws -> [Complex<Double>] {
        let d = try m.eigenDecomposition()
        let k = d.values.indices.min { (d.values[$0] - lambda).length < (d.values[$1] - lambda).length }!
        return d.vectors[k]
    }

    /// z = (2iωI − A)⁻¹ w, as the real system [[−A, −2ωI], [2ωI, −A]] (zr, zi) = (wr, wi).
    static func solveShifted(_ a: Matrix, omega: Double, _ w: [Complex<Double>]) throws -> [Complex<Double>] {
        let n = a.rows
        var big = Matrix(rows: 2 * n, columns: 2 * n)
        for c in 0..<n {
            for r in 0..<n {
                big[r, c] = -a[r, c]
                big[n + r, n + c] = -a[r, c]
            }
            big[c, n + c] = -2 * omega
            big[n + c, c] = 2 * omega
        }
        let z = try big.solve(w.map(\.real) + w.map(\.imaginary))
        return (0..<n).map { Complex(z[$0], z[n + $0]) }
    }
}

