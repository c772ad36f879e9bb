import EcodynCore
import Foundation

extension ParameterDriver {
    /// Reads `[drivers]`: each key the path of a parameter of the model (`"model.r"` for every
    /// member's r, `"model.K[0]"`, `"model.delta[0][1]"`), each value one form:
    ///
    ///     "model.r"    = { piecewise = [[0.0, 1.0], [5.0, 2.0]] }     # [time, value from then on]
    ///     "model.mu"   = { ramp = { from = 0.1, to = 0.3, start = 10.0, end = 60.0 } }
    ///     "model.K[0]" = { periodic = { mean = 1.0, amplitude = 0.2, period = 10.0, phase = 0.0 } }
    ///     "model.r[1]" = { table = "r1.csv" }     # columns t, value (or a .npy of shape (k, 2))
    ///     "model.K[1]" = { ou = { mean = 3.0, reversion = 0.5, intensity = 0.1, seed = 1 } }   # step = min(0.01, 0.01/reversion)
    static func drivers(spec: SpecTable) throws(SpecError) -> [ParameterDriver] {
        guard let table = try spec.table("drivers") else { return [] }
        var out = [ParameterDriver]()
        for key in table.keys {
            guard key.hasPrefix("model."), key.count > "model.".count else {
                throw table.error(key, "a driver is named by the path of a model parameter, such as \"model.r\" or \"model.K[0]\"")
            }
            guard let form = try table.table(key) else { throw table.error(key, "expected an inline table with one of piecewise, ramp, periodic, table, ou") }
            out.append(ParameterDriver(String(key.dropFirst("model.".count)), try driver(form)))
        }
        return out
    }

    /// `body` applied to the spec's drivers (nil without `[drivers]`); its errors are named by the
    /// key of the driver they concern.
    static func applying<T>(spec: SpecTable, _ body: ([ParameterDriver]) throws(ParameterError) -> T) throws(SpecError) -> T? {
        let drivers = try Self.drivers(spec: spec)
        guard !drivers.isEmpty else { return nil }
        let table = try spec.requireTable("drivers")
        do { return try body(drivers) } catch {
            let name = "model.\(error.parameter)"
            throw table.keys.contains(name) ? table.error(name, error.message) : table.error(table.keys.first!, "\(error.parameter): \(error.message)")
        }
    }

    /// One driver's form.
    private static func driver(_ t: SpecTable) throws(SpecError) -> Driver {
        let forms = ["piecewise", "ramp", "periodic", "table", "ou"]
        try t.allowOnly(forms)
        let given = forms.filter(t.contains)
        guard given.count == 1 else { throw t.error(given.count > 1 ? given[1] : "piecewise", "give exactly one of \(forms.joined(separator: ", "))") }
        let driver: Driver
        switch given[0] {
        case "piecewise":
            let m = try t.required(t.matrix("piecewise", columns: 2), "piecewise")
            driver = .piecewise(times: (0..<m.rows).map { m[$0, 0] }, values: (0..<m.rows).map { m[$0, 1] })
        case "ramp":
            let r = try t.requireTable("ramp")
            try r.allowOnly(["from", "to", "start", "end"])
            driver = .ramp(from: try r.required(r.double("from"), "from"), to: try r.required(r.double("to"), "to"),
                           start: try r.required(r.double("start"), "start"), end: try r.required(r.double("end"), "end"))
        case "periodic":
            let p = try t.requireTable("periodic")
            try p.allowOnly(["mean", "amplitude", "period", "phase"])
            driver = .periodic(mean: try p.required(p.double("mean"), "mean"), amplitude: try p.required(p.double("amplitude"), "amplitude"),
                               period: try p.required(p.double("period", constraint: .positive), "period"), phase: try p.double("phase") ?? 0)
        case "table":
            let (times, values) = try series(t, "table")
            driver = .table(times: times, values: values)
        default:
            let o = try t.requireTable("ou")
            try o.allowOnly(["mean", "reversion", "intensity", "seed", "step"])
            let reversion = try o.required(o.double("reversion", constraint: .positive), "reversion")
            driver = .ornsteinUhlenbeck(mean: try o.required(o.double("mean"), "mean"), reversion: reversion,
                                        intensity: try o.required(o.double("intensity", constraint: .nonNegative), "intensity"),
                                        seed: UInt64(try o.int("seed", minimum: 0) ?? 0),
                                        step: try o.double("step", constraint: .positive) ?? Driver.defaultStep(reversion: reversion))
        }
        try t.keyed { () throws(ParameterError) in try driver.check() }
        return driver
    }

    /// A tabulated series: a CSV file (columns t, value; a header line is skipped) or a `.npy` of
    /// shape (k, 2), relative to the spec's folder.
    private static func series(_ t: SpecTable, _ key: String) throws(SpecError) -> ([Double], [Double]) {
        guard let file = try t.string(key) else { throw t.error(key, "expected the path of a CSV (t, value) or .npy file") }
        if file.hasSuffix(".npy") {
            let m = try t.required(t.matrix(key, columns: 2), key)
            return ((0..<m.rows).map { m[$0, 0] }, (0..<m.rows).map { m[$0, 1] })
        }
        let url = URL(fileURLWithPath: file, relativeTo: t.baseDirectory)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw t.error(key, "cannot read '\(file)' (relative paths start at the spec's folder)")
        }
        var times = [Double](), values = [Double]()
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2, let time = Double(fields[0]), let value = Double(fields[1]) else {
                if number == 0 { continue }   // the header
                throw t.error(key, "'\(file)' line \(number + 1): expected two numbers t, value; got '\(line)'")
            }
            times.append(time)
            values.append(value)
        }
        return (times, values)
    }
}
