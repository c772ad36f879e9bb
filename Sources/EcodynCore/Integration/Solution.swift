/// How an integration ended.
public enum IntegrationStatus: String, Sendable, Equatable, Codable {
    /// Reached the end time.
    case finished
    /// A state became non-finite or exceeded the bound; the results stop at the last good state.
    case diverged
    /// The step budget ran out before the end time.
    case maxSteps = "max-steps"
}

/// Counters of an integration.
public struct IntegrationStatistics: Sendable, Equatable, Codable {
    /// Accepted steps.
    public var steps = 0
    /// Rejected steps (adaptive methods).
    public var rejectedSteps = 0
    /// Evaluations of the right-hand side.
    public var rhsEvaluations = 0
    /// State entries that fell below 0 by round-off and were set to 0.
    public var clampedValues = 0
    /// Products of the Jacobian with a vector (the stiff method's linear solves).
    public var jacobianProducts = 0

    public init() {}

    /// Adds another run's counters (members of an ensemble, blocks of members).
    public static func += (total: inout IntegrationStatistics, other: IntegrationStatistics) {
        total.steps += other.steps
        total.rejectedSteps += other.rejectedSteps
        total.rhsEvaluations += other.rhsEvaluations
        total.clampedValues += other.clampedValues
        total.jacobianProducts += other.jacobianProducts
    }
}

/// Which states an integration keeps besides the final one.
public enum SavePlan: Sendable, Equatable {
    /// Only the initial and the final state.
    case endpoints
    /// The state after every k-th step (and the initial and final states).
    case everyStep(Int)
    /// The states at these times (ascending, inside the time span); adaptive methods
    /// interpolate with their dense output, fixed-step methods need times on their step grid.
    case times([Double])

    /// The index of the first save time after `t` (the initial state is always kept).
    func firstPending(after t: Double) -> Int {
        guard case .times(let ts) = self else { return 0 }
        return ts.firstIndex { $0 > t + 1e-12 * max(1, abs(t)) } ?? ts.count
    }
}

/// The result of an integration: saved times and states, the final state, statistics and status.
public struct Solution: Sendable {
    public var status: IntegrationStatus
    /// Why the integration stopped early, when it did.
    public var message: String?
    public var statistics: IntegrationStatistics
    /// The number of state variables.
    public var dimension: Int
    /// The saved times.
    public var times: [Double]
    /// The saved states, row-major: `times.count × dimension`.
    public var states: [Double]
    /// The time of the final (last good) state.
    public var finalTime: Double
    /// The final (last good) state.
    public var finalState: [Double]
    /// Extinctions and level crossings located on the way (Dormand–Prince with a watch), in time order.
    public var events: [IntegrationEvent] = []
    /// The methods the automatic choice ran and when each took over (empty for a named method).
    public var phases: [MethodPhase] = []

    /// The saved state number k.
    public func state(_ k: Int) -> ArraySlice<Double> { states[(k * dimension)..<((k + 1) * dimension)] }
}

/// What an integration does to keep its states meaningful.
public struct StateLimits: Sendable, Equatable {
    /// Set entries that fall below 0 by round-off to 0 (population models), and count them.
    public var clampNegative: Bool
    /// A state entry beyond ±bound (or non-finite) ends the integration as `diverged`.
    public var bound: Double

    public init(clampNegative: Bool = false, bound: Double = 1e12) {
        (self.clampNegative, self.bound) = (clampNegative, bound)
    }

    /// Why an integration stopped when a state at time `t` was not admitted.
    package func divergence(at t: Double) -> String {
        "the state left the bound ±\(bound) or became non-finite at t = \(t)"
    }

    /// Populations: clamped at 0, diverged beyond 1e12.
    public static let population = StateLimits(clampNegative: true)

    /// Checks a freshly computed state: clamps negatives (counted in `clamped`) and returns
    /// false when the state is non-finite or out of bounds.
    @inlinable
    func admit(_ x: UnsafeMutablePointer<Double>, count: Int, clamped: inout Int) -> Bool {
        var ok = true
        for i in 0..<count {
            let v = x[i]
            if !(abs(v) <= bound) { ok = false }   // catches NaN too
            if clampNegative, v < 0 { x[i] = 0; clamped += 1 }
        }
        return ok
    }
}

/// Collects saved states during an integration.
struct SolutionRecorder {
    let dimension: Int
    var times: [Double] = []
    var states: [Double] = []
    var events: [IntegrationEvent] = []

    mutating func record(_ t: Double, _ x: UnsafePointer<Double>) {
        times.append(t)
        states.append(contentsOf: UnsafeBufferPointer(start: x, count: dimension))
    }

    func finish(status: IntegrationStatus, message: String?, statistics: IntegrationStatistics,
                finalTime: Double, finalState: [Double]) -> Solution {
        Solution(status: status, message: message, statistics: statistics, dimension: dimension, times: times,
                 states: states, finalTime: finalTime, finalState: finalState, events: events)
    }
}
