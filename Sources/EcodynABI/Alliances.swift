import CEcodyn
import EcodynCore

@c(ecodyn_alliance)
public func alliance(_ K: Double, _ gamma: Double, _ c: Double, _ beta: Double, _ b1: Double, _ b2: Double,
                     _ lambdas: UnsafePointer<Double>?, _ count: Int, _ decentralized: UnsafeMutablePointer<ecodyn_stackelberg>?,
                     _ centralized: UnsafeMutablePointer<ecodyn_centralized>?, _ sharing: UnsafeMutablePointer<ecodyn_sharing>?,
                     _ ranges: UnsafeMutablePointer<Double>?, _ rangeCapacity: Int, _ rangeCount: UnsafeMutablePointer<Int>?) -> Int32 {
    abiCall {
        let market = try AllianceMarket(K: K, gamma: gamma, c: c, beta: beta, b1: b1, b2: b2)
        let lambdas = try ABIInput.values(lambdas, try ABIInput.count(count, "n_lambdas"), "lambdas")
        let capacity = try ABIInput.count(rangeCapacity, "range_capacity")
        if !lambdas.isEmpty, sharing == nil { throw ABIError.argument("sharing", "is NULL; pass room for \(lambdas.count) outcomes") }
        if capacity > 0, ranges == nil { throw ABIError.argument("ranges", "is NULL; pass room for \(capacity) (lo, hi) pairs") }
        let report = try AllianceStudy(market: market, lambdas: lambdas).run()
        let d = report.decentralized, z = report.centralized
        decentralized?.pointee = ecodyn_stackelberg(p: d.p, w: d.w, s: d.s, demand: d.demand, platform_profit: d.platformProfit,
                                                    manufacturer_profit: d.manufacturerProfit)
        centralized?.pointee = ecodyn_centralized(p: z.p, s: z.s, demand: z.demand, profit: z.profit)
        for (k, o) in report.sharing.enumerated() {
            sharing?[k] = ecodyn_sharing(lambda: o.lambda, p: o.p, w: o.w, s: o.s, demand: o.demand, platform_profit: o.platformProfit,
                                         manufacturer_profit: o.manufacturerProfit)
        }
        for (k, range) in report.lambdaRanges.prefix(capacity).enumerated() {
            ranges?[2 * k] = range.lowerBound
            ranges?[2 * k + 1] = range.upperBound
        }
        rangeCount?.pointee = report.lambdaRanges.count
    }
}
