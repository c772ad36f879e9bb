import ComplexModule
import RealModule

/// A community's equilibrium followed as one parameter varies, across extinctions and invasions
/// (MODELS.md §1, §4): the branch of the members present is continued until a member's
/// equilibrium value falls through 0 (a transcritical point: it leaves) or an absent member's
/// growth rate when rare, ρ_j = (r_j − μ_j) − (r_j/K_j)(δX*)_j, rises through 0 (it can enter);
/// there continuation switches to the branch with that member absent or present, and goes on.
/// One call so follows the feasible equilibrium of an n-member community through its
/// extinctions and says which member leaves or enters where.
///
/// ```swift
/// let path = try CommunityContinuation(community: duo, parameter: "delta[0][1]").follow(to: 2)
/// path.transitions.map(\.note)    // ["member 0 leaves"]
/// ```
public struct CommunityContinuation: Sendable {
    public var community: Community
    public var parameter: String
    public var settings: ContinuationSettings
    let family: EquilibriumFamily

    public init(community: Community, parameter: String, settings: ContinuationSettings = ContinuationSettings()) throws(ParameterError) {
        (self.community, self.parameter, self.settings) = (community, parameter, settings)
        family = try EquilibriumFamily(community: community, parameter: parameter)
    }

    /// Follows the equilibrium on which `members` persist (default: all of them, the interior
    /// one) from the community's own value of the parameter to `target`.
    public func follow(to target: Double, members: [Int]? = nil) throws -> CommunityPath {
        // Small LAPACK calls throughout: OpenBLAS's threads would only spin between them.
        try community.n <= 500 ? BLASThreads.withSingleThread { try path(to: target, members: members) } : path(to: target, members: members)
    }

    func path(to target: Double, members: [Int]?) throws -> CommunityPath {
        let n = community.n
        var present = (members ?? Array(0..<n)).sorted()
        guard present.allSatisfy({ (0..<n).contains($0) }), Set(present).count == present.count else {
            throw ParameterError("members", "must be distinct members in 0..<\(n)")
        }
        let k = try community.checkedIndex(parameter)
        var p = community.parameters[k]
        let span = abs(target - p), direction: Double = target > p ? 1 : -1
        var branches = [EquilibriumBranch](), transitions = [Bifurcation]()
        let start = try at(p, k).equilibrium(survivors: present)
        if let i = present.first(where: { start.state[$0] <= 0 }) {
            throw ParameterError("members", "the equilibrium with members \(present) present is not feasible at \(parameter) = \(p): X*[\(i)] = \(start.state[i]) ≤ 0; name the members that persist")
        }
        let initial = try at(p, k)
        if let j = (0..<n).first(where: { j in !present.contains(j) && invasionRate(of: j, at: start.state, in: initial) > 0 }) {
            throw ParameterError("members", "member \(j) can invade the equilibrium of members \(present) at \(parameter) = \(p); include it")
        }
        for _ in 0...(4 * n) {
            let model = try at(p, k)
            let equilibrium = try model.equilibrium(survivors: present)
            let reduced = family.restricted(to: present)
            var continuation = Continuation(reduced, settings: settings, monitors: monitors(present: present, k: k))
            // A real eigenvalue reaching 0 here is a member's transcritical point, which its monitor
            // locates: the step need not shrink as it approaches (communities have no folds on a branch).
            continuation.slowsNearRealCrossings = false
            continuation.stopsAtMonitorEvents = true
            var branch = try continuation.branch(from: present.map { equilibrium.state[$0] }, at: p, to: target)
            branch = try embedded(branch, present: present, k: k)
            branches.append(branch)
            guard branch.end == .switched, let event = branch.bifurcations.last(where: { $0.type == .transcritical }), let member = event.member else { break }
            transitions.append(event)
            if present.contains(member) { present.removeAll { $0 == member } } else { present = (present + [member]).sorted() }
            guard !present.isEmpty else { break }
            // Start the next branch just past the transcritical point, where it is the one.
            p = event.parameterValue + direction * max(1e-9 * span, 1e-12)
        }
        return CommunityPath(parameter: parameter, branches: branches, transitions: transitions)
    }

    /// The community at parameter value p.
    func at(_ p: Double, _ k: Int) throws(ParameterError) -> Community { try community.varying(k)(p) }

    /// The monitors of a branch: each present member's value (it leaves when it falls through 0)
    /// and each absent member's growth rate when rare (it can enter when that rises through 0).
    func monitors(present: [Int], k: Int) -> BranchMonitors {
        let n = community.n, this = self
        let absent = (0..<n).filter { !present.contains($0) }
        let events = present.map { i in BranchMonitors.Event(type: .transcritical, member: i) { $0 ? "member \(i) becomes feasible" : "member \(i) leaves" } }
            + absent.map { j in BranchMonitors.Event(type: .transcritical, member: j) { $0 ? "member \(j) enters" : "member \(j) can no longer invade" } }
        let state: @Sendable (Double) throws -> [Double] = { p in
            let e = try this.at(p, k).equilibrium(survivors: present)
            return present.map { e.state[$0] }
        }
        return BranchMonitors(events: events, state: state) { xs, p in
            guard !absent.isEmpty else { return xs }
            let c = try this.at(p, k), x = this.embed(xs, present: present)
            return xs + absent.map { this.invasionRate(of: $0, at: x, in: c) }
        }
    }

    /// ρ_j = (r_j − μ_j) − (r_j/K_j)(δx)_j: member j's per-capita growth rate when rare.
    func invasionRate(of j: Int, at x: [Double], in c: Community) -> Double {
        c.g[j] - c.a[j] * (0..<c.n).reduce(0) { $0 + c.interactions[j, $1] * x[$1] }
    }

    func embed(_ xs: [Double], present: [Int]) -> [Double] {
        var x = [Double](repeating: 0, count: community.n)
        for (q, i) in present.enumerated() { x[i] = xs[q] }
        return x
    }

    /// A reduced branch in the full community's terms: states with the absent members at 0, and
    /// stability from the full Jacobian (the reduced eigenvalues and the absent members' ρ_j).
    func embedded(_ branch: EquilibriumBranch, present: [Int], k: Int) throws -> EquilibriumBranch {
        var b = branch
        let absent = (0..<community.n).filter { !present.contains($0) }
        b.points = try branch.points.map { point in
            let x = embed(point.state, present: present)
            let c = try at(point.parameterValue, k)
            let rates = absent.map { invasionRate(of: $0, at: x, in: c) }
            return BranchPoint(parameterValue: point.parameterValue, state: x, maxReal: max(point.maxReal, rates.max() ?? -.infinity))
        }
        // At a boundary equilibrium an absent member's row of J is ρ_j on the diagonal only, so J is
        // block triangular: its eigenvalues are the present members' and the ρ_j.
        b.bifurcations = try branch.bifurcations.map { event in
            var e = event
            e.state = embed(event.state, present: present)
            let c = try at(event.parameterValue, k)
            e.eigenvalues = event.eigenvalues + absent.map { Complex(invasionRate(of: $0, at: e.state, in: c), 0) }
            return e
        }
        b.members = present
        return b
    }
}

/// The branches a community's equilibrium followed and the transcritical points between them.
public struct CommunityPath: Sendable, Codable {
    public var parameter: String
    /// One branch per set of members present, in order.
    public var branches: [EquilibriumBranch]
    /// Where a member left or entered ("member 3 leaves"), in order.
    public var transitions: [Bifurcation]
}
