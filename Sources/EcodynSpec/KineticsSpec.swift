import EcodynCore

extension Kinetics {
    /// Reads `[model]` of a kinetics spec: `kind`, one number per parameter of
    /// ``Kinetics/parameterOrder`` but the last two, and `diffusion = [Du, Dv]` for those. The
    /// model's own requirements come back as errors naming the key.
    public init(model: SpecTable) throws(SpecError) {
        let names = Array(Self.parameterOrder.dropLast(2))
        try model.allowOnly(["kind"] + names + ["diffusion"])
        var values = [Double]()
        for name in names { values.append(try model.required(model.double(name), name)) }
        let d = try model.required(model.doubles("diffusion"), "diffusion")
        guard d.count == 2 else { throw model.error("diffusion", "expected [Du, Dv], got \(d.count) values") }
        let all = values + d
        self = try model.keyed([Self.parameterOrder[names.count]: "diffusion", Self.parameterOrder[names.count + 1]: "diffusion"]) { () throws(ParameterError) in
            try Self(parameters: all)
        }
    }
}

extension GridProblem {
    /// The kinetics of `[model]` (the Brusselator also takes its raw rate constants).
    public static func kinetics(_ spec: SpecTable) throws(SpecError) -> any Kinetics {
        guard case .kinetics(let type) = try ModelKind.of(spec) else {
            let kinds = KineticsRegistry.all.map { "\"\($0.kind)\"" }.joined(separator: ", ")
            throw SpecError(key: "model.kind", "\"\(try ModelKind.of(spec))\" is not a reaction–diffusion model; use one of \(kinds)")
        }
        if type == Brusselator.self { return try Brusselator(spec: spec) }
        return try type.init(model: spec.requireTable("model"))
    }
}
