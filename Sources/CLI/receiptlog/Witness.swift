import ArgumentParser

/// `receiptlog witness`: run a c2sp.org/tlog-witness witness.
struct Witness: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "Run a transparency log witness (c2sp.org/tlog-witness).",
        subcommands: [WitnessServe.self]
    )
}
