import EcodynCore
import EcodynSpec

/// A value a sweep records for a point.
public enum MetricValue: Sendable, Equatable {
    case real(Double)
    case integer(Int)
    case text(String)
    case null
}

/// What one point of a sweep produced: its status (`ok`, `diverged`, `max-steps`, `failed`),
/// its metrics in column order, and a message when it did not finish.
public struct PointResult: Sendable, Equatable {
    public var status: String
    public var metrics: [MetricValue]
    public var message: String?

    public init(status: String, metrics: [MetricValue], message: String? = nil) {
        (self.status, self.metrics, self.message) = (status, metrics, message)
    }
}

/// Evaluates the points of a sweep for one kind of model. `evaluate` is called from many
/// threads at once and must depend only on its arguments.
public protocol SweepModel: Sendable {
    /// The recorded metrics, in column order.
    var metrics: [String] { get }
    /// The point with these parameter values (in the order of the space's names) and replicate.
    func evaluate(_ values: [Double], replicate: Int) -> PointResult
    /// Several points at once, results in their order (by default one by one): a model whose
    /// points can share work overrides it. A point's result must not depend on its batch.
    func evaluate(batch points: [SweepPoint]) -> [PointResult]
    /// Whether the runner hands this model its points in batches (then a point's recorded
    /// time is its batch's shared evenly); by default false.
    var batchesPoints: Bool { get }
}

extension SweepModel {
    public var batchesPoints: Bool { false }

    public func evaluate(batch points: [SweepPoint]) -> [PointResult] {
        points.map { evaluate($0.values, replicate: $0.replicate) }
    }
}

/// A sweep of any function of the point: the library's way to sweep a model built from values
/// (the spec's models are ``CommunitySweepModel``, ``GridSweepModel``, ``BrusselatorSweepModel``).
///
/// ```swift
/// let model = FunctionSweepModel(metrics: ["max_real"]) { values, _ in
///     let b = try Brusselator(a: 1, b: values[0])
///     return [.real(b.maxReal)]
/// }
/// ```
public struct FunctionSweepModel: SweepModel {
    public let metrics: [String]
    let function: @Sendable ([Double], Int) throws -> [MetricValue]

    /// `function` gets the point's values (in the space's order) and its replicate and returns
    /// one value per metric; a throw is a `failed` point with the error as its message.
    public init(metrics: [String], _ function: @escaping @Sendable (_ values: [Double], _ replicate: Int) throws -> [MetricValue]) {
        self.metrics = metrics
        self.function = function
    }

    public func evaluate(_ values: [Double], replicate: Int) -> PointResult {
        do {
            let row = try function(values, replicate)
            guard row.count == metrics.count else {
                return PointResult(status: "failed", metrics: metrics.map { _ in .null }, message: "the function returned \(row.count) values for \(metrics.count) metrics")
            }
            return PointResult(status: "ok", metrics: row)
        } catch {
            return PointResult(status: "failed", metrics: metrics.map { _ in .null }, message: "\(error)")
        }
    }
}

/// A metric list checked against what a model offers.
func checkedMetrics(_ sweep: SpecTable, offered: [String], default fallback: [String]) throws(SpecError) -> [String] {
    guard let asked = try sweep.strings("metrics") else { return fallback }
    guard !asked.isEmpty else { throw sweep.error("metrics", "name at least one metric; this model offers: \(offered.joined(separator: ", "))") }
    for m in asked where !offered.contains(m) {
        let hint = m == "status" ? " (every point's status is recorded in its own column)" : ""
        throw sweep.error("metrics", "unknown metric '\(m)'\(hint); this model offers: \(offered.joined(separator: ", "))")
    }
    guard Set(asked).count == asked.count else { throw sweep.error("metrics", "a metric is named twice") }
    return asked
}
