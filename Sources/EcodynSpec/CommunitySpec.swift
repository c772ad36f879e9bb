import EcodynCore

extension Community {
    /// The root tables a community spec may hold (for commands that read only some of them).
    public static let specTables = ["model", "initial", "integrate", "noise", "watch"]

    /// The keys `[model]` takes for `kind = "community"`.
    static let specKeys = ["kind", "n", "r", "mu", "K", "delta", "random", "relation", "precision"]

    /// Reads `[model]` of a spec with `kind = "community"` (see ``CommunityDesign/init(spec:)``)
    /// and builds the community.
    public init(spec: SpecTable) throws(SpecError) {
        let design = try CommunityDesign(spec: spec)
        let model = try spec.requireTable("model")
        let recipe = ["connectance", "sigma", "mix"].map { ($0, "model.random.\($0)") }
        self = try model.keyed(Dictionary(uniqueKeysWithValues: recipe)) { () throws(ParameterError) in try design.community() }
    }

    /// The n×n matrices a community and its analysis hold at once (δ, the Jacobian, LAPACK's
    /// copy and eigenvectors, the symmetric part): the memory a spec's n is checked against.
    static let matricesPerCommunity = 5

    /// A single-precision δ is analysed in float64 by LAPACK: refused, naming `model.precision`,
    /// when those n×n matrices do not fit.
    public static func checkDenseAnalysis(_ n: Int, _ model: SpecTable) throws(SpecError) {
        try MemoryBudget.check(CheckedCount.product(n, n, 8 * matricesPerCommunity), for: "the analysis of n = \(n) members (in float64, LAPACK)",
                               key: model.keyPath("precision"), fix: "analyze a smaller community: precision = \"single\" serves runs")
    }

    /// The bytes a sparse δ takes per stored entry while it is built and analysed (its draw as
    /// triplets, the sort, the CSR arrays, the Jacobian and its transpose).
    static let bytesPerSparseEntry = 120

    /// n from `n`, else from the first list among r, mu, K, else from δ's rows.
    static func memberCount(_ model: SpecTable) throws(SpecError) -> Int {
        if let n = try model.int("n", minimum: 1) { return n }
        for key in ["r", "mu", "K"] where model.contains(key) && (try? model.double(key)) == nil {
            if let list = try model.doubles(key) { return list.count }
        }
        if model.namesNPZ("delta"), let delta = try model.sparseMatrix("delta") {
            guard delta.rows == delta.columns else { throw model.error("delta", "δ must be square, got \(delta.rows)×\(delta.columns)") }
            return delta.rows
        }
        if let delta = try model.matrix("delta") {
            guard delta.isSquare else { throw model.error("delta", "δ must be square, got \(delta.rows)×\(delta.columns)") }
            return delta.rows
        }
        throw model.error("n", "missing; give n, or r, mu or K as lists")
    }
}

