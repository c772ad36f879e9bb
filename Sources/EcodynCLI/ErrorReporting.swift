import ArgumentParser
import Ecodyn
import Foundation

/// Runs `body`; an error becomes one line on standard error and an exit status (docs/cli.md):
/// a file that cannot be read or written, `ecodyn: error: 'PATH': what went wrong`, status 1;
/// an output path refused before any work, `ecodyn: error: --out: …`, status 2; a mistake in the
/// user's input (spec, parameters, results files), `ecodyn: error: FILE: key: message` (without
/// `FILE: ` when `file` is nil, for errors that name their files), status 2.
func reportingErrors<T>(in file: String?, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as FileError {
        fail(error.description, status: 1)
    } catch let error as OutputPathError {
        fail(error.description, status: 2)
    } catch {
        fail((file.map { "\($0): " } ?? "") + oneLine(error), status: 2)
    }
}

/// Whether this process prints its errors: the ranks of an MPI job other than 0 read the same
/// input and meet the same errors, so only rank 0 says them (all exit with the status).
nonisolated(unsafe) var printsErrors = true

/// Prints `ecodyn: error: message` on standard error and exits with `status`.
func fail(_ message: String, status: Int32) -> Never {
    guard printsErrors else { exit(status) }
    // One line whatever the message quotes (a path, a damaged file's bytes): control characters escaped.
    let line = message.unicodeScalars.map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
    FileHandle.standardError.write(Data("ecodyn: error: \(line)\n".utf8))
    exit(status)
}

/// An error's description: Foundation's errors in words (the path and the system's reason),
/// never a dump of their user info.
func oneLine(_ error: Error) -> String {
    let text: String
    if let cocoa = error as? CocoaError {
        let path = cocoa.filePath.map { "'\($0)': " } ?? ""
        let reason = (cocoa.underlying as? POSIXError).map { String(cString: strerror($0.code.rawValue)) }
        text = path + (reason ?? "the file operation failed (\(cocoa.code.rawValue))")
    } else {
        text = String(describing: error)
    }
    return text
}

/// The error for a model kind that a command does not handle in this version.
func unsupported(_ kind: ModelKind, by command: String, handled: [ModelKind]) -> SpecError {
    let list = handled.isEmpty ? "none yet" : handled.map { "\"\($0)\"" }.joined(separator: ", ")
    return SpecError(key: "model.kind", "'ecodyn \(command)' does not handle \"\(kind)\" in version \(EcodynVersion.version); it handles: \(list)")
}
