// The log the witness benchmark feeds: a tree of 10^6 golden entries built in memory, and signed
// add-checkpoint bodies for a growing sequence of its sizes.
import CryptoPrimitives
import Merkle
import Notes
import WitnessEngine

/// A log of `size` entries (entry i = 8-byte big-endian i repeated 8 times, the golden tree of
/// SWIFT-NOTES.md) with every stored hash laid out by stored-hash index.
struct BenchLog {
    let origin: String
    let key: SignerKey
    let stored: [Hash]
    let size: UInt64

    /// The RFC 6962 root of the golden 10^6-entry tree.
    static let goldenRoot = "443ec4601291bb7794ca48047a527211722eb4bef6f53d26879123ca03241399"

    /// A log named `origin` with its own key (from `seed`) over the shared `tree`.
    init(origin: String, seed: UInt8, tree: (stored: [Hash], size: UInt64)) throws {
        self.origin = origin
        self.size = tree.size
        self.stored = tree.stored
        key = try SignerKey(
            name: origin, type: .ed25519, privateKey: Ed25519PrivateKey(seed: [UInt8](repeating: seed, count: 32)))
    }

    /// Builds the golden tree of `size` entries laid out by stored-hash index (every level).
    static func buildTree(size: Int) throws -> (stored: [Hash], size: UInt64) {
        var stored = [Hash](repeating: .zero, count: Int(storedHashIndex(level: 0, index: UInt64(size - 1))) + 64)
        var range = CompactRange.empty
        let batch = 65_536
        var next = 0
        while next < size {
            let count = min(batch, size - next)
            let entries = (next..<(next + count)).map { i -> [UInt8] in
                let be = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(i) >> (56 - 8 * UInt64($0))) }
                return Array([[UInt8]](repeating: be, count: 8).joined())
            }
            let step = Integration(appendingEntries: entries, to: range, storingEvery: 1)
            for level in step.storedLevels {
                for (i, hash) in level.hashes.enumerated() {
                    let index = Int(storedHashIndex(level: level.level, index: level.startIndex + UInt64(i)))
                    if index >= stored.count { stored += [Hash](repeating: .zero, count: index + 1 - stored.count) }
                    stored[index] = hash
                }
            }
            range = step.range
            next += count
        }
        // The layout is right only if Merkle's own tree hash over it gives the integrator's root.
        let root = try treeHash(size: UInt64(size), reader: stored)
        guard root == range.rootHash else { throw BenchFailure("stored-hash layout gives root \(root), integrator \(range.rootHash)") }
        if size == 1_000_000 && root.hex != goldenRoot {
            throw BenchFailure("the 10^6-entry root is \(root.hex), not the golden \(goldenRoot)")
        }
        return (stored, UInt64(size))
    }

    /// The signed add-checkpoint body from `old` to `new`, with the consistency proof.
    func body(old: UInt64, new: UInt64) throws -> [UInt8] {
        let checkpoint = try Checkpoint(origin: origin, treeSize: new, rootHash: treeHash(size: new, reader: stored))
        let proof = old > 0 && old < new ? try ConsistencyProof(oldSize: old, newSize: new, reader: stored).hashes : []
        return try AddCheckpointRequest(oldSize: old, proof: proof, note: key.sign(checkpoint)).encoded
    }

    /// `count + 1` bodies: the first from 0 to `first`, then `count` growing steps up to `size`.
    func sequence(first: UInt64, count: Int) throws -> [[UInt8]] {
        let step = (size - first) / UInt64(count)
        var bodies = [try body(old: 0, new: first)]
        var old = first
        for i in 1...count {
            let new = i == count ? size : first + UInt64(i) * step
            bodies.append(try body(old: old, new: new))
            old = new
        }
        return bodies
    }

    /// The log list line of this log.
    var logListLine: String { "\(origin) \(key.verifierKey.encoded)" }
}

/// A benchmark that could not run as set up.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
