// What the evidence-bench files share: milliseconds for printing and the error that stops a run.
import Foundation

/// Seconds as milliseconds with three decimals.
func ms(_ seconds: Double) -> String { String(format: "%.3f ms", seconds * 1000) }

/// An error that stops the benchmark: its inputs are not what the figures assume.
struct EvidenceBenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
