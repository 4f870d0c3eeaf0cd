import ArgumentParser
import Foundation
import LogClient
import Notes

/// `--vkey VKEY` or `--unverified`, for the commands that write what a log serves (`prove`,
/// `bundle`, `bundle refresh`; specs/verify.md): the checkpoint's signature is checked with the
/// log's key, or the caller says explicitly that it is not, and is told so again on standard
/// error. Neither is a one-line failure: a command never reports success for a check that did
/// not run.
struct LogKeyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The log's verifier key (its name is the log's origin), or a file that holds it, such as the log's DIR/log.vkey: the checkpoint's signature, and a COSE receipt, are verified.", valueName: "VKEY|FILE"))
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
            return try VerifierKeyArgument.parse(text)
        case (nil, true):
            return nil
        case (nil, false):
            throw CommandFailure(
                "nothing would authenticate the log's checkpoint: pass --vkey with the log's verifier key or its DIR/log.vkey (or --unverified to write the output without checking it)")
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

/// A `--vkey` value (specs/verify.md, "Commands"): the key's text, or the path of a file whose
/// first non-empty line is the key (the log writes its key to DIR/log.vkey).
enum VerifierKeyArgument {
    /// The largest key file read.
    static let maxFileCount = 1 << 16

    /// The key `value` names. An existing file is read (its first non-empty line, without the
    /// spaces around it, is the key); anything else is parsed as the key itself. Throws a one-line
    /// failure that says which of the two was tried.
    static func parse(_ value: String, option: String = "--vkey") throws(CommandFailure) -> VerifierKey {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory) else {
            do {
                return try VerifierKey(parsing: value)
            } catch {
                throw CommandFailure(
                    "\(option) \(value.prefix(128)) is neither a verifier key (\(error.message)) nor a file; give the log's key or its DIR/log.vkey")
            }
        }
        guard !isDirectory.boolValue else {
            throw CommandFailure("\(option) \(value) is a directory; give the log's key or the file DIR/log.vkey in it")
        }
        let bytes = try InputFile.read(value, limit: maxFileCount, what: "the verifier key file \(value)")
        let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
        guard let line else {
            throw CommandFailure("\(option) \(value) is an empty file; it should hold the log's verifier key, as DIR/log.vkey does")
        }
        do {
            return try VerifierKey(parsing: line)
        } catch {
            throw CommandFailure("\(option) \(value): its first line is not a verifier key: \(error.message)")
        }
    }
}

/// Both sides of a checkpoint that a `--vkey` does not verify: what the log signs as and what the
/// key given is.
enum LogKeyMismatch {
    /// `name+keyID`, as in a verifier key's text form (c2sp.org/signed-note).
    static func reference(name: some StringProtocol, keyID: UInt32) -> String {
        "\(name.prefix(128))+\(String(format: "%08x", keyID))"
    }

    /// Why `key` does not verify `note` as the checkpoint of the log at `log`, naming both sides,
    /// or nil when the key did sign it for its origin (the failure lies elsewhere).
    ///
    /// - no line is the key's: "the log at URL signs as A+id, not B+id (the --vkey given)"; the
    ///   log's lines are those named after the checkpoint's origin, else every line;
    /// - the key's line is there, but the origin is another: "the log at URL serves checkpoints
    ///   of origin X, not Y (the --vkey's name)".
    static func describe(note: Note, key: VerifierKey, log: String) -> String? {
        let given = reference(name: key.name, keyID: key.keyID)
        let origin = try? Checkpoint(text: note.text).origin
        guard note.signatures.contains(where: { $0.name == key.name && $0.keyID == key.keyID }) else {
            let own = note.signatures.filter { $0.name == origin }
            let lines = (own.isEmpty ? note.signatures : own).map { reference(name: $0.name, keyID: $0.keyID) }
            let signers = lines.isEmpty ? "no key" : lines.prefix(8).joined(separator: ", ")
            return "the log at \(log) signs as \(signers), not \(given) (the --vkey given)"
        }
        if let origin, origin != key.name {
            return "the log at \(log) serves checkpoints of origin \"\(origin.prefix(128))\", not \"\(key.name)\" (the --vkey's name)"
        }
        return nil
    }

    /// Runs `body`; when it fails because a checkpoint does not verify under `key`, fetches the
    /// log's checkpoint and, if `key` is not what the log signs with, fails with
    /// ``describe(note:key:log:)``. Other client errors become one-line failures as they are.
    static func run<T>(log: String, client: LogClient, key: VerifierKey?, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as LogClientError {
            throw await failure(error, log: log, client: client, key: key)
        }
    }

    /// The one-line failure for `error`: for a checkpoint that does not verify under `key`, when
    /// the log's checkpoint shows that `key` is not what it signs with,
    /// ``describe(note:key:log:)``; otherwise the error's message.
    static func failure(_ error: LogClientError, log: String, client: LogClient, key: VerifierKey?) async -> CommandFailure {
        if let key, error.code == .verificationFailed, let bytes = try? await client.checkpoint(),
            let note = try? Note(parsing: bytes), let mismatch = describe(note: note, key: key, log: log)
        {
            return CommandFailure(mismatch)
        }
        return CommandFailure(error.message)
    }
}
