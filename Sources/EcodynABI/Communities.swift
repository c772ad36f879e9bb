import CEcodyn
import EcodynCore
import EcodynSpec

/// A community behind `ecodyn_community *`.
typealias CommunityHandle = Handle<Community>

/// r, mu and K of an n-member community from C arrays.
private func rates(_ n: Int, _ r: UnsafePointer<Double>?, _ mu: UnsafePointer<Double>?, _ K: UnsafePointer<Double>?) throws(ABIError) -> (r: [Double], mu: [Double], K: [Double]) {
    (try ABIInput.values(r, n, "r"), try ABIInput.values(mu, n, "mu"), try ABIInput.values(K, n, "K"))
}

@c(ecodyn_community_new)
public func communityNew(_ n: Int, _ r: UnsafePointer<Double>?, _ mu: UnsafePointer<Double>?, _ K: UnsafePointer<Double>?,
                         _ delta: UnsafePointer<Double>?, _ layout: Int32, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    abiCall {
        let out = try ABIInput.output(out, "out")
        let n = try ABIInput.count(n, "n", minimum: 1)
        let (r, mu, K) = try rates(n, r, mu, K)
        let d = try ABIInput.matrix(delta, rows: n, columns: n, layout: layout, "delta")
        CommunityHandle.give(try Community(r: r, mu: mu, K: K, delta: d), to: out)
    }
}

@c(ecodyn_community_from_relations)
public func communityFromRelations(_ n: Int, _ r: UnsafePointer<Double>?, _ mu: UnsafePointer<Double>?, _ K: UnsafePointer<Double>?,
                                   _ count: Int, _ i: UnsafePointer<Int64>?, _ j: UnsafePointer<Int64>?, _ type: UnsafePointer<Int32>?,
                                   _ onI: UnsafePointer<Double>?, _ onJ: UnsafePointer<Double>?,
                                   _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    abiCall {
        let out = try ABIInput.output(out, "out")
        let n = try ABIInput.count(n, "n", minimum: 1)
        let (r, mu, K) = try rates(n, r, mu, K)
        let count = try ABIInput.count(count, "count")
        let (strengthOnI, strengthOnJ) = (try ABIInput.values(onI, count, "strength_on_i"), try ABIInput.values(onJ, count, "strength_on_j"))
        var relations = [Relation]()
        if count > 0 {
            guard let i, let j, let type else { throw ABIError.argument(i == nil ? "i" : (j == nil ? "j" : "type"), "is NULL; pass \(count) values") }
            for k in 0..<count {
                guard let kind = interactionType(type[k]) else { throw ABIError.argument("type[\(k)]", "must be ECODYN_COMPETITION (0) … ECODYN_NEUTRAL (5), got \(type[k])") }
                guard (0..<Int64(n)).contains(i[k]), (0..<Int64(n)).contains(j[k]) else {
                    throw ABIError.argument("i[\(k)], j[\(k)]", "members must lie in 0..<\(n), got \(i[k]) and \(j[k])")
                }
                relations.append(Relation(Int(i[k]), Int(j[k]), kind, strengthOnI: strengthOnI[k], strengthOnJ: strengthOnJ[k]))
            }
        }
        CommunityHandle.give(try Community(r: r, mu: mu, K: K, relations: relations), to: out)
    }
}

/// The interaction type of a C code (ECODYN_COMPETITION … ECODYN_NEUTRAL: `allCases` order).
private func interactionType(_ code: Int32) -> InteractionType? {
    InteractionType.allCases.indices.contains(Int(code)) ? InteractionType.allCases[Int(code)] : nil
}

@c(ecodyn_community_random)
public func communityRandom(_ n: Int, _ r: UnsafePointer<Double>?, _ mu: UnsafePointer<Double>?, _ K: UnsafePointer<Double>?,
                            _ connectance: Double, _ sigma: Double, _ mix: UnsafePointer<Double>?, _ seed: UInt64,
                            _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    abiCall {
        let out = try ABIInput.output(out, "out")
        let n = try ABIInput.count(n, "n", minimum: 1)
        _ = try ABIInput.product([n, n, 8], "n")
        let (r, mu, K) = try rates(n, r, mu, K)
        var weights: [InteractionType: Double] = [.competition: 1]
        if mix != nil {
            let w = try ABIInput.values(mix, InteractionType.allCases.count, "mix")
            weights = Dictionary(uniqueKeysWithValues: zip(InteractionType.allCases, w).filter { $0.1 != 0 })
        }
        let recipe = try RandomCommunityRecipe(connectance: connectance, sigma: sigma, mix: weights, seed: seed)
        let design = CommunityDesign(r: r, mu: mu, K: K, interactions: .random(recipe))
        CommunityHandle.give(try design.community(), to: out)
    }
}

