import Dispatch
import Foundation

/// What an interrupted command leaves: nothing half-written. Files and folders being made
/// (staging folders, temporary files beside an output) are registered here while they exist;
/// on SIGINT, SIGTERM or SIGHUP they are removed and the process exits with 128 + the signal
/// number. Finished work (committed sweep points, outputs already renamed into place) stays.
public enum Interruption {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var pending = [Int: String]()
    nonisolated(unsafe) private static var nextToken = 0
    nonisolated(unsafe) private static var sources = [DispatchSourceSignal]()

    /// Installs the handlers (once, at start-up of a command-line tool).
    public static func install() {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler { removePendingAndExit(signal) }
            source.resume()
            sources.append(source)
        }
    }

    /// Registers `path` for removal if the process is interrupted; returns a token for `done`.
    package static func register(_ path: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        nextToken += 1
        pending[nextToken] = path
        return nextToken
    }

    /// `path` of `token` is finished (renamed into place or removed): no longer removed on interrupt.
    package static func done(_ token: Int) {
        lock.lock()
        pending[token] = nil
        lock.unlock()
    }

    private static func removePendingAndExit(_ signal: Int32) -> Never {
        lock.lock()
        for path in pending.values { try? FileManager.default.removeItem(atPath: path) }
        FileHandle.standardError.write(Data("ecodyn: interrupted; finished work is kept, partial files were removed\n".utf8))
        exit(128 + signal)
    }
}
