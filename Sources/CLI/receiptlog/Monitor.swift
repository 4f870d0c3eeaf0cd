import ArgumentParser
import Foundation
import LogClient
import Notes

/// `receiptlog monitor --log URL --vkey VKEY [--witness URL…]`: follows a log and detects split
/// views (specs/monitor.md).
struct Monitor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow a log: verify each checkpoint, check consistency with the last trusted one, compare with witnesses' views.",
        usage: "receiptlog monitor --log <log> --vkey <vkey> [<options>]",
        discussion: """
            The last trusted checkpoint is kept in --state and only ever replaced by a consistent, \
            larger one. On any inconsistency it writes a self-contained evidence file (the two \
            signed checkpoints and the proof that fails) and exits with status 3.
            """)

    @Option(help: "The log's base URL. Required.")
    var log: String?

    @OptionGroup var connection: ClientOptions

    @Option(help: "The log's verifier key (its name is the log's origin), or a file that holds it (the log's DIR/log.vkey). Required.")
    var vkey: String?

    @Option(help: "A witness's base URL whose view (GET /checkpoint/<origin hash>) is compared; repeatable.")
    var witness: [String] = []

    @Option(help: "The state file holding the last trusted checkpoint (default: monitor-<origin hash prefix>.checkpoint).")
    var state: String?

    @Option(help: "Where to write evidence (default: evidence-<unix time>.txt).")
    var evidence: String?

    @Option(help: "Seconds between checks.")
    var interval: Int = 10

    @Flag(help: "Check once and exit (0 when consistent).")
    var once = false

    /// The exit status for a detected inconsistency.
    static let inconsistent: Int32 = 3

    func validate() throws {
        try RequiredOptions.check(["--log": log != nil, "--vkey": vkey != nil])
    }

    func run() async throws {
        guard let log, let vkey else { throw CommandFailure("--log and --vkey are required") }
        let key = try VerifierKeyArgument.parse(vkey)
        let client = try connection.client(log)
        let witnesses = try witness.map { url throws(CommandFailure) in try connection.client(url, server: "witness") }
        let store = MonitorStateFile(path: state ?? SplitViewMonitor.defaultStatePath(origin: key.name))
        let monitor = SplitViewMonitor(log: client, key: key, witnesses: witnesses, store: store)
        while true {
            do {
                try report(try await monitor.check(), origin: key.name)
            } catch let error as LogClientError where error.code == .unusableState {
                // A state the monitor cannot use is not a passing fault: no check can run.
                throw CommandFailure(error.message)
            } catch let error as LogClientError {
                let failure = await LogKeyMismatch.failure(error, log: log, client: client, key: key)
                if once { throw failure }
                print("monitor: \(failure.description)")
            }
            if once { return }
            try await Task.sleep(for: .seconds(interval))
        }
    }

    /// Prints what one check found; on an inconsistency writes the evidence file and exits
    /// with ``inconsistent``.
    private func report(_ outcome: SplitViewMonitor.Outcome, origin: String) throws {
        switch outcome {
        case .consistent(let trusted, let advanced), .witnessDisagreement(_, _, let trusted, let advanced):
            if advanced { print("trusted \(origin) at size \(trusted.treeSize)") }
        case .splitView:
            break
        }
        guard let found = outcome.evidence else { return }
        let path = evidence ?? "evidence-\(Int(Date().timeIntervalSince1970)).txt"
        try InputFile.create(path, bytes: Array(found.text.utf8), mode: 0o644, what: "evidence file")
        print("INCONSISTENT: \(found.reason); evidence written to \(path)")
        throw ExitCode(Self.inconsistent)
    }
}
