/// A method that integrates any ``VectorField`` from a state over a time span into a
/// ``Solution`` (saved states, statistics, status): Runge–Kutta 4, Dormand–Prince,
/// BDF (stiff), the automatic choice between Dormand–Prince and BDF, Euler–Maruyama and Milstein. Communities, kinetics and grids (``GridField``) are vector fields, so every
/// problem runs through one of these; the fused grid and ensemble kernels are fast paths for
/// the same arithmetic.
///
/// ```swift
/// let method: any Integrator = DormandPrince(rtol: 1e-8, atol: 1e-10)
/// let solution = method.solve(CommunityField(community), from: x0, over: 0...100, saving: .endpoints, limits: .population)
/// ```
public protocol Integrator: Sendable {
    func solve<F: VectorField>(_ field: F, from x0: [Double], over span: ClosedRange<Double>,
                               saving plan: SavePlan, limits: StateLimits) -> Solution
    /// The method for stretch `k` of a run cut at stops (``solve(_:from:over:saving:limits:stoppingAt:between:)``):
    /// itself, except that a stochastic scheme draws stretch k's noise from its own stream, so no
    /// stretch repeats another's Brownian path.
    func forStretch(_ k: Int) -> Self
}

extension Integrator {
    public func forStretch(_ k: Int) -> Self { self }
}

extension RungeKutta4: Integrator {}
extension DormandPrince: Integrator {}
extension EulerMaruyama: Integrator {
    public func forStretch(_ k: Int) -> EulerMaruyama { EulerMaruyama(dt: dt, noise: noise.forStretch(k), member: member) }
}
extension Milstein: Integrator {
    public func forStretch(_ k: Int) -> Milstein { Milstein(dt: dt, noise: noise.forStretch(k), member: member) }
}
extension BDF: Integrator {}
extension AutomaticMethod: Integrator {}
