import EcodynCore

extension ScheduledEvent {
    /// Reads `[[events]]`: each `at` (a time inside the run) and `member` (0-based) with one of
    /// `multiply`, `add`, `set` (an abundance) or `exit = true`; or an entry, `member = "new"` with
    /// the entrant's `r`, `mu`, `K`, `x0` and its `delta_row` (the effect of each earlier member on
    /// it) and `delta_column` (its effect on each earlier member). Entrant k (in the order of the
    /// entries) is member n + k; later events may name it.
    static func read(spec: SpecTable, members n: Int, tEnd: Double) throws(SpecError) -> (events: [ScheduledEvent], entrants: [Entrant]) {
        var events = [ScheduledEvent](), entrants = [Entrant]()
        let entries = try spec.tables("events")
        let total = n + entries.filter { (try? $0.string("member")) == "new" }.count
        for t in entries {
            let at = try t.required(t.double("at"), "at")
            let event: ScheduledEvent
            if (try? t.string("member")) == "new" {
                try t.allowOnly(["at", "member", "r", "mu", "K", "x0", "delta_row", "delta_column"])
                let earlier = n + entrants.count
                let entrant = Entrant(r: try t.required(t.double("r", constraint: .positive), "r"), mu: try t.double("mu", constraint: .nonNegative) ?? 0,
                                      K: try t.required(t.double("K", constraint: .positive), "K"),
                                      row: try t.vector("delta_row", count: earlier) ?? [Double](repeating: 0, count: earlier),
                                      column: try t.vector("delta_column", count: earlier) ?? [Double](repeating: 0, count: earlier))
                event = ScheduledEvent(at: at, member: earlier, .enter(try t.required(t.double("x0", constraint: .nonNegative), "x0")))
                entrants.append(entrant)
            } else {
                try t.allowOnly(["at", "member", "multiply", "add", "set", "exit"])
                let member = try t.required(t.int("member", minimum: 0), "member")
                let actions = ["multiply", "add", "set", "exit"].filter(t.contains)
                guard actions.count == 1 else {
                    throw t.error(actions.count > 1 ? actions[1] : "multiply", "give exactly one of multiply, add, set, exit = true (or member = \"new\" for an entry)")
                }
                let action: Action
                switch actions[0] {
                case "multiply": action = .multiply(try t.required(t.double("multiply", constraint: .nonNegative), "multiply"))
                case "add": action = .add(try t.required(t.double("add"), "add"))
                case "set": action = .set(try t.required(t.double("set", constraint: .nonNegative), "set"))
                default:
                    guard try t.bool("exit") == true else { throw t.error("exit", "write exit = true, or remove it") }
                    action = .exit
                }
                event = ScheduledEvent(at: at, member: member, action)
            }
            try t.keyed { () throws(ParameterError) in try event.check(dimension: total, tEnd: tEnd) }
            events.append(event)
        }
        return (events, entrants)
    }
}
