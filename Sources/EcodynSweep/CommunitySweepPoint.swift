import EcodynCore
import EcodynSpec

/// One point of a community sweep before it is checked: the design and the run settings, and
/// what each swept path sets in them. Paths (as in specs; elements 0-based):
///
///     model.r, model.mu, model.K (every member), model.r[i], model.mu[i], model.K[i]
///     model.delta[i][j]                                      (δ given as delta or relations)
///     model.random.connectance, .sigma, .self, .seed, .mix.<type>          (δ drawn)
///     initial.x, initial.x[i]
///     integrate.t_end, .dt (rk4, euler-maruyama), .rtol, .atol, .max_steps (dopri5), .saves
///     noise.sigma, noise.sigma[i], noise.seed                       (euler-maruyama)
struct CommunitySweepPoint: Sendable {
    /// Sets one swept value.
    typealias Setter = @Sendable (inout CommunitySweepPoint, Double) throws(Failure) -> Void

    /// A value a point does not accept, with the spec key it belongs to.
    struct Failure: Error, CustomStringConvertible {
        var key: String, message: String
        var description: String { "\(key): \(message)" }
    }

    var design: CommunityDesign
    /// The run settings (the spec's `[initial]`, `[integrate]`, `[noise]`), nil when it has none.
    var run: CommunityProblem?

    /// The community and its run, checked: a value a model does not accept is a ``Failure``
    /// naming its key.
    func make() throws(Failure) -> (community: Community, run: CommunityProblem?) {
        var community: Community
        do {
            community = try design.community()
            // Entrants of scheduled entries follow the designed members, as in the spec's run.
            if let run, run.community.n > community.n { community = try community.withEntrants(run.community.entrants(from: community.n)) }
        } catch {
            let random = ["connectance", "sigma", "mix"].contains(error.parameter) && design.isRandom
            throw Failure(key: (random ? "model.random." : "model.") + error.parameter, message: error.message)
        }
        guard let run else { return (community, nil) }
        do {
            return (community, try CommunityProblem(community: community, initialState: run.initialState, tEnd: run.tEnd,
                                                    method: run.method, saves: run.saves, watch: run.watch, drivers: run.drivers, events: run.events))
        } catch {
            let keys = ["initialState": "initial.x", "tEnd": "integrate.t_end", "sigma": "noise.sigma"]
            let driven = run.drivers.contains { $0.parameter == error.parameter }
            throw Failure(key: driven ? "drivers.model.\(error.parameter)" : keys[error.parameter] ?? "integrate.\(error.parameter)", message: error.message)
        }
    }

