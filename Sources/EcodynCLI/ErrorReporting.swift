import ArgumentParser
import Ecodyn
import Foundation

/// Runs `body`; an error in the user's input (spec, parameters) becomes one line on standard
/// error, `ecodyn: error: FILE: key: message`, and exit status 2.
func reportingErrors<T>(in file: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("ecodyn: error: \(file): \(error)\n".utf8))
        throw ExitCode(2)
    }
}

/// The error for a model kind that a command does not handle in this version.
func unsupported(_ kind: ModelKind, by command: String, handled: [ModelKind]) -> SpecError {
    let list = handled.isEmpty ? "none yet" : handled.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
    return SpecError(key: "model.kind", "'ecodyn \(command)' does not handle \"\(kind.rawValue)\" in version \(EcodynVersion.version); it handles: \(list)")
}
