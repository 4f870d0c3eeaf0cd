import ArgumentParser

/// `receiptlog evidence`: hardware evidence of confidential environments (specs/evidence.md).
struct EvidenceCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Appraise hardware evidence, and wrap it and its collateral as statements for the log.",
        subcommands: [EvidenceAppraise.self, EvidenceStatement.self]
    )
}
