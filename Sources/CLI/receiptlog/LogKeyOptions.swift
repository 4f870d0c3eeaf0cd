import ArgumentParser
import Foundation
import Notes

/// `--vkey VKEY` or `--unverified`, for the commands that write what a log serves (`prove`,
/// `bundle`, `bundle refresh`; specs/verify.md): the checkpoint's signature is checked with the
/// log's key, or the caller says explicitly that it is not, and is told so again on standard
/// error. Neither is a one-line failure: a command never reports success for a check that did
/// not run.
struct LogKeyOptions: ParsableArguments {
    @Option(help: "The log's verifier key (its name is the log's origin): the checkpoint's signature, and a COSE receipt, are verified.")
    var vkey: String?

    @Flag(help: "Instead of --vkey: write the output without checking the checkpoint's signature (says NOT VERIFIED on standard error).")
    var unverified = false

    /// The line written to standard error after an `--unverified` run.
    static let warning = "NOT VERIFIED: the checkpoint's signature was not checked (pass --vkey)"

    /// The log's key, or nil with `--unverified`. Throws a one-line failure without either or
    /// with both.
    func key() throws(CommandFailure) -> VerifierKey? {
        switch (vkey, unverified) {
        case (let text?, false):
            return try VerifierKeyOption.parse(text)
        case (nil, true):
            return nil
        case (nil, false):
            throw CommandFailure(
                "nothing would authenticate the log's checkpoint: pass --vkey with the log's verifier key (or --unverified to write the output without checking it)")
        case (.some, true):
            throw CommandFailure("give --vkey or --unverified, not both")
        }
    }

    /// With `--unverified`, writes ``warning`` to standard error.
    func warnIfUnverified() {
        guard unverified else { return }
        FileHandle.standardError.write(Data((Self.warning + "\n").utf8))
    }
}