extension CommunityDesign {
    /// Reads `[model]` of a spec with `kind = "community"`: `n`, `r`, `mu` (default 0), `K`, and
    /// the interactions as `delta` (nested lists, a .npy path, or a SciPy sparse .npz path:
    /// stored sparse), `[model.random]` (`storage = "sparse"` for a sparse δ) or
    /// `[[model.relation]]` (exactly one of them; none means δ = I).
    public init(spec: SpecTable) throws(SpecError) {
        let model = try spec.requireTable("model")
        try model.allowOnly(Community.specKeys)
        let given = ["delta", "random", "relation"].filter { model.contains($0) }
        guard given.count <= 1 else {
            throw model.error(given[1], "give the interactions one way only: delta, [model.random] or [[model.relation]]")
        }
        let n = try Community.memberCount(model)
        let random = try model.table("random")
        let precision = CommunityDesign.Precision(rawValue: try model.string("precision", oneOf: ["double", "single"]) ?? "double")!
        let sparseStorage = try random?.string("storage", oneOf: ["dense", "sparse"]) == "sparse"
        let sparse = model.namesNPZ("delta") || sparseStorage
        if precision == .single, sparse {
            throw model.error("precision", "precision = \"single\" stores a dense δ in float32; a sparse δ is kept in float64 — remove one of them")
        }
        if precision == .single {   // the float64 δ while it is drawn or read, then its float32 copy
            try MemoryBudget.check(CheckedCount.product(n, n, 12), for: "a community of n = \(n) members in single precision (its \(n)×\(n) interactions while they are made)",
                                   key: model.keyPath("n"), fix: "lower n, or store δ sparse ([model.random] storage = \"sparse\")")
        } else if model.namesNPZ("delta") {
            // Read once more below: its size is what is checked, against the file's own.
        } else if let random, sparseStorage {
            let connectance = try random.double("connectance", constraint: .within(0...1)) ?? 0
            let pairs = Double(n) * Double(n - 1) / 2 * connectance
            let entries = 4 * pairs.squareRoot() + pairs   // four standard deviations above the mean
            try MemoryBudget.check(entries > 1e17 ? nil : CheckedCount.product(Int(2 * entries) + n, Community.bytesPerSparseEntry),
                                   for: "a sparse community of n = \(n) members with connectance \(connectance) (about \(Int(2 * pairs) + n) interactions)",
                                   key: random.keyPath("connectance"), fix: "lower n or connectance")
        } else {
            try MemoryBudget.check(CheckedCount.product(n, n, 8 * Community.matricesPerCommunity), for: "a community of n = \(n) members (its \(n)×\(n) interactions and their analysis)",
                                   key: model.keyPath("n"), fix: "lower n, store δ in float32 (precision = \"single\", for runs), or sparse ([model.random] storage = \"sparse\")")
        }
        let r = try model.required(model.vector("r", count: n, constraint: .positive), "r")
        let mu = try model.vector("mu", count: n, constraint: .nonNegative) ?? [Double](repeating: 0, count: n)
        let K = try model.required(model.vector("K", count: n, constraint: .positive), "K")
        let interactions: Interactions
        if let random {
            interactions = .random(try RandomCommunityRecipe(spec: random))
        } else if model.contains("relation") {
            var relations = [Relation]()
            for entry in try model.tables("relation") { relations.append(try Relation(spec: entry, n: n)) }
            interactions = .given(try model.keyed { () throws(ParameterError) in try Community(r: r, mu: mu, K: K, relations: relations) }.delta)
        } else if model.namesNPZ("delta") {
            interactions = .givenSparse(try model.required(model.sparseMatrix("delta", rows: n, columns: n), "delta"))
        } else {
            interactions = .given(try model.matrix("delta", rows: n, columns: n) ?? .identity(n))
        }
        self.init(r: r, mu: mu, K: K, interactions: interactions, precision: precision)
    }
}

extension RandomCommunityRecipe {
    /// Reads `[model.random]`: `connectance`, `sigma`, `distribution`, `mix`, `seed`, `self`,
    /// `storage` ("dense", the default, or "sparse").
    init(spec t: SpecTable) throws(SpecError) {
        try t.allowOnly(["connectance", "sigma", "distribution", "mix", "seed", "self", "storage"])
        var mix: [InteractionType: Double] = [.competition: 1]
        if let m = try t.table("mix") {
            try m.allowOnly(InteractionType.allCases.map(\.rawValue) + ["parasitism"])
            mix = [:]
            for key in m.keys { mix[InteractionType(name: key)!, default: 0] += try m.required(m.double(key, constraint: .nonNegative), key) }
        }
        let distribution = try t.string("distribution", oneOf: ["normal", "uniform"]) ?? "normal"
        let connectance = try t.required(t.double("connectance", constraint: .within(0...1)), "connectance")
        let sigma = try t.required(t.double("sigma", constraint: .nonNegative), "sigma")
        let seed = UInt64(try t.required(t.int("seed", minimum: 0), "seed")), selfLimitation = try t.double("self") ?? 1
        let sparse = try t.string("storage", oneOf: ["dense", "sparse"]) == "sparse"
        self = try t.keyed { () throws(ParameterError) in
            try RandomCommunityRecipe(connectance: connectance, sigma: sigma, distribution: Magnitude(rawValue: distribution)!, mix: mix,
                          seed: seed, selfLimitation: selfLimitation, sparse: sparse)
        }
    }
}

