import ArgumentParser

/// `receiptlog bundle`: receipt bundles. `bundle create` is the default subcommand, so
/// `receiptlog bundle --log URL --index N` writes one; `bundle refresh` refreshes one.
struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Write or refresh receipt bundles (specs/verify.md).",
        subcommands: [BundleCreate.self, BundleRefresh.self],
        defaultSubcommand: BundleCreate.self)
}
