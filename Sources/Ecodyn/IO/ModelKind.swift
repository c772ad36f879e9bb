/// The models a spec's `[model] kind` can name.
public enum ModelKind: String, CaseIterable, Sendable {
    case community
    case brusselator
    case grayScott = "gray-scott"
    case schnakenberg
    case alliance

    /// Reads `[model] kind` of a spec.
    public static func of(_ spec: SpecTable) throws(SpecError) -> ModelKind {
        let model = try spec.requireTable("model")
        let name = try model.required(model.string("kind", oneOf: ModelKind.allCases.map(\.rawValue)), "kind")
        return ModelKind(rawValue: name)!
    }
}