extension Relation {
    /// Reads one `[[model.relation]]`: `i`, `j` (0-based), `type`, and `strength` or
    /// `strengths = [on i, on j]`.
    init(spec t: SpecTable, n: Int) throws(SpecError) {
        try t.allowOnly(["i", "j", "type", "strength", "strengths"])
        let i = try t.required(t.int("i", minimum: 0), "i"), j = try t.required(t.int("j", minimum: 0), "j")
        guard i < n, j < n, i != j else { throw t.error("j", "members i = \(i) and j = \(j) must differ and lie in 0..<\(n)") }
        let names = InteractionType.allCases.map(\.rawValue) + ["parasitism"]
        let type = InteractionType(name: try t.required(t.string("type", oneOf: names), "type"))!
        if let pair = try t.doubles("strengths", constraint: .nonNegative) {
            guard pair.count == 2 else { throw t.error("strengths", "expected [strength on i, strength on j]") }
            self.init(i, j, type, strengthOnI: pair[0], strengthOnJ: pair[1])
        } else {
            self.init(i, j, type, strength: try t.required(t.double("strength", constraint: .nonNegative), "strength"))
        }
    }
}

extension CommunityProblem {
    /// Reads a whole community run: `[model]`, `[initial] x`, `[integrate]` (`method` = "auto" |
    /// "dopri5" | "bdf" | "rk4" | "euler-maruyama" | "milstein", `t_end`, `dt`, `rtol`, `atol`,
    /// `max_steps`, `saves`) and `[noise]` (`kind` = "additive" | "multiplicative", `sigma`, `seed`;
    /// with the stochastic methods only), `[drivers]` (``ParameterDriver/drivers(spec:)``),
    /// `[[events]]` (``ScheduledEvent/read(spec:members:tEnd:)``). No
    /// method: "auto" (Dormand–Prince and BDF, switching).
    public init(spec: SpecTable) throws(SpecError) {
        try spec.allowOnly(Community.specTables + ["drivers", "events"])
        let base = try Community(spec: spec)
        let n = base.n
        let initial = try spec.requireTable("initial")
        try initial.allowOnly(["x"])
        let initialState = try initial.required(initial.vector("x", count: n, constraint: .nonNegative), "x")
        let integrate = try spec.requireTable("integrate")
        try integrate.allowOnly(["method", "t_end", "dt", "rtol", "atol", "saves", "max_steps"])
        let tEnd = try integrate.required(integrate.double("t_end", constraint: .positive), "t_end")
        let saves = try integrate.int("saves", minimum: 1) ?? 500
        let watchTable = try spec.table("watch")
        let name = try integrate.string("method", oneOf: ["auto", "dopri5", "bdf", "rk4", "euler-maruyama", "milstein"]) ?? "auto"
        let stochastic = ["euler-maruyama", "milstein"].contains(name)
        let noiseTable = try spec.table("noise")
        if noiseTable != nil, !stochastic {
            throw SpecError(key: "noise", "noise needs integrate.method = \"euler-maruyama\" or \"milstein\" (the method is \"\(name)\")")
        }
        try MemoryBudget.check(CheckedCount.product(CheckedCount.saturatingSum(saves, 2), n + 1, 8), for: "saving \(saves) states of \(n) members",
                               key: integrate.keyPath("saves"), fix: "lower saves")
        let adaptiveKeys = ["rtol", "atol", "max_steps"]
        let adaptive = ["auto", "dopri5", "bdf"].contains(name)
        for key in adaptive ? ["dt"] : adaptiveKeys where integrate.contains(key) {
            throw integrate.error(key, adaptive
                ? "\(name) chooses its own steps (from rtol and atol); remove dt, or use method = \"rk4\""
                : "\(key) applies to the adaptive methods (auto, dopri5, bdf), not \"\(name)\", which steps by dt; remove it")
        }
        func dt() throws(SpecError) -> Double { try integrate.required(integrate.double("dt", constraint: .positive), "dt") }
        let method: IntegrationMethod
        switch name {
        case "rk4":
            method = .rk4(dt: try dt())
        case "euler-maruyama", "milstein":
            guard let t = noiseTable else { throw SpecError(key: "noise", "missing table [noise]: \(name) needs kind, sigma and seed") }
            try t.allowOnly(["kind", "sigma", "seed"])
            let kind = Noise.Kind(rawValue: try t.required(t.string("kind", oneOf: ["additive", "multiplicative"]), "kind"))!
            let noise = Noise(kind: kind, sigma: try t.required(t.vector("sigma", count: n, constraint: .nonNegative), "sigma"),
                              seed: UInt64(try t.required(t.int("seed", minimum: 0), "seed")))
            method = name == "milstein" ? .milstein(dt: try dt(), noise: noise) : .eulerMaruyama(dt: try dt(), noise: noise)
        default:
            let rtol = try integrate.double("rtol", constraint: .positive) ?? 1e-6
            let atol = try integrate.double("atol", constraint: .nonNegative) ?? 1e-9
            let maxSteps = try integrate.int("max_steps", minimum: 1) ?? DormandPrince().maxSteps
            switch name {
            case "dopri5": method = .dopri5(DormandPrince(rtol: rtol, atol: atol, maxSteps: maxSteps))
            case "bdf": method = .bdf(BDF(rtol: rtol, atol: atol, maxSteps: maxSteps))
            default: method = .automatic(AutomaticMethod(rtol: rtol, atol: atol, maxSteps: maxSteps))
            }
        }
        // Entrants join the community from the start, at 0 until they enter.
        let (events, entrants) = try ScheduledEvent.read(spec: spec, members: n, tEnd: tEnd)
        let community = try spec.keyed(["entrant[0]": "events"]) { () throws(ParameterError) in try base.withEntrants(entrants) }
        let start = initialState + [Double](repeating: 0, count: entrants.count)
        let watch = try watchTable.map { (t) throws(SpecError) in try EventWatch(spec: t, n: community.n) }
        self = try integrate.keyed(["sigma": "noise.sigma", "watch": "method"]) { () throws(ParameterError) in
            try CommunityProblem(community: community, initialState: start, tEnd: tEnd, method: method, saves: saves, watch: watch, events: events)
        }
        let driven = try ParameterDriver.applying(spec: spec) { (drivers) throws(ParameterError) in
            try CommunityProblem(community: community, initialState: start, tEnd: tEnd, method: method, saves: saves, watch: watch, drivers: drivers, events: events)
        }
        if let driven { self = driven }
    }
}

