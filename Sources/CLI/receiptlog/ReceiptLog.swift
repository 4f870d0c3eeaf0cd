import ArgumentParser

/// The `receiptlog` command: one executable with a subcommand for every role.
@main
struct ReceiptLog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receiptlog",
        abstract: "A transparency log for AI inference receipts.",
        version: "0.1.0",
        subcommands: [
            Keys.self, Issue.self, ModelDigest.self, CommitmentCommands.self, Serve.self, Submit.self,
            CheckpointCommand.self, Prove.self, BundleCommand.self, Monitor.self, Audit.self, Verify.self, PolicyCommands.self, EvidenceCommands.self, Witness.self,
            Bench.self,
        ]
    )
}
