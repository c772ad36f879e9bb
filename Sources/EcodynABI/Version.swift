import CEcodyn
import EcodynCore
import Foundation

/// The strings handed out by the version calls: made once (lazily, thread-safe), never changed or freed.
nonisolated(unsafe) private let versionString = strdup(EcodynVersion.version)!
nonisolated(unsafe) private let buildInfoString = strdup(JSONValue.object([
    ("version", .string(EcodynVersion.version)), ("abi", .integer(Int(ECODYN_ABI_VERSION))),
    ("openblas_core", .string(BLASThreads.coreName)), ("openblas_threads", .integer(BLASThreads.count)),
    ("openblas_config", .string(BLASThreads.configuration)), ("kernels", .string(EcodynVersion.kernelLevel)),
    ("threads", .integer(ParallelLoop.availableThreads)),
]).serialized())!
nonisolated(unsafe) private let classNames = EquilibriumClass.allCases.map { strdup($0.rawValue)! }

@c(ecodyn_abi_version)
public func abiVersion() -> Int32 { ECODYN_ABI_VERSION }

@c(ecodyn_version)
public func version() -> UnsafePointer<CChar> { UnsafePointer(versionString) }

@c(ecodyn_build_info)
public func buildInfo() -> UnsafePointer<CChar> { UnsafePointer(buildInfoString) }

@c(ecodyn_class_name)
public func className(_ classification: Int32) -> UnsafePointer<CChar>? {
    classNames.indices.contains(Int(classification)) ? UnsafePointer(classNames[Int(classification)]) : nil
}

extension EquilibriumClass {
    /// The C code of a class: its position in `allCases`, the order of ECODYN_STABLE_NODE … in ecodyn.h.
    var code: Int32 { Int32(Self.allCases.firstIndex(of: self)!) }
}

extension ecodyn_stability {
    /// The C form of a stability report.
    init(_ report: StabilityReport, feasible: Bool) {
        self.init(max_real: report.maxReal, resilience: report.resilience, reactivity: report.reactivity,
                  classification: report.classification.code, stable: report.classification.isStable ? 1 : 0,
                  feasible: feasible ? 1 : 0)
    }
}

/// Writes a report's eigenvalues (and the C summary) into caller storage; any pointer may be NULL.
func write(_ report: StabilityReport, feasible: Bool, real: UnsafeMutablePointer<Double>?, imaginary: UnsafeMutablePointer<Double>?,
           stability: UnsafeMutablePointer<ecodyn_stability>?) {
    for (k, lambda) in report.eigenvalues.enumerated() {
        real?[k] = lambda.real
        imaginary?[k] = lambda.imaginary
    }
    // A large sparse Jacobian's search found the rightmost few: NaN after them.
    for k in report.eigenvalues.count..<(report.search?.size ?? report.eigenvalues.count) {
        real?[k] = .nan
        imaginary?[k] = .nan
    }
    stability?.pointee = ecodyn_stability(report, feasible: feasible)
}
