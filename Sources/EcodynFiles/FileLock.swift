import Foundation

/// An exclusive lock on a file (`flock`), held until this value is released: one writer at a
/// time, across processes. Readers that do not ask for the lock are not affected.
package final class FileLock {
    private let descriptor: Int32

    /// Locks `path` (created when missing), or throws `busy` when another holder has it.
    package init(_ path: String, busy: @autoclosure () -> Error) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw FileError.system(path, "cannot open for writing") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw busy()
        }
    }

    deinit { close(descriptor) }
}
