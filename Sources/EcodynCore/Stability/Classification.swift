import ComplexModule
import RealModule

/// The type of an equilibrium, read from the eigenvalues of its Jacobian.
///
/// With a tolerance τ = 1e-9 · max(1, max|λ|) on real parts:
/// - `saddle`: some Re λ > τ and some Re λ < −τ;
/// - `non-hyperbolic`: no Re λ > τ, but some |Re λ| ≤ τ (linearisation inconclusive; a Hopf
///   point has a pair on the imaginary axis);
/// - `stable-*`: every Re λ < −τ; `unstable-*`: no Re λ < −τ and some Re λ > τ;
/// - `*-focus` when the leading eigenvalue (largest real part) is complex, |Im λ| > τ, so
///   perturbations spiral; `*-node` when it is real.
public enum EquilibriumClass: String, Sendable, CaseIterable, Codable {
    case stableNode = "stable-node"
    case stableFocus = "stable-focus"
    case unstableNode = "unstable-node"
    case unstableFocus = "unstable-focus"
    case saddle
    case nonHyperbolic = "non-hyperbolic"

    /// The relative tolerance on real parts.
    public static let relativeTolerance = 1e-9

    /// Classifies an equilibrium by its eigenvalues.
    public init(eigenvalues: [Complex<Double>]) {
        let scale = max(1, eigenvalues.map(\.length).max() ?? 0)
        let tau = Self.relativeTolerance * scale
        let positive = eigenvalues.contains { $0.real > tau }
        let negative = eigenvalues.contains { $0.real < -tau }
        let leading = eigenvalues.max { $0.real < $1.real }
        let spirals = leading.map { abs($0.imaginary) > tau } ?? false
        switch (positive, negative) {
        case (true, true): self = .saddle
        case (false, _) where eigenvalues.contains(where: { abs($0.real) <= tau }): self = .nonHyperbolic
        case (false, _): self = spirals ? .stableFocus : .stableNode
        case (true, false): self = spirals ? .unstableFocus : .unstableNode
        }
    }

    /// Whether small perturbations die out.
    public var isStable: Bool { self == .stableNode || self == .stableFocus }
}
