import ArgumentParser

/// `receiptlog bench`: measurement tools for a log server (bench/README.md, "Log server").
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure a log: a registration load generator and a bulk filler for read benchmarks.",
        subcommands: [BenchLoad.self, BenchFill.self])
}
