import ComplexModule

/// Branches and their located points as the JSON that `ecodyn continue` writes
/// (branches.json), `--json` prints and the bindings return.
public struct ContinuationReport: Sendable {
    /// The parameter as the user named it (`model.b`).
    public var parameter: String
    public var branches: [EquilibriumBranch]

    public init(parameter: String, branches: [EquilibriumBranch]) { (self.parameter, self.branches) = (parameter, branches) }

    /// The JSON report: `parameter`, `branches` (each with `points` and its `bifurcations`),
    /// and every `bifurcations` entry in order.
    public var json: JSONValue {
        func event(_ e: Bifurcation) -> JSONValue {
            var pairs: [(String, JSONValue)] = [("type", .string(e.type.rawValue)), ("parameter_value", .number(e.parameterValue)),
                                                ("state", .numbers(e.state)),
                                                ("eigenvalues", .array(e.eigenvalues.map { .object([("re", .number($0.real)), ("im", .number($0.imaginary))]) }))]
            if let f = e.frequency { pairs.append(("frequency", .number(f))) }
            if let l1 = e.firstLyapunov { pairs.append(("first_lyapunov", .number(l1))) }
            if let m = e.member { pairs.append(("member", .integer(m))) }
            if let note = e.note { pairs.append(("note", .string(note))) }
            return .object(pairs)
        }
        let list: [JSONValue] = branches.map { b in
            var pairs: [(String, JSONValue)] = []
            if let members = b.members { pairs.append(("members", .array(members.map { .integer($0) }))) }
            pairs.append(("end", .string(b.end.rawValue)))
            if let message = b.message { pairs.append(("message", .string(message))) }
            pairs.append(("points", .array(b.points.map { p in
                .object([("parameter_value", .number(p.parameterValue)), ("state", .numbers(p.state)), ("max_real", .number(p.maxReal)),
                         ("stable", .bool(p.stable))])
            })))
            pairs.append(("bifurcations", .array(b.bifurcations.map(event))))
            return .object(pairs)
        }
        return .object([("parameter", .string(parameter)), ("branches", .array(list)),
                        ("bifurcations", .array(branches.flatMap(\.bifurcations).map(event)))])
    }
}
