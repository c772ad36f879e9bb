import CEcodyn
import EcodynCore
import Foundation

/// Drivers and scheduled events given to the C ABI as JSON, in the forms of a spec's
/// `[drivers]` and `[[events]]` (docs/drivers.md); a table is `{"table": {"times": [...], "values": [...]}}`.
enum ABIDrivers {
    /// `{"r[1]": {"piecewise": [[0, 0.6], [50, 0.9]]}, "K[0]": {"periodic": {...}}, ...}` (NULL: none).
    static func drivers(json text: UnsafePointer<CChar>?) throws(ABIError) -> [ParameterDriver] {
        guard let object = try parse(text, "drivers") else { return [] }
        guard let table = object as? [String: Any] else { throw .argument("drivers", "expected a JSON object of parameter names, got \(type(of: object))") }
        var out = [ParameterDriver]()
        for name in table.keys.sorted() {
            guard let form = table[name] as? [String: Any], form.count == 1, let kind = form.keys.first else {
                throw .argument("drivers.\(name)", "expected an object with exactly one of piecewise, ramp, periodic, table, ou")
            }
            let key = "drivers.\(name).\(kind)"
            func numbers(_ value: Any?, _ field: String) throws(ABIError) -> [Double] {
                guard let list = value as? [Any], let values = Optional(list.compactMap { ($0 as? NSNumber)?.doubleValue }), values.count == list.count else {
                    throw .argument("\(key).\(field)", "expected a list of numbers")
                }
                return values
            }
            func number(_ fields: [String: Any], _ field: String, default value: Double? = nil) throws(ABIError) -> Double {
                if let n = fields[field] as? NSNumber { return n.doubleValue }
                if let value, fields[field] == nil { return value }
                throw .argument("\(key).\(field)", "expected a number")
            }
            let fields = form[kind] as? [String: Any] ?? [:]
            let driver: Driver
            switch kind {
            case "piecewise":
                guard let rows = form[kind] as? [Any] else { throw .argument(key, "expected [[time, value], ...]") }
                var (times, values) = ([Double](), [Double]())
                for row in rows {
                    let pair = try numbers(row, "[k]")
                    guard pair.count == 2 else { throw .argument(key, "each entry is [time, value]") }
                    times.append(pair[0])
                    values.append(pair[1])
                }
                driver = .piecewise(times: times, values: values)
            case "ramp":
                driver = .ramp(from: try number(fields, "from"), to: try number(fields, "to"), start: try number(fields, "start"), end: try number(fields, "end"))
            case "periodic":
                driver = .periodic(mean: try number(fields, "mean"), amplitude: try number(fields, "amplitude"), period: try number(fields, "period"),
                                   phase: try number(fields, "phase", default: 0))
            case "table":
                driver = .table(times: try numbers(fields["times"], "times"), values: try numbers(fields["values"], "values"))
            case "ou":
                let reversion = try number(fields, "reversion")
                guard let seed = (fields["seed"] as? NSNumber)?.int64Value ?? (fields["seed"] == nil ? 0 : nil), seed >= 0 else {
                    throw .argument("\(key).seed", "expected an integer ≥ 0")
                }
                driver = .ornsteinUhlenbeck(mean: try number(fields, "mean"), reversion: reversion, intensity: try number(fields, "intensity"),
                                            seed: UInt64(seed), step: try number(fields, "step", default: reversion > 0 ? Driver.defaultStep(reversion: reversion) : 0.01))
            default:
                throw .argument("drivers.\(name)", "unknown form '\(kind)'; use piecewise, ramp, periodic, table or ou")
            }
            do { try driver.check() } catch { throw .argument("\(key).\(error.parameter)", error.message) }
            out.append(ParameterDriver(name, driver))
        }
        return out
    }