@c(ecodyn_community_sparse)
public func communitySparse(_ n: Int, _ r: UnsafePointer<Double>?, _ mu: UnsafePointer<Double>?, _ K: UnsafePointer<Double>?,
                            _ count: Int, _ rows: UnsafePointer<Int64>?, _ columns: UnsafePointer<Int64>?, _ values: UnsafePointer<Double>?,
                            _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    abiCall {
        let out = try ABIInput.output(out, "out")
        let n = try ABIInput.count(n, "n", minimum: 1)
        let (r, mu, K) = try rates(n, r, mu, K)
        let count = try ABIInput.count(count, "count")
        let v = try ABIInput.values(values, count, "values")
        guard count == 0 || (rows != nil && columns != nil) else { throw ABIError.argument(rows == nil ? "rows" : "cols", "is NULL; pass \(count) indices") }
        let i = (0..<count).map { Int(rows![$0]) }, j = (0..<count).map { Int(columns![$0]) }
        let delta: SparseMatrix
        do { delta = try SparseMatrix(rows: n, columns: n, rowIndices: i, columnIndices: j, values: v) } catch {
            throw ABIError.argument("rows, cols", "\(error)")
        }
        CommunityHandle.give(try Community(r: r, mu: mu, K: K, interactions: .sparse(delta)), to: out)
    }
}

@c(ecodyn_community_free)
public func communityFree(_ community: OpaquePointer?) { CommunityHandle.release(community) }

@c(ecodyn_community_size)
public func communitySize(_ community: OpaquePointer?) -> Int { CommunityHandle.object(community)?.value.n ?? 0 }

@c(ecodyn_community_stored)
public func communityStored(_ community: OpaquePointer?) -> Int {
    guard let c = CommunityHandle.object(community)?.value else { return 0 }
    if case .sparse(let s) = c.interactions { return s.nonzeroCount }
    return c.n * c.n
}

@c(ecodyn_community_delta)
public func communityDelta(_ community: OpaquePointer?, _ layout: Int32, _ delta: UnsafeMutablePointer<Double>?) -> Int32 {
    abiCall {
        let c = try CommunityHandle.value(community, "community")
        let out = try ABIInput.output(delta, "delta")
        guard layout == ECODYN_ROW_MAJOR || layout == ECODYN_COLUMN_MAJOR else { throw ABIError.argument("layout", "must be ECODYN_ROW_MAJOR (0) or ECODYN_COLUMN_MAJOR (1), got \(layout)") }
        if c.interactions.isSparse, (CheckedCount.product(c.n, c.n, 8) ?? .max) > MemoryBudget.available {
            throw ABIError.argument("community", "its sparse δ as a dense \(c.n)×\(c.n) matrix would not fit in memory")
        }
        write(c.delta, layout: layout, into: out)
    }
}

@c(ecodyn_community_with)
public func communityWith(_ community: OpaquePointer?, _ parameter: UnsafePointer<CChar>?, _ value: Double,
                          _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    abiCall {
        let c = try CommunityHandle.value(community, "community")
        let out = try ABIInput.output(out, "out")
        CommunityHandle.give(try c.with(try ABIInput.string(parameter, "parameter"), value), to: out)
    }
}

@c(ecodyn_community_analyze)
public func communityAnalyze(_ community: OpaquePointer?, _ equilibrium: UnsafeMutablePointer<Double>?, _ real: UnsafeMutablePointer<Double>?,
                             _ imaginary: UnsafeMutablePointer<Double>?, _ stability: UnsafeMutablePointer<ecodyn_stability>?) -> Int32 {
    abiCall {
        let c = try CommunityHandle.value(community, "community")
        let analysis = try CommunityAnalysis(c)
        if let equilibrium { write(analysis.equilibrium.state, into: equilibrium) }
        write(analysis.stability, feasible: analysis.equilibrium.feasible, real: real, imaginary: imaginary, stability: stability)
    }
}

@c(ecodyn_community_stability_at)
public func communityStabilityAt(_ community: OpaquePointer?, _ x: UnsafePointer<Double>?, _ jacobian: UnsafeMutablePointer<Double>?,
                                 _ real: UnsafeMutablePointer<Double>?, _ imaginary: UnsafeMutablePointer<Double>?,
                                 _ stability: UnsafeMutablePointer<ecodyn_stability>?) -> Int32 {
    abiCall {
        let c = try CommunityHandle.value(community, "community")
        let state = try ABIInput.values(x, c.n, "x")
        if let jacobian { write(try c.jacobian(at: state), layout: ECODYN_ROW_MAJOR, into: jacobian) }
        let report = try c.stability(at: state)
        write(report, feasible: state.allSatisfy { $0 > 0 }, real: real, imaginary: imaginary, stability: stability)
    }
}
