import Foundation

/// Writes one line to standard output at once (unbuffered), so piped progress and JSON lines
/// appear as they are made.
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
