import ComplexModule
import RealModule

/// What happens at a located point of a branch (MODELS.md §4).
public enum BifurcationType: String, Sendable, Codable, CaseIterable {
    /// A limit point: det f_x = 0 and the branch turns back in the parameter.
    case fold
    /// A complex pair ±iω crosses the imaginary axis.
    case hopf
    /// det f_x = 0 without a fold: another branch crosses this one.
    case branchPoint = "branch-point"
    /// A community member's equilibrium value crosses 0 (it leaves), or the growth rate of an
    /// absent member when rare crosses 0 (it can enter): the branch meets the one on which the
    /// member is absent.
    case transcritical
}

/// A located bifurcation: its type, where it is, its eigenvalues, and for Hopf points the
/// frequency ω and the first Lyapunov coefficient l₁ (< 0 supercritical: a stable cycle is born).
public struct Bifurcation: Sendable, Codable, Equatable {
    public var type: BifurcationType
    public var parameterValue: Double
    public var state: [Double]
    public var eigenvalues: [Complex<Double>]
    public var frequency: Double?
    public var firstLyapunov: Double?
    /// The community member that leaves or enters at a transcritical point.
    public var member: Int?
    /// In words: "member 3 leaves", "supercritical", …
    public var note: String?

    public init(type: BifurcationType, parameterValue: Double, state: [Double], eigenvalues: [Complex<Double>],
                frequency: Double? = nil, firstLyapunov: Double? = nil, member: Int? = nil, note: String? = nil) {
        (self.type, self.parameterValue, self.state, self.eigenvalues) = (type, parameterValue, state, eigenvalues)
        (self.frequency, self.firstLyapunov, self.member, self.note) = (frequency, firstLyapunov, member, note)
    }
}

/// A point of a branch: the parameter, the state, and its stability.
public struct BranchPoint: Sendable, Codable, Equatable {
    public var parameterValue: Double
    public var state: [Double]
    public var maxReal: Double
    public var stable: Bool

    public init(parameterValue: Double, state: [Double], maxReal: Double) {
        (self.parameterValue, self.state, self.maxReal, self.stable) = (parameterValue, state, maxReal, maxReal < 0)
    }
}

/// Why a branch ended.
public enum BranchEnd: String, Sendable, Codable {
    /// It reached the target value of the parameter.
    case reachedTarget = "reached-target"
    /// The point budget ran out.
    case maximumPoints = "max-points"
    /// Newton's method failed even at the smallest step (a singular point, or a blow-up).
    case stepCollapsed = "step-collapsed"
    /// The model refused a parameter value on the way (e.g. K ≤ 0).
    case leftDomain = "left-domain"
    /// Continuation moved to another branch here (a community member left or entered).
    case switched
    /// The branch closed on itself (an isola, such as Gray–Scott's between its two folds).
    case closed
}

/// A followed branch of equilibria and what was located on it.
public struct EquilibriumBranch: Sendable, Codable {
    public var parameter: String
    public var points: [BranchPoint]
    public var bifurcations: [Bifurcation]
    public var end: BranchEnd
    public var message: String?
    /// For a community: the members present on this branch (nil: all state variables).
    public var members: [Int]?
}
