import Foundation

/// A file that could not be read or written: its path and what went wrong, in words
/// (`'out/u.npy': cannot write: No space left on device`). Commands report it as one line
/// with exit status 1.
public struct FileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    /// The error for the failed system call `action` ("cannot write") with the current errno.
    package static func system(_ path: String, _ action: String, errno code: Int32 = errno) -> FileError {
        FileError(path: path, "\(action): \(String(cString: strerror(code)))")
    }

    public var description: String { "'\(path)': \(message)" }
}
