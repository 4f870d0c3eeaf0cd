import ArgumentParser

/// `receiptlog policy`: trust policies for verifiers (specs/verify.md, "Trust policy").
struct PolicyCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Write trust policies for `receiptlog verify`.",
        subcommands: [PolicyInit.self]
    )
}
