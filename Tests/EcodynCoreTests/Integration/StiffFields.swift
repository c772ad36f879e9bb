import Foundation
@testable import EcodynCore

/// Robertson's chemical kinetics (Hairer & Wanner, *Solving ODEs II*, §IV.1, problem ROBER):
/// y₁' = −0.04y₁ + 10⁴y₂y₃, y₂' = 0.04y₁ − 10⁴y₂y₃ − 3·10⁷y₂², y₃' = 3·10⁷y₂², y(0) = (1, 0, 0).
/// With `analytic`, J·v by its Jacobian (a ``JacobianField``); without, a plain field.
struct Robertson: JacobianField {
    var dimension: Int { 3 }
    var linearizationSize: Int { 0 }

    func evaluate(_ t: Double, _ y: UnsafePointer<Double>, _ dy: UnsafeMutablePointer<Double>) {
        dy[0] = -0.04 * y[0] + 1e4 * y[1] * y[2]
        dy[2] = 3e7 * y[1] * y[1]
        dy[1] = -dy[0] - dy[2]
    }

    func linearize(_ t: Double, _ x: UnsafePointer<Double>, into cache: UnsafeMutablePointer<Double>) {}

    func jacobianProduct(_ t: Double, _ y: UnsafePointer<Double>, cache: UnsafePointer<Double>,
                         _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        out[0] = -0.04 * v[0] + 1e4 * y[2] * v[1] + 1e4 * y[1] * v[2]
        out[2] = 6e7 * y[1] * v[1]
        out[1] = -out[0] - out[2]
    }

    func jacobianDiagonal(_ t: Double, _ y: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        (out[0], out[1], out[2]) = (-0.04, -1e4 * y[2] - 6e7 * y[1], 0)
    }
}

/// The same equations with no Jacobian: CVODE forms it by difference quotients.
struct RobertsonWithoutJacobian: VectorField {
    var dimension: Int { 3 }
    func evaluate(_ t: Double, _ y: UnsafePointer<Double>, _ dy: UnsafeMutablePointer<Double>) { Robertson().evaluate(t, y, dy) }
}

/// A stiff linear system y' = Ay, A = Q·diag(−1, −1000)·Qᵀ with Q the rotation by 30°: the
/// exact solution is y(t) = Q·diag(e^{−t}, e^{−1000t})·Qᵀ·y₀.
struct StiffLinear: VectorField {
    static let (c, s) = (cos(Double.pi / 6), sin(Double.pi / 6))
    static let lambdas = (-1.0, -1000.0)
    var dimension: Int { 2 }

    func evaluate(_ t: Double, _ y: UnsafePointer<Double>, _ dy: UnsafeMutablePointer<Double>) {
        let (c, s) = Self.c_s
        let (p, q) = (c * y[0] + s * y[1], -s * y[0] + c * y[1])           // Qᵀy
        let (lp, lq) = (Self.lambdas.0 * p, Self.lambdas.1 * q)
        (dy[0], dy[1]) = (c * lp - s * lq, s * lp + c * lq)               // Q·Λ·Qᵀy
    }

    static var c_s: (Double, Double) { (c, s) }

    func exact(_ t: Double, from y0: [Double]) -> [Double] {
        let (c, s) = Self.c_s
        let (p, q) = ((c * y0[0] + s * y0[1]) * exp(Self.lambdas.0 * t), (-s * y0[0] + c * y0[1]) * exp(Self.lambdas.1 * t))
        return [c * p - s * q, s * p + c * q]
    }
}

/// Prothero and Robinson's problem y' = −λ(t)(y − cos t) − sin t, whose solution from y(0) = 1 is
/// cos t for any λ; λ(t) = 10⁴·e^{−2t} makes it stiff at first and not at all by t = 10.
struct FadingStiffness: VectorField {
    var dimension: Int { 1 }
    func evaluate(_ t: Double, _ y: UnsafePointer<Double>, _ dy: UnsafeMutablePointer<Double>) {
        dy[0] = -1e4 * exp(-2 * t) * (y[0] - cos(t)) - sin(t)
    }
}
