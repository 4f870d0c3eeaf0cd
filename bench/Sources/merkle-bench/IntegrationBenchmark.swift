// (b) Integrating 1,000,000 leaves: leaf hashes plus every interior hash, with the tile-level
// hashes kept, on one thread.
import BenchSupport
import Merkle

enum IntegrationBenchmark {
    /// The golden tree's root over 1,000,000 leaves (Go's x/mod tlog agrees).
    static let goldenRoot = "443ec4601291bb7794ca48047a527211722eb4bef6f53d26879123ca03241399"

    /// The golden entries: entry i is the 8-byte big-endian i repeated 8 times.
    static func goldenEntries(_ n: Int) -> [[UInt8]] {
        (0..<n).map { i in
            [UInt8](unsafeUninitializedCapacity: 64) { buffer, count in
                for j in 0..<8 { UnsafeMutableRawPointer(buffer.baseAddress! + 8 * j).storeBytes(of: UInt64(i).bigEndian, as: UInt64.self) }
                count = 64
            }
        }
    }

    struct Result {
        let oneBatch: Rate
        let batchesOf1000: Rate
        let root: Hash
        let storedHashes: Int
    }

    /// Integrates `entries` into an empty tree in one call, and again in batches of 1,000 (a
    /// sequencer's round); returns both rates in leaves per second.
    static func run(entries: [[UInt8]], runs: Int) -> Result {
        var last: Integration?
        let oneBatch = measure(units: entries.count, runs: runs) {
            last = Integration(appendingEntries: entries, to: .empty)
        }
        let batches = stride(from: 0, to: entries.count, by: 1000).map {
            Array(entries[$0..<min($0 + 1000, entries.count)])
        }
        var range = CompactRange.empty
        var kept = 0
        let batched = measure(units: entries.count, runs: runs) {
            range = .empty
            kept = 0
            for batch in batches {
                let step = Integration(appendingEntries: batch, to: range)
                range = step.range
                for level in step.storedLevels { kept += level.hashes.count }
            }
        }
        precondition(range.rootHash == last!.rootHash, "batched and single integration disagree")
        let stored = last!.storedLevels.reduce(0) { $0 + $1.hashes.count }
        precondition(stored == kept, "batched and single integration store different hashes")
        return Result(oneBatch: oneBatch, batchesOf1000: batched, root: last!.rootHash, storedHashes: stored)
    }
}
