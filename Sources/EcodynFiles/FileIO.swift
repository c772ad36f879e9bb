import Foundation

/// Reading and writing whole files with errors in words (``FileError``), never a half-written file.
public enum FileIO {
    /// The bytes of the regular file at `path`.
    public static func read(_ path: String) throws(FileError) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system(path, "cannot read") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .system(path, "cannot read") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw FileError(path: path, "is not a regular file") }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .system(path, "cannot read")
            }
            if got == 0 { return data }
            data.append(contentsOf: chunk[0..<got])
        }
    }

    /// Writes `data` to `path` whole or not at all: into a temporary file beside it, flushed to
    /// disk, then renamed over `path`. An error (a full disk, a folder that cannot be written)
    /// or an interrupt leaves `path` as it was and no temporary file.
    public static func write(_ data: Data, to path: String) throws(FileError) {
        let temporary = temporaryPath(beside: path)
        let token = Interruption.register(temporary)
        defer { Interruption.done(token) }
        do throws(FileError) {
            try writeNew(data, to: temporary)
            guard rename(temporary, path) == 0 else { throw FileError.system(path, "cannot write") }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// The hidden name under which an output is made before it replaces `path`:
    /// `.NAME.partial-PID` in the same folder (so that the final rename stays on one file system).
    package static func temporaryPath(beside path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
    }

    /// Writes `data` into a new file at `path` (replacing a file of that name) and flushes it.
    static func writeNew(_ data: Data, to path: String) throws(FileError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw .system(path, "cannot write") }
        defer { close(fd) }
        var failure: Int32 = 0
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let wrote = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if wrote < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += wrote
            }
        }
        if failure != 0 { throw .system(path, "cannot write", errno: failure) }
        guard fsync(fd) == 0 else { throw .system(path, "cannot write") }
    }

    /// Writes `text` as UTF-8 (see ``write(_:to:)``).
    public static func write(_ text: String, to path: String) throws(FileError) { try write(Data(text.utf8), to: path) }
}
