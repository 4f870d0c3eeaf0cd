import ArgumentParser

/// `receiptlog commitment`: work with the salted commitments of inference receipts.
struct CommitmentCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commitment",
        abstract: "Open the salted commitments of an inference receipt.",
        subcommands: [CommitmentOpen.self]
    )
}
