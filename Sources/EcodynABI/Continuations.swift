import CEcodyn
import EcodynCore
import Foundation

/// The settings of a continuation call: max_points 0 means the default.
private func settings(_ maxPoints: Int64) throws(ABIError) -> ContinuationSettings {
    guard maxPoints >= 0, maxPoints <= 1_000_000 else { throw .argument("max_points", "must be 0 (default 5000) to 1000000, got \(maxPoints)") }
    var s = ContinuationSettings()
    if maxPoints > 0 { s.maximumPoints = Int(maxPoints) }
    return s
}

/// The parameter's name and a finite target of a continuation call.
private func arguments(_ parameter: UnsafePointer<CChar>?, _ target: Double) throws(ABIError) -> String {
    guard target.isFinite else { throw .argument("target", "must be finite, got \(target)") }
    return try ABIInput.string(parameter, "parameter")
}

/// Hands a report to the caller as a malloc'ed C string.
private func give(_ report: ContinuationReport, to json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws(ABIError) {
    let out = try ABIInput.output(json, "json")
    out.pointee = strdup(report.json.serialized())
}

@c(ecodyn_community_continue)
public func communityContinue(_ community: OpaquePointer?, _ parameter: UnsafePointer<CChar>?, _ target: Double, _ present: UnsafePointer<Int32>?,
                              _ maxPoints: Int64, _ json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    abiCall {
        let c = try CommunityHandle.value(community, "community")
        let name = try arguments(parameter, target)
        let members = present.map { p in (0..<c.n).filter { p[$0] != 0 } }
        let path = try CommunityContinuation(community: c, parameter: name, settings: try settings(maxPoints)).follow(to: target, members: members)
        try give(ContinuationReport(parameter: name, branches: path.branches), to: json)
    }
}

@c(ecodyn_kinetics_continue)
public func kineticsContinue(_ kinetics: OpaquePointer?, _ parameter: UnsafePointer<CChar>?, _ target: Double, _ x0: UnsafePointer<Double>?,
                             _ maxPoints: Int64, _ json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    abiCall {
        let k = try KineticsHandle.value(kinetics, "kinetics")
        let name = try arguments(parameter, target)
        let continuation = Continuation(try EquilibriumFamily(kinetics: k, parameter: name), settings: try settings(maxPoints))
        let starts = try x0.map { [try ABIInput.values($0, 2, "x0")] } ?? k.steadyStates.map { [$0.u, $0.v] }
        try give(ContinuationReport(parameter: name, branches: try starts.map { try continuation.branch(from: $0, to: target) }), to: json)
    }
}

@c(ecodyn_string_free)
public func stringFree(_ text: UnsafeMutablePointer<CChar>?) { free(text) }
