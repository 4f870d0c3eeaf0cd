import ArgumentParser

/// `receiptlog keys`: create and inspect signed-note keys (c2sp.org/signed-note).
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Generate and show signed-note keys.",
        subcommands: [KeysGenerate.self, KeysShow.self]
    )
}
