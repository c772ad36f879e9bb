import EcodynCore

/// Colour maps for pictures.
public enum ColorMap {
    /// Viridis (perceptually uniform, colour-blind safe), interpolated linearly between ten
    /// reference colours at 0, 1/9, …, 1: #440154 #482878 #3E4A89 #31688E #26828E #1F9E89 #35B779
    /// #6DCD59 #B4DE2C #FDE725.
    static let viridisStops: [PNGImage.Color] = [(0x44, 0x01, 0x54), (0x48, 0x28, 0x78), (0x3E, 0x4A, 0x89), (0x31, 0x68, 0x8E),
                                                 (0x26, 0x82, 0x8E), (0x1F, 0x9E, 0x89), (0x35, 0xB7, 0x79), (0x6D, 0xCD, 0x59),
                                                 (0xB4, 0xDE, 0x2C), (0xFD, 0xE7, 0x25)]

    /// The viridis colour of t in [0, 1] (clamped).
    public static func viridis(_ t: Double) -> PNGImage.Color {
        let x = min(max(t.isFinite ? t : 0, 0), 1) * 9
        let i = min(Int(x), 8), f = x - Double(i)
        let a = viridisStops[i], b = viridisStops[i + 1]
        func mix(_ p: UInt8, _ q: UInt8) -> UInt8 { UInt8((Double(p) + f * (Double(q) - Double(p))).rounded()) }
        return (mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b))
    }

    /// Distinct colours for categories (Okabe–Ito).
    public static let categorical: [PNGImage.Color] = [(0x00, 0x72, 0xB2), (0x56, 0xB4, 0xE9), (0xD5, 0x5E, 0x00), (0xE6, 0x9F, 0x00),
                                                       (0x00, 0x9E, 0x73), (0xCC, 0x79, 0xA7), (0xF0, 0xE4, 0x42), (0x00, 0x00, 0x00)]
}
