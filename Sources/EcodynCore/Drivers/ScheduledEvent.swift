/// A change made to a run at a given time: a shock or a policy on a member's abundance, a
/// member's exit, or a new member's entry (invasion).
///
/// Entrants are members of the community from the start, held at 0 (which the dynamics keep:
/// dX_i/dt ∝ X_i) until they enter; ``Community/withEntrants(_:)`` builds that community.
///
/// ```swift
/// let shock = ScheduledEvent(at: 50, member: 2, .multiply(0.5))
/// let exit = ScheduledEvent(at: 80, member: 1, .exit)
/// ```
public struct ScheduledEvent: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case multiply(Double), add(Double), set(Double)
        /// The member leaves: set to 0, where it stays.
        case exit
        /// The (entrant) member enters with this abundance.
        case enter(Double)
    }

    public var time: Double
    public var member: Int
    public var action: Action

    public init(at time: Double, member: Int, _ action: Action) { (self.time, self.member, self.action) = (time, member, action) }

    /// Checks the event for a run to `tEnd` of `dimension` members.
    public func check(dimension: Int, tEnd: Double) throws(ParameterError) {
        guard time > 0, time < tEnd else { throw ParameterError("at", "must lie inside the run (0, \(tEnd)), got \(time)") }
        guard (0..<dimension).contains(member) else { throw ParameterError("member", "must lie in 0..<\(dimension), got \(member)") }
        switch action {
        case .multiply(let v): guard v >= 0, v.isFinite else { throw ParameterError("multiply", "must be finite and ≥ 0, got \(v)") }
        case .add(let v): guard v.isFinite else { throw ParameterError("add", "must be finite, got \(v)") }
        case .set(let v), .enter(let v): guard v >= 0, v.isFinite else { throw ParameterError("set", "an abundance must be finite and ≥ 0, got \(v)") }
        case .exit: break
        }
    }

    /// Applies the event to a state (an abundance never goes below 0).
    public func apply(to x: inout [Double]) {
        switch action {
        case .multiply(let v): x[member] *= v
        case .add(let v): x[member] = max(0, x[member] + v)
        case .set(let v), .enter(let v): x[member] = v
        case .exit: x[member] = 0
        }
    }
}

extension Array where Element == ScheduledEvent {
    /// Applies the events scheduled at `t` to `x`, in order, and returns their records.
    public func apply(at t: Double, to x: inout [Double]) -> [IntegrationEvent] {
        filter { $0.time == t }.map { e in
            e.apply(to: &x)
            return IntegrationEvent(kind: .scheduled, time: t, member: e.member, level: x[e.member], direction: .either, state: x)
        }
    }
}

/// A member that enters a community during a run: its rates and its interactions with the
/// members before it.
public struct Entrant: Sendable, Equatable {
    public var r: Double, mu: Double, K: Double
    /// δ_new,j: the effect of each earlier member j on the entrant.
    public var row: [Double]
    /// δ_i,new: the entrant's effect on each earlier member i.
    public var column: [Double]

    public init(r: Double, mu: Double, K: Double, row: [Double], column: [Double]) {
        (self.r, self.mu, self.K, self.row, self.column) = (r, mu, K, row, column)
    }
}

extension Community {
    /// The community with `entrants` appended in order (entrant k is member n + k; δ between two
    /// entrants is 0 off the diagonal, the earlier ones' rows and columns as given, extended by 0s
    /// for entrants that come after).
    public func withEntrants(_ entrants: [Entrant]) throws(ParameterError) -> Community {
        guard !entrants.isEmpty else { return self }
        let total = n + entrants.count
        for (k, e) in entrants.enumerated() where !(n...(n + k)).contains(e.row.count) || !(n...(n + k)).contains(e.column.count) {
            throw ParameterError("entrant[\(k)]", "its delta row and column need one value per earlier member (\(n)…\(n + k)), got \(e.row.count) and \(e.column.count)")
        }
        let (r, mu, K) = (self.r + entrants.map(\.r), self.mu + entrants.map(\.mu), self.K + entrants.map(\.K))
        guard case .sparse(let s) = interactions else {
            var d = Matrix.identity(total)
            let delta = self.delta
            for i in 0..<n { for j in 0..<n { d[i, j] = delta[i, j] } }
            for (k, e) in entrants.enumerated() {
                for (j, v) in e.row.enumerated() { d[n + k, j] = v }
                for (i, v) in e.column.enumerated() { d[i, n + k] = v }
            }
            return try Community(r: r, mu: mu, K: K, delta: d)
        }
        // Sparse: the stored entries, the entrants' diagonal 1s and their nonzero rows and columns.
        var rows = [Int](), columns = [Int](), values = [Double]()
        func add(_ i: Int, _ j: Int, _ v: Double) { if v != 0 { rows.append(i); columns.append(j); values.append(v) } }
        for i in 0..<n { for k in s.rowStart[i]..<s.rowStart[i + 1] { add(i, Int(s.columnIndex[k]), s.values[k]) } }
        for (k, e) in entrants.enumerated() {
            add(n + k, n + k, 1)
            for (j, v) in e.row.enumerated() { add(n + k, j, v) }
            for (i, v) in e.column.enumerated() { add(i, n + k, v) }
        }
        guard let d = try? SparseMatrix(rows: total, columns: total, rowIndices: rows, columnIndices: columns, values: values) else {
            throw ParameterError("entrant", "its delta row and column must hold finite numbers")
        }
        return try Community(r: r, mu: mu, K: K, interactions: .sparse(d))
    }

    /// Members `first` ..< n as entrants (the inverse of ``withEntrants(_:)``): to give a rebuilt
    /// community of `first` members the same entrants.
    public func entrants(from first: Int) -> [Entrant] {
        (first..<n).map { m in
            Entrant(r: r[m], mu: mu[m], K: K[m], row: (0..<m).map { interactions[m, $0] }, column: (0..<m).map { interactions[$0, m] })
        }
    }
}
