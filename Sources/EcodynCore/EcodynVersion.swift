import CEcodynKernels

/// The version of the library and what it runs on.
public enum EcodynVersion {
    /// The semantic version of this build.
    public static let version = "0.1.0"

    /// The instruction-set level the C kernels dispatch to ("avx2+fma" or "scalar").
    public static var kernelLevel: String { String(cString: ek_isa_name(ek_active_isa())) }

    /// Several lines: the version, the OpenBLAS core and threads, the kernel level.
    public static var report: String {
        """
        ecodyn \(version)
        OpenBLAS: core \(BLASThreads.coreName), \(BLASThreads.count) threads (\(BLASThreads.configuration))
        kernels: \(kernelLevel) (detected: \(String(cString: ek_isa_name(ek_detected_isa()))))
        """
    }
}
