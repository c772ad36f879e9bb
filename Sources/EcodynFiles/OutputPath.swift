import Foundation

/// An output path that a command refuses before doing any work, naming the option and the fix.
public struct OutputPathError: Error, Equatable, Sendable, CustomStringConvertible {
    public var option: String
    public var message: String

    public init(option: String, _ message: String) {
        self.option = option
        self.message = message
    }

    public var description: String { "\(option): \(message)" }
}

/// The rules every command's outputs follow, checked before any work starts:
/// - the path is not empty;
/// - it is not a symbolic link (dangling or not): ecodyn never writes through a link, so give
///   the path the link points to;
/// - a file output is not an existing folder, and its folder exists; a folder output is not an
///   existing file (missing folders on the way are made).
public enum OutputPath {
    enum Existing { case none, file, folder, link, other }

    static func existing(_ path: String) -> Existing {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .none }
        switch info.st_mode & S_IFMT {
        case S_IFLNK: return .link
        case S_IFDIR: return .folder
        case S_IFREG: return .file
        default: return .other
        }
    }

    /// Checks `path`, given with `option` (e.g. `--out`), as a file to write; with
    /// `creatingFolder`, its folder is made when missing (for `slurm`, whose scripts go there).
    public static func checkFile(_ path: String, option: String, example: String, creatingFolder: Bool = false) throws(OutputPathError) {
        try checkCommon(path, option: option, example: example)
        switch existing(path) {
        case .folder: throw OutputPathError(option: option, "'\(path)' is a folder; name a file inside it, e.g. \(path.hasSuffix("/") ? path : path + "/")\(example)")
        case .other: throw OutputPathError(option: option, "'\(path)' is not a regular file; name a file, e.g. \(example)")
        default: break
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if creatingFolder, existing(folder) == .none { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw OutputPathError(option: option, "the folder '\(folder)' of '\(path)' does not exist; create it first (mkdir -p)")
        }
    }

    /// Checks `path`, given with `option`, as a folder to write results into.
    public static func checkFolder(_ path: String, option: String, example: String) throws(OutputPathError) {
        try checkCommon(path, option: option, example: example)
        if existing(path) == .file || existing(path) == .other {
            throw OutputPathError(option: option, "'\(path)' is a file; name a folder for the results, e.g. \(example)")
        }
    }

    private static func checkCommon(_ path: String, option: String, example: String) throws(OutputPathError) {
        guard !path.isEmpty else { throw OutputPathError(option: option, "the path is empty; name one, e.g. \(option) \(example)") }
        guard !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw OutputPathError(option: option, "the path contains a control character (newline, tab, …); rename it")
        }
        if existing(path) == .link {
            throw OutputPathError(option: option, "'\(path)' is a symbolic link; ecodyn does not write through links: give the path it points to, or remove the link")
        }
    }
}
