/// The Milstein scheme for diagonal noise, strong order 1 (Kloeden & Platen, *Numerical Solution
/// of Stochastic Differential Equations*, §10.3): for multiplicative noise σ_i X_i dW_i,
///
///     X_{k+1} = X_k + f(t_k, X_k)·h + σ_i X_k ΔW + ½ σ_i² X_k (ΔW² − h),
///
/// with ΔW = √h·ξ drawn exactly as ``EulerMaruyama`` draws it (member b's stream, draw k·n + i),
/// so the two schemes see the same Brownian path; for additive noise it is Euler–Maruyama.
public struct Milstein: Sendable {
    public var dt: Double
    public var noise: Noise
    /// The member number that keys this path's noise.
    public var member: UInt64

    public init(dt: Double, noise: Noise, member: UInt64 = 0) {
        (self.dt, self.noise, self.member) = (dt, noise, member)
    }

    /// Integrates `field` with noise from `x0` over `span`.
    public func solve<F: VectorField>(
        _ field: F, from x0: [Double], over span: ClosedRange<Double>,
        saving plan: SavePlan = .endpoints, limits: StateLimits = StateLimits()
    ) -> Solution {
        ItoLoop.run(field, from: x0, over: span, dt: dt, noise: noise, member: member, milstein: true, saving: plan, limits: limits)
    }
}
