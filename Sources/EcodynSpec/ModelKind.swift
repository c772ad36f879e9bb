import EcodynCore

/// The models a spec's `[model] kind` can name: a community, any kinetics of
/// ``KineticsRegistry``, or the alliance.
public enum ModelKind: Sendable, Equatable, CustomStringConvertible {
    case community
    case kinetics(any Kinetics.Type)
    case alliance

    /// Every `kind` a spec may give.
    public static var names: [String] { ["community"] + KineticsRegistry.all.map { $0.kind } + ["alliance"] }

    /// The `kind` as a spec writes it.
    public var description: String {
        switch self {
        case .community: return "community"
        case .kinetics(let type): return type.kind
        case .alliance: return "alliance"
        }
    }

    public static func == (a: ModelKind, b: ModelKind) -> Bool { a.description == b.description }

    /// Reads `[model] kind` of a spec.
    public static func of(_ spec: SpecTable) throws(SpecError) -> ModelKind {
        let model = try spec.requireTable("model")
        let name = try model.required(model.string("kind", oneOf: names), "kind")
        if let type = KineticsRegistry.type(of: name) { return .kinetics(type) }
        return name == "community" ? .community : .alliance
    }
}
