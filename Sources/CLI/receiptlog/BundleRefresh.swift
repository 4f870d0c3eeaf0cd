import ArgumentParser
import LogClient
import Verification

/// `receiptlog bundle refresh --log URL --bundle FILE (--vkey VKEY | --unverified)`: replaces a
/// bundle's checkpoint with the log's newest published one and a fresh inclusion path
/// (specs/verify.md, "Refreshing a bundle").
struct BundleRefresh: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Replace a bundle's log-only or older checkpoint with the log's newest published one and a fresh path.",
        discussion: """
            The new checkpoint must be consistent with the bundle's: the consistency proof is built \
            here from the log's tiles, authenticated against the new checkpoint, never taken from \
            the log. The new inclusion path must verify. It never overwrites a file.
            """)

    @Option(help: "The log's base URL.")
    var log: String

    @Option(help: "The receipt bundle to refresh.")
    var bundle: String

    @OptionGroup var logKey: LogKeyOptions

    @Option(help: "Write the refreshed bundle to this new file instead of standard output.")
    var out: String?

    func run() async throws {
        let key = try logKey.key()
        let client = try LogURL.client(log)
        let old: ReceiptBundle
        do {
            old = try ReceiptBundle(parsing: try InputFile.read(bundle, limit: ReceiptBundle.maxCount, what: "bundle"))
        } catch let error as VerificationError {
            throw CommandFailure("the bundle \(bundle) does not parse: \(error.message)")
        }
        let fetcher = BundleFetcher(client: client, key: key)
        let refreshed = try await LogURL.run { try await fetcher.refresh(old) }
        try BundleOutput.write(refreshed, to: out)
        logKey.warnIfUnverified()
    }
}
