import EcodynCore
import EcodynSpec

/// The points of a sweep: the product of the parameters' value lists, each point repeated
/// `replicates` times (with no parameters, the spec's own point `replicates` times). Points are numbered 0 ..< count; the parameters are ordered by name and
/// the last varies fastest, then the replicate: index = combination · replicates + replicate.
///
/// In a spec, `[sweep.parameters]` names each parameter by its dotted spec path (a bare key
/// `b` means `model.b`) with `values`, `linspace` or `logspace` (see ``ValueGrid``), or a random
/// design `{ uniform = [lo, hi], count = N }` or `{ latin-hypercube = [lo, hi], count = N }`.
/// Random-design parameters vary together (point k of one goes with point k of the others, so
/// they must share their count) and form one factor of the product; their draws come from the
/// sweep seed.
/// One point of a space: its parameter values, in the order of the space's names, and its replicate.
public struct SweepPoint: Sendable, Equatable {
    public var values: [Double]
    public var replicate: Int

    public init(values: [Double], replicate: Int) { (self.values, self.replicate) = (values, replicate) }
}

public struct ParameterSpace: Sendable, Equatable {
    /// One factor of the product: one grid parameter, or the random-design parameters together.
    struct Factor: Sendable, Equatable {
        var names: [String]
        /// The column of each of `names` in the space's ``ParameterSpace/names``.
        var columns: [Int] = []
        /// A grid parameter's values, computed on demand (a space of 10⁸ points takes no memory).
        var grid: ValueGrid?
        /// The random design's levels: design[k][p] is parameter p at level k.
        var design: [[Double]] = []

        var count: Int { grid?.count ?? design.count }

        /// Writes level `k`'s values into their columns of `values`.
        func write(level k: Int, into values: inout [Double]) {
            if let grid {
                values[columns[0]] = grid.value(at: k)
            } else {
                for (p, column) in columns.enumerated() { values[column] = design[k][p] }
            }
        }
    }

    /// The most points a space may have (2⁵³: every index is exact as a number, too).
    public static let maximumCount = 1 << 53

    /// The parameter names, in column order.
    public let names: [String]
    public let replicates: Int
    let factors: [Factor]
    /// The number of points.
    public let count: Int

    /// The parameter values of point `index` (in the order of ``names``) and its replicate number.
    public func point(_ index: Int) -> SweepPoint {
        var values = [Double](repeating: 0, count: names.count)
        var rest = index / replicates
        for factor in factors.reversed() {
            factor.write(level: rest % factor.count, into: &values)
            rest /= factor.count
        }
        return SweepPoint(values: values, replicate: index % replicates)
    }

    /// The product of `parameters` (each a name and its values; the last varies fastest, as in
    /// a spec the names are sorted), each point repeated `replicates` times.
    public init(parameters: [(name: String, values: ValueGrid)], replicates: Int = 1) throws(ParameterError) {
        guard replicates >= 1 else { throw ParameterError("replicates", "must be ≥ 1, got \(replicates)") }
        guard Set(parameters.map(\.name)).count == parameters.count else { throw ParameterError("parameters", "a parameter is named twice") }
        guard !parameters.isEmpty || replicates > 1 else { throw ParameterError("parameters", "name at least one parameter, or give replicates > 1") }
        var count = replicates
        for p in parameters {
            let (product, overflow) = count.multipliedReportingOverflow(by: p.values.count)
            guard p.values.count >= 1, !overflow, product <= Self.maximumCount else {
                throw ParameterError("parameters", "the space must have 1 to 2^53 points; \(p.name) has \(p.values.count) values")
            }
            count = product
        }
        self.names = parameters.map(\.name)
        self.replicates = replicates
        self.factors = parameters.enumerated().map { k, p in Factor(names: [p.name], columns: [k], grid: p.values) }
        self.count = count
    }

