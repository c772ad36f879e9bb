/// What an integration watches for: extinctions and crossings of levels, located on
/// Dormand–Prince's dense output by root finding (the Illinois variant of regula falsi on the
/// interpolant, to 1e-12 of the step), not read off the saved states.
///
/// ```swift
/// var method = DormandPrince(rtol: 1e-8, atol: 1e-10)
/// method.watch = EventWatch(extinction: 1e-6, levels: [.init(.total, 5, .rising)])
/// let s = method.solve(field, from: x0, over: 0...100)
/// s.events      // each with its kind, time, member and state
/// ```
public struct EventWatch: Sendable, Equatable {
    /// Which way a level is crossed.
    public enum Direction: String, Sendable, Codable, CaseIterable { case rising, falling, either }
    /// What is compared with a level.
    public enum Quantity: Sendable, Equatable { case component(Int), total }

    /// A level to record crossings of.
    public struct Level: Sendable, Equatable {
        public var quantity: Quantity
        public var value: Double
        public var direction: Direction
        public init(_ quantity: Quantity, _ value: Double, _ direction: Direction) { (self.quantity, self.value, self.direction) = (quantity, value, direction) }
    }

    /// A member falling through this abundance dies out there: it is set to 0 and the time is
    /// recorded (nil: no extinctions).
    public var extinction: Double?
    public var levels: [Level]

    public init(extinction: Double? = nil, levels: [Level] = []) { (self.extinction, self.levels) = (extinction, levels) }

    /// Checks the watch for states of `dimension` components.
    public func check(dimension: Int) throws(ParameterError) {
        if let e = extinction, !(e > 0 && e.isFinite) { throw ParameterError("extinction", "must be a finite abundance > 0, got \(e)") }
        for (k, level) in levels.enumerated() {
            guard level.value.isFinite else { throw ParameterError("level[\(k)]", "must be finite, got \(level.value)") }
            if case .component(let i) = level.quantity, !(0..<dimension).contains(i) {
                throw ParameterError("level[\(k)].member", "must lie in 0..<\(dimension), got \(i)")
            }
        }
    }
}

/// A located event of an integration.
public struct IntegrationEvent: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable { case extinction, level, scheduled }
    public var kind: Kind
    public var time: Double
    /// The member that died out, whose level was crossed, or that a scheduled event changed (nil: the total).
    public var member: Int?
    /// The level crossed (the extinction threshold for extinctions; the member's new value for scheduled events).
    public var level: Double
    /// Rising or falling.
    public var direction: EventWatch.Direction
    /// The state at the event (for an extinction, with the member already at 0).
    public var state: [Double]
}
