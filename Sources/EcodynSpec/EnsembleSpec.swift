import EcodynCore

extension CommunityEnsembleProblem {
    /// The root tables an ensemble spec may hold.
    public static let specTables = Community.specTables + ["drivers", "events", "ensemble"]

    /// Reads a community run (`[model]`, `[initial]`, `[integrate]`, `[noise]`, `[drivers]`,
    /// `[[events]]`: every member is driven and sees the events; an `ou` driver gives each member its own environment) and its
    /// `[ensemble]`: `members`, `seed` (default 0), and per member drawn values
    /// `r`, `mu`, `K`, `x` (the initial state) as `{ uniform = [lo, hi] }` — one draw per member
    /// and species from the counter-based stream keyed by (seed, field, member), so the
    /// ensemble is the same for any thread count. Members share δ (a random δ is drawn once);
    /// with euler-maruyama, member b draws its own noise.
    public init(spec: SpecTable) throws(SpecError) {
        try spec.allowOnly(Self.specTables)
        if spec.contains("watch") {   // would be read and then ignored
            throw SpecError(key: "watch", "[watch] locates events in a single run; an ensemble reports its members' first extinctions (summary.json bands.first_extinction, extinction_times.svg) — remove [watch], or run one member without [ensemble]")
        }
        let run = try CommunityProblem(spec: spec.removing("ensemble"))
        let e = try spec.requireTable("ensemble")
        try e.allowOnly(["members", "seed", "r", "mu", "K", "x"])
        let members = try e.required(e.int("members", minimum: 1), "members")
        let n = run.community.n
        try MemoryBudget.check(CheckedCount.product(members, n, 8 * 8), for: "an ensemble of \(members) members of \(n) species",
                               key: e.keyPath("members"), fix: "lower members")
        let seed = UInt64(try e.int("seed", minimum: 0) ?? 0)
        /// Field `key` for every member (n×B), drawn where `[ensemble]` gives a range, else `base`.
        func draws(_ key: String, _ field: UInt64, base: [Double]) throws(SpecError) -> Matrix {
            var m = Matrix(rows: n, columns: members)
            guard let range = try e.table(key) else {
                for b in 0..<members { for i in 0..<n { m[i, b] = base[i] } }
                return m
            }
            try range.allowOnly(["uniform"])
            let bounds = try range.required(range.doubles("uniform"), "uniform")
            guard bounds.count == 2, bounds[0] <= bounds[1] else { throw range.error("uniform", "expected [lo, hi] with lo ≤ hi") }
            let root = CounterRandom(stream: seed)
            for b in 0..<members {
                let stream = root.substream(field, UInt64(b))
                for i in 0..<n { m[i, b] = bounds[0] + (bounds[1] - bounds[0]) * stream.uniform(UInt64(i)) }
            }
            return m
        }
        let c = run.community
        let (r, mu, K, x) = (try draws("r", 1, base: c.r), try draws("mu", 2, base: c.mu), try draws("K", 3, base: c.K),
                             try draws("x", 4, base: run.initialState))
        let ensemble = try e.keyed { () throws(ParameterError) in try CommunityEnsemble(interactions: c.interactions, r: r, mu: mu, K: K) }
        // A member's environment that leaves the model's domain is named by its driver's key.
        let driverKeys = Dictionary(run.drivers.map { ($0.parameter, "drivers.model.\($0.parameter)") }) { first, _ in first }
        self = try e.keyed(driverKeys.merging(["initialStates": "x"]) { $1 }) { () throws(ParameterError) in
            try CommunityEnsembleProblem(ensemble: ensemble, initialStates: x, tEnd: run.tEnd, method: run.method, drivers: run.drivers, events: run.events)
        }
    }
}