extension EventWatch {
    /// Reads `[watch]`: `extinction` (an abundance > 0: members falling through it die out) and
    /// `[[watch.level]]` entries, each `member` (0-based) or `total = true`, `value`, and
    /// `direction` = "rising" | "falling" | "either" (default either).
    init(spec t: SpecTable, n: Int) throws(SpecError) {
        try t.allowOnly(["extinction", "level"])
        let extinction = try t.double("extinction", constraint: .positive)
        var levels = [Level]()
        for level in try t.tables("level") {
            try level.allowOnly(["member", "total", "value", "direction"])
            let member = try level.int("member", minimum: 0), total = try level.bool("total") ?? false
            guard (member != nil) != total else { throw level.error("member", "give member = i or total = true (one of them)") }
            if let member, member >= n { throw level.error("member", "must lie in 0..<\(n), got \(member)") }
            let direction = Direction(rawValue: try level.string("direction", oneOf: Direction.allCases.map(\.rawValue)) ?? "either")!
            levels.append(Level(member.map { .component($0) } ?? .total, try level.required(level.double("value"), "value"), direction))
        }
        guard extinction != nil || !levels.isEmpty else { throw t.error("extinction", "[watch] needs extinction = a threshold or [[watch.level]] entries") }
        self.init(extinction: extinction, levels: levels)
    }
}

extension CommunityAnalysis {
    /// Analyses the community of a spec's `[model]`; a singular δ or an overflow is an error
    /// naming the key that gave the interactions.
    public init(spec: SpecTable) throws(SpecError) {
        try self.init(Community(spec: spec), spec: spec)
    }

    /// Analyses `community`, naming in errors the key of the spec's `[model]` that gave the interactions.
    public init(_ community: Community, spec: SpecTable) throws(SpecError) {
        let model = try spec.requireTable("model")
        if case .single = community.interactions { try Community.checkDenseAnalysis(community.n, model) }
        let source = ["delta", "random", "relation"].first(where: model.contains).map(model.keyPath) ?? "model"
        do { try self.init(community) } catch {
            switch error {
            case .singular:
                throw SpecError(key: source, "δ is singular (\(error)): the community has no unique interior equilibrium; change the interactions")
            case .nonFinite:
                throw SpecError(key: source, "the equilibrium or its Jacobian is not finite for these values (they overflow double precision); use smaller values")
            default:
                throw SpecError(key: source, "\(error)")
            }
        }
    }
}