    /// What `path` sets, or a spec error naming the paths that can be swept; run settings only
    /// when the sweep `integrates`.
    func setter(for path: String, integrates: Bool) throws(SpecError) -> Setter {
        let key = "sweep.parameters.\(path)"
        if path.hasPrefix("drivers.") { return try driverSetter(path, key: key, integrates: integrates) }
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let element = ElementName(parts[1]) else { throw unknown(path) }
        let n = design.n
        func vector(_ keyPath: WritableKeyPath<CommunitySweepPoint, [Double]> & Sendable) throws(SpecError) -> Setter {
            if element.indices.isEmpty { return { p, v in p[keyPath: keyPath] = [Double](repeating: v, count: n) } }
            guard let i = element.index(below: n) else { throw SpecError(key: key, "'\(path)' names no member: members are 0 ..< \(n)") }
            return { p, v in p[keyPath: keyPath][i] = v }
        }
        func needsRun(_ what: String...) throws(SpecError) {
            guard integrates else { throw SpecError(key: key, "'\(path)' changes the run, but only analysis metrics are asked; add an integration metric such as survivors, or sweep a key of [model]") }
            guard what.isEmpty || what.contains(run?.method.name ?? "") else {
                throw SpecError(key: key, "'\(path)' applies to method = \(what.map { "\"\($0)\"" }.joined(separator: " or ")), not \"\(run?.method.name ?? "")\"")
            }
        }
        switch (parts[0], element.base, element.indices.count) {
        case ("model", "r", _): return try vector(\.design.r)
        case ("model", "mu", _): return try vector(\.design.mu)
        case ("model", "K", _): return try vector(\.design.K)
        case ("model", "delta", 2):
            guard case .given = design.interactions else { throw SpecError(key: key, "'\(path)' needs a dense δ given as delta (lists or .npy) or relations; a random δ is swept by model.random.*, a sparse .npz δ entry by entry is not swept") }
            let (i, j) = (element.indices[0], element.indices[1])
            guard i < n, j < n else { throw SpecError(key: key, "'\(path)' names no entry of δ: indices are 0 ..< \(n)") }
            return { p, v in if case .given(var d) = p.design.interactions { d[i, j] = v; p.design.interactions = .given(d) } }
        case ("model", let name, 0) where name.hasPrefix("random."):
            guard design.isRandom else { throw SpecError(key: key, "'\(path)' needs a [model.random] table") }
            return try recipeSetter(String(name.dropFirst("random.".count)), path: path)
        case ("initial", "x", _): try needsRun(); return try vector(\.initialState)
        case ("integrate", "t_end", 0): try needsRun(); return { p, v in p.run?.tEnd = v }
        case ("integrate", "saves", 0): try needsRun(); return { p, v throws(Failure) in p.run?.saves = try whole(v, path) }
        case ("integrate", "dt", 0):
            try needsRun()
            guard run?.method.fixedStep != nil else { throw SpecError(key: key, "'\(path)' applies to rk4, euler-maruyama and milstein; \(run?.method.name ?? "") chooses its own steps") }
            return { p, v in if let method = p.run?.method { p.run?.method = method.with(step: v) } }
        case ("integrate", let name, 0) where ["rtol", "atol", "max_steps"].contains(name):
            try needsRun("auto", "dopri5", "bdf")
            return { p, v throws(Failure) in
                guard let method = p.run?.method else { return }
                switch name {
                case "rtol": p.run?.method = method.with(rtol: v)
                case "atol": p.run?.method = method.with(atol: v)
                default: p.run?.method = method.with(maxSteps: try whole(v, path))
                }
            }
        case ("noise", "sigma", _):
            try needsRun("euler-maruyama", "milstein")
            let i = element.index(below: n)
            guard element.indices.isEmpty || i != nil else { throw SpecError(key: key, "'\(path)' names no member: members are 0 ..< \(n)") }
            return { p, v in
                guard let method = p.run?.method, var noise = method.noise else { return }
                if let i { noise.sigma[i] = v } else { noise.sigma = [Double](repeating: v, count: n) }
                p.run?.method = method.with(noise: noise)
            }
        case ("noise", "seed", 0):
            try needsRun("euler-maruyama", "milstein")
            return { p, v throws(Failure) in
                guard let method = p.run?.method, var noise = method.noise else { return }
                noise.seed = UInt64(try whole(v, path))
                p.run?.method = method.with(noise: noise)
            }
        default:
            throw unknown(path)
        }
    }

    /// `drivers.model.<parameter>.<form>.<field>`: one number of a driver of the spec's
    /// `[drivers]` (a ramp's `to`, a cycle's `period`, an environment's `seed`).
    private func driverSetter(_ path: String, key: String, integrates: Bool) throws(SpecError) -> Setter {
        let parts = path.dropFirst("drivers.".count).split(separator: ".").map(String.init)
        guard parts.count == 4, parts[0] == "model" else {
            throw SpecError(key: key, "'\(path)' names no driver's number; write drivers.model.<parameter>.<form>.<field>, e.g. drivers.model.r[1].ramp.to")
        }
        guard integrates else { throw SpecError(key: key, "'\(path)' changes the run, but only analysis metrics are asked; add an integration metric such as survivors") }
        let (parameter, form, field) = (parts[1], parts[2], parts[3])
        guard let k = run?.drivers.firstIndex(where: { $0.parameter == parameter }), let driver = run?.drivers[k].driver else {
            throw SpecError(key: key, "[drivers] has no driver of model.\(parameter)")
        }
        guard form == driver.form, driver.fields.contains(field) else {
            throw SpecError(key: key, "the driver of model.\(parameter) is \(driver.form) and has no number '\(form).\(field)'; "
                            + (driver.fields.isEmpty ? "a \(driver.form) driver has none to sweep" : "it takes \(driver.form).\(driver.fields.joined(separator: ", "))"))
        }
        return { p, v throws(Failure) in
            guard let current = p.run?.drivers[k].driver, let changed = current.with(field, v) else {
                throw Failure(key: "drivers.model.\(parameter).\(form).\(field)", message: "cannot be \(v)")
            }
            p.run?.drivers[k].driver = changed
        }
    }

    private func recipeSetter(_ field: String, path: String) throws(SpecError) -> Setter {
        func set(_ change: @escaping @Sendable (inout RandomCommunityRecipe, Double) throws(Failure) -> Void) -> Setter {
            return { p, v throws(Failure) in
                guard case .random(var recipe) = p.design.interactions else { return }
                try change(&recipe, v)
                p.design.interactions = .random(recipe)
            }
        }
        switch field {
        case "connectance": return set { r, v in r.connectance = v }
        case "sigma": return set { r, v in r.sigma = v }
        case "self": return set { r, v in r.selfLimitation = v }
        case "seed": return set { r, v throws(Failure) in r.seed = UInt64(try whole(v, path)) }
        default:
            let names = InteractionType.allCases.map(\.rawValue)
            guard field.hasPrefix("mix."), let type = InteractionType(name: String(field.dropFirst(4))) else {
                throw SpecError(key: "sweep.parameters.\(path)", "'\(path)' is not a key of [model.random]; sweep connectance, sigma, self, seed or mix.<type> (\(names.joined(separator: ", ")))")
            }
            return set { r, v in r.mix[type] = v }
        }
    }

    private func unknown(_ path: String) -> SpecError {
        SpecError(key: "sweep.parameters.\(path)", "'\(path)' cannot be swept for a community; sweep model.r, model.mu, model.K (or one member's, model.K[1]), model.delta[i][j], model.random.sigma (connectance, self, seed, mix.<type>), initial.x, integrate.t_end, dt, rtol, atol, max_steps, saves, noise.sigma or noise.seed")
    }
}

/// A swept count or seed: a whole number from 0 to 2⁵³, or the requirement as an error message.
func wholeNumber(_ v: Double) -> Result<Int, ParameterError> {
    v >= 0 && v <= 0x1p53 && v == v.rounded() ? .success(Int(v)) : .failure(ParameterError("", "expected a whole number from 0 to 2^53, got \(v)"))
}

private func whole(_ v: Double, _ path: String) throws(CommunitySweepPoint.Failure) -> Int {
    switch wholeNumber(v) {
    case .success(let n): return n
    case .failure(let error): throw CommunitySweepPoint.Failure(key: path, message: error.message)
    }
}

extension CommunityDesign {
    /// Whether δ is drawn from a recipe.
    var isRandom: Bool { if case .random = interactions { return true } else { return false } }
}

extension CommunitySweepPoint {
    var initialState: [Double] {
        get { run?.initialState ?? [] }
        set { run?.initialState = newValue }
    }
}
