import Foundation

/// The last line of defence: if ecodyn itself fails (a bug — every input error is reported as
/// such before), the process prints one line and exits with status 70 instead of dying by a
/// signal with a backtrace. The fuzzer (Tests/fuzz) counts status 70 as a failure.
enum CrashReport {
    nonisolated(unsafe) private static var alternateStack: UnsafeMutableRawPointer?

    static func install() {
        let size = 1 << 16
        alternateStack = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        var stack = stack_t(ss_sp: alternateStack, ss_flags: 0, ss_size: size)
        sigaltstack(&stack, nil)
        for signal in [SIGSEGV, SIGBUS, SIGILL, SIGABRT, SIGFPE, SIGTRAP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in
                let message: StaticString = "ecodyn: internal error: this is a bug in ecodyn, not in your input; please report the command and its files\n"
                message.withUTF8Buffer { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
                _exit(70)
            }
            action.sa_flags = Int32(SA_ONSTACK)
            sigaction(signal, &action, nil)
        }
    }
}
