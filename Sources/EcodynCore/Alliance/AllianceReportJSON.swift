extension AllianceStudy.Report {
    /// The report as JSON, with the keys documented in docs/alliance.md:
    /// `decentralized`, `centralized`, `lambda_range`, `lambda_ranges`, `sharing`, `vertical`, `shapley`.
    public var json: JSONValue {
        let d = decentralized, c = centralized
        var pairs: [(String, JSONValue)] = [
            ("decentralized", .object([("p", .number(d.p)), ("w", .number(d.w)), ("s", .number(d.s)),
                                       ("demand", .number(d.demand)), ("platform_profit", .number(d.platformProfit)),
                                       ("manufacturer_profit", .number(d.manufacturerProfit)), ("total", .number(d.total))])),
            ("centralized", .object([("p", .number(c.p)), ("s", .number(c.s)), ("demand", .number(c.demand)),
                                     ("profit", .number(c.profit))])),
            ("lambda_range", lambdaRanges.first.map { .numbers([$0.lowerBound, $0.upperBound]) } ?? .null),
            ("lambda_ranges", .array(lambdaRanges.map { .numbers([$0.lowerBound, $0.upperBound]) })),
            ("sharing", .array(sharing.map { row in
                .object([("lambda", .number(row.lambda)), ("p", .number(row.p)), ("w", .number(row.w)), ("s", .number(row.s)),
                         ("demand", .number(row.demand)), ("platform_profit", .number(row.platformProfit)),
                         ("manufacturer_profit", .number(row.manufacturerProfit)), ("total", .number(row.total)),
                         ("feasible", .bool(lambdaRanges.contains { $0.contains(row.lambda) }))])
            })),
        ]
        if !vertical.isEmpty {
            pairs.append(("members", .array(members.map { .string($0) })))
            pairs.append(("vertical", .array(vertical.map { row in
                var fields: [(String, JSONValue)] = [("lambda", .number(row.lambda)), ("value", .number(row.value)),
                                                     ("shares", .numbers(row.shares)), ("raiffa", .numbers(row.raiffa))]
                if let improved = row.improved { fields.append(("improved", .numbers(improved))) }
                return .object(fields)
            })))
        }
        if let shapley { pairs.append(("shapley", .numbers(shapley))) }
        return .object(pairs)
    }
}