    /// `[{"at": 50, "member": 2, "multiply": 0.5}, {"at": 80, "member": 1, "exit": true}]` (NULL:
    /// none); an entry `{"at": 100, "member": "new", "r", "mu" (default 0), "K", "x0", "delta_row",
    /// "delta_column"}` makes the k-th entrant member `members + k`.
    static func events(json text: UnsafePointer<CChar>?, members n: Int) throws(ABIError) -> (events: [ScheduledEvent], entrants: [Entrant]) {
        guard let object = try parse(text, "events") else { return ([], []) }
        guard let list = object as? [[String: Any]] else { throw .argument("events", "expected a JSON list of objects") }
        var entrants = [Entrant]()
        let events = try list.enumerated().map { (k, e) throws(ABIError) -> ScheduledEvent in
            let key = "events[\(k)]"
            guard let at = (e["at"] as? NSNumber)?.doubleValue else { throw .argument("\(key).at", "expected a number") }
            if e["member"] as? String == "new" {
                let fields = ["at", "member", "r", "mu", "K", "x0", "delta_row", "delta_column"]
                if let extra = e.keys.sorted().first(where: { !fields.contains($0) }) { throw .argument("\(key).\(extra)", "an entry takes \(fields.joined(separator: ", "))") }
                func number(_ name: String, default value: Double? = nil) throws(ABIError) -> Double {
                    if let x = (e[name] as? NSNumber)?.doubleValue { return x }
                    if e[name] == nil, let value { return value }
                    throw .argument("\(key).\(name)", "expected a number")
                }
                func numbers(_ name: String) throws(ABIError) -> [Double] {
                    guard let list = e[name] as? [NSNumber] else { throw .argument("\(key).\(name)", "expected a list of \(n + entrants.count) numbers") }
                    return list.map(\.doubleValue)
                }
                entrants.append(Entrant(r: try number("r"), mu: try number("mu", default: 0), K: try number("K"),
                                        row: try numbers("delta_row"), column: try numbers("delta_column")))
                return ScheduledEvent(at: at, member: n + entrants.count - 1, .enter(try number("x0")))
            }
            guard let member = (e["member"] as? NSNumber)?.intValue else { throw .argument("\(key).member", "expected a member number or \"new\"") }
            let actions = ["multiply", "add", "set", "exit"].filter { e[$0] != nil }
            guard actions.count == 1, e.count == 3 else { throw .argument(key, "give at, member and exactly one of multiply, add, set, exit") }
            let value = (e[actions[0]] as? NSNumber)?.doubleValue
            let action: ScheduledEvent.Action
            switch actions[0] {
            case "exit":
                guard e["exit"] as? Bool == true else { throw .argument("\(key).exit", "expected true") }
                action = .exit
            default:
                guard let value else { throw .argument("\(key).\(actions[0])", "expected a number") }
                action = actions[0] == "multiply" ? .multiply(value) : actions[0] == "add" ? .add(value) : .set(value)
            }
            return ScheduledEvent(at: at, member: member, action)
        }
        return (events, entrants)
    }

    private static func parse(_ text: UnsafePointer<CChar>?, _ name: String) throws(ABIError) -> Any? {
        guard let text else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: Data(String(cString: text).utf8), options: [.fragmentsAllowed]) else {
            throw .argument(name, "is not valid JSON")
        }
        return object
    }
}

@c(ecodyn_community_integrate_driven)
public func communityIntegrateDriven(_ community: OpaquePointer?, _ x0: UnsafePointer<Double>?, _ t0: Double, _ t1: Double,
                                     _ times: UnsafePointer<Double>?, _ count: Int, _ options: UnsafePointer<ecodyn_integrate_options>?,
                                     _ drivers: UnsafePointer<CChar>?, _ events: UnsafePointer<CChar>?,
                                     _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    abiCall {
        let given = try CommunityHandle.value(community, "community")
        guard t0 >= 0 else { throw ABIError.argument("t0", "drivers and events keep the run's own clock: t0 must be ≥ 0, got \(t0)") }
        // Entrants join the community from the start, held at 0 until they enter.
        let (scheduled, entrants) = try ABIDrivers.events(json: events, members: given.n)
        let c: Community
        do throws(ParameterError) { c = try given.withEntrants(entrants) } catch { throw ABIError.argument("events.\(error.parameter)", error.message) }
        let start = try ABIInput.values(x0, given.n, "x0") + [Double](repeating: 0, count: entrants.count)
        let driverList = try ABIDrivers.drivers(json: drivers)
        let field: DrivenCommunityField
        do throws(ParameterError) { field = try DrivenCommunityField(c, drivers: driverList, until: t1) } catch {
            throw ABIError.argument("drivers.\(error.parameter)", error.message)
        }
        for (k, e) in scheduled.enumerated() {
            do throws(ParameterError) { try e.check(dimension: c.n, tEnd: t1) } catch { throw ABIError.argument("events[\(k)].\(error.parameter)", error.message) }
        }
        try start.withUnsafeBufferPointer { (x) throws(ABIError) in
            try integrate(field, population: true, x0: x.baseAddress, t0, t1, times: times, count: count, options: options, out: out,
                          stops: field.breakPoints + scheduled.map(\.time)) { t, x in scheduled.apply(at: t, to: &x) }
        }
    }
}
