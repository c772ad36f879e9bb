import ComplexModule
import RealModule

/// A fold or Hopf point followed in two parameters (MODELS.md §4): the curve of (x, p₁, p₂) with
/// f(x; p₁, p₂) = 0 and a test function ψ = 0 — det f_x for folds, det(2f_x ⊙ I) (the
/// bialternate product) for Hopf points — continued by the same pseudo-arclength method with
/// z = (x, p₁) as the state and p₂ as the parameter (the extra row's derivatives by central
/// differences). For small systems: kinetics and communities of a few members.
///
/// ```swift
/// let curve = try BifurcationCurveContinuation(kind: .hopf, first: "b", second: "a") { a in
///     try EquilibriumFamily(kinetics: try Brusselator(a: a, b: 2), parameter: "b")
/// }.curve(from: hopf, secondValue: 1, to: 3)      // b = 1 + a² along it
/// ```
public struct BifurcationCurveContinuation: Sendable {
    public var kind: BifurcationType
    public var first: String, second: String
    public var settings: ContinuationSettings
    /// The one-parameter family in `first` at each value of `second`.
    let family: @Sendable (Double) throws -> EquilibriumFamily

    public init(kind: BifurcationType, first: String, second: String, settings: ContinuationSettings = ContinuationSettings(),
                family: @escaping @Sendable (Double) throws -> EquilibriumFamily) throws(ParameterError) {
        guard kind == .fold || kind == .hopf else { throw ParameterError("kind", "only fold and Hopf points are followed in two parameters, not \(kind.rawValue)") }
        (self.kind, self.first, self.second, self.settings, self.family) = (kind, first, second, settings, family)
    }

    /// The curve through `point` (a fold or Hopf point located in `first` at `second` =
    /// `secondValue`) until `second` reaches `target`.
    public func curve(from point: Bifurcation, secondValue: Double, to target: Double) throws -> BifurcationCurve {
        let n = point.state.count, kind = self.kind, family = self.family
        let augmented = EquilibriumFamily(dimension: n + 1, parameter: second, initialValue: secondValue) { z, p2 in
            let x = Array(z[0..<n]), p1 = z[n]
            let f = try family(p2)
            let a = try f.jacobian(x, p1)
            return try f.rate(x, p1) + [kind == .fold ? a.determinant() : a.bialternateProduct.determinant()]
        }
        var continuation = Continuation(augmented, settings: settings)
        continuation.locatesBifurcations = false
        let branch = try continuation.branch(from: point.state + [point.parameterValue], to: target)
        let points = try branch.points.map { p -> BifurcationCurve.Point in
            let x = Array(p.state[0..<n]), p1 = p.state[n]
            let values = try family(p.parameterValue).jacobian(x, p1).eigenvalues()
            let scale = max(1, values.map(\.length).max() ?? 0)
            let pair = values.filter { $0.imaginary > 1e-9 * scale }.min { abs($0.real) < abs($1.real) }
            return BifurcationCurve.Point(first: p1, second: p.parameterValue, state: x,
                                          frequency: kind == .hopf ? pair?.imaginary : nil,
                                          neutralSaddle: kind == .hopf && pair.map { abs($0.real) > 1e-6 * scale } ?? (kind == .hopf))
        }
        return BifurcationCurve(kind: kind, first: first, second: second, points: points, end: branch.end, message: branch.message)
    }
}

/// A curve of fold or Hopf points in two parameters.
public struct BifurcationCurve: Sendable, Codable {
    public struct Point: Sendable, Codable, Equatable {
        public var first: Double, second: Double
        public var state: [Double]
        /// The Hopf pair's frequency.
        public var frequency: Double?
        /// On a Hopf curve: the pair is real, λ₁ + λ₂ = 0 (a neutral saddle, not a Hopf point).
        public var neutralSaddle: Bool
    }

    public var kind: BifurcationType
    public var first: String, second: String
    public var points: [Point]
    public var end: BranchEnd
    public var message: String?
}