    /// Reads `[sweep]`'s `parameters`, `replicates` and `seed`.
    public init(sweep: SpecTable) throws(SpecError) {
        replicates = try sweep.int("replicates", minimum: 1) ?? 1
        let seed = UInt64(try sweep.int("seed", minimum: 0) ?? 0)
        // Replicates alone (no parameters) sweep the spec's own point `replicates` times.
        let table = sweep.contains("parameters") || replicates == 1 ? try sweep.requireTable("parameters") : try SpecTable.parse("")
        guard !table.keys.isEmpty || replicates > 1 else {
            throw sweep.error("parameters", "name at least one parameter to sweep, or give replicates > 1")
        }
        var grids = [Factor](), random = [(String, SpecTable)]()
        for key in table.keys {
            let name = key.contains(".") ? key : "model.\(key)"
            guard !name.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
                throw table.error(key, "'\(key)' is not a key path; name a key such as b or model.random.sigma")
            }
            guard let spec = try table.table(key) else { throw table.error(key, "expected an inline table such as { linspace = [lo, hi, n] }") }
            if spec.contains("uniform") || spec.contains("latin-hypercube") {
                random.append((name, spec))
            } else {
                grids.append(Factor(names: [name], grid: try ValueGrid(table, key: key)))
            }
        }
        var factors = grids
        if !random.isEmpty { factors.append(try Self.randomDesign(random, seed: seed)) }
        factors.sort { $0.names[0] < $1.names[0] }
        names = factors.flatMap(\.names)
        var column = 0
        for f in factors.indices {
            factors[f].columns = Array(column..<(column + factors[f].names.count))
            column += factors[f].names.count
        }
        self.factors = factors
        var count = replicates
        for factor in factors {
            let (product, overflow) = count.multipliedReportingOverflow(by: factor.count)
            guard !overflow, product <= Self.maximumCount else {
                throw sweep.error("parameters", "the space has more than 2^53 points; sweep fewer values, or fewer replicates")
            }
            count = product
        }
        self.count = count
        guard Set(names).count == names.count else { throw sweep.error("parameters", "a parameter is named twice (a bare key b means model.b)") }
    }

    /// Joint random design: uniform draws, or a Latin hypercube (one draw in each of N equal
    /// strata, strata shuffled independently per parameter), from the stream keyed by the sweep seed.
    private static func randomDesign(_ specs: [(String, SpecTable)], seed: UInt64) throws(SpecError) -> Factor {
        var count: Int?
        var columns = [[Double]]()
        for (p, (name, spec)) in specs.sorted(by: { $0.0 < $1.0 }).enumerated() {
            try spec.allowOnly(["uniform", "latin-hypercube", "count"])
            let kind = spec.contains("uniform") ? "uniform" : "latin-hypercube"
            let bounds = try spec.required(spec.doubles(kind), kind)
            guard bounds.count == 2, bounds[0] < bounds[1] else { throw spec.error(kind, "expected [lo, hi] with lo < hi") }
            let n = try spec.required(spec.int("count", minimum: 1), "count")
            try MemoryBudget.check(CheckedCount.product(n, 8 * (specs.count + 2)), for: "a random design of \(n) points",
                                   key: spec.keyPath("count"), fix: "lower count")
            guard count == nil || count == n else { throw spec.error("count", "random-design parameters vary together and need one count; \(name) has \(n), another \(count!)") }
            count = n
            let stream = CounterRandom(stream: seed).substream(0xD35_16, UInt64(p))
            var u = stream.uniforms(count: n)
            if kind == "latin-hypercube" {
                var strata = Array(0..<n)
                for i in stride(from: n - 1, to: 0, by: -1) {   // Fisher–Yates with counter draws
                    let j = Int(stream.uniform(UInt64(n + i)) * Double(i + 1))
                    strata.swapAt(i, j)
                }
                u = (0..<n).map { (Double(strata[$0]) + u[$0]) / Double(n) }
            }
            columns.append(u.map { bounds[0] + (bounds[1] - bounds[0]) * $0 })
        }
        let names = specs.map(\.0).sorted()
        return Factor(names: names, design: (0..<count!).map { k in columns.map { $0[k] } })
    }
}
