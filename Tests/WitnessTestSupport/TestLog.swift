import CryptoPrimitives
import Foundation
import Merkle
import Notes
import WitnessEngine

/// An in-memory log for tests: leaves `"leaf <i>"`, every stored hash laid out by stored-hash
/// index, and a deterministic Ed25519 log key named after the origin.
///
/// `@unchecked Sendable`: tests append leaves only before they share a log between tasks.
public final class TestLog: @unchecked Sendable {
    public let origin: String
    public let key: SignerKey
    private(set) var stored: [Hash] = []
    private(set) var range = CompactRange.empty

    public init(origin: String = "log.example/test", seed: UInt8 = 1, size: Int = 0) {
        self.origin = origin
        key = try! SignerKey(
            name: origin, type: .ed25519, privateKey: Ed25519PrivateKey(seed: [UInt8](repeating: seed, count: 32)))
        append(size)
    }

    public var size: UInt64 { range.size }

    /// Appends `count` leaves, with `salt` in each entry so two logs can differ.
    public func append(_ count: Int, salt: String = "") {
        guard count > 0 else { return }
        let entries = (0..<count).map { Array("leaf \(range.size + UInt64($0))\(salt)".utf8) }
        let step = Integration(appendingEntries: entries, to: range, storingEvery: 1)
        for level in step.storedLevels {
            for (i, hash) in level.hashes.enumerated() {
                let index = Int(storedHashIndex(level: level.level, index: level.startIndex + UInt64(i)))
                if stored.count <= index { stored += [Hash](repeating: .zero, count: index + 1 - stored.count) }
                stored[index] = hash
            }
        }
        range = step.range
    }

    public func rootHash(size: UInt64) -> Hash {
        size == 0 ? Hash.emptyTree : try! treeHash(size: size, reader: stored)
    }

    public func checkpoint(size: UInt64) -> Checkpoint {
        try! Checkpoint(origin: origin, treeSize: size, rootHash: rootHash(size: size))
    }

    public func note(size: UInt64, signers: [SignerKey]? = nil) -> Note {
        let text = checkpoint(size: size).text
        return try! Note(text: text, signatures: (signers ?? [key]).map { try $0.sign(text: text) })
    }

    /// The RFC 6962 consistency proof from `old` to `new`; empty from 0 or between equal sizes.
    public func proof(from old: UInt64, to new: UInt64) -> [Hash] {
        guard old > 0, old < new else { return [] }
        return try! ConsistencyProof(oldSize: old, newSize: new, reader: stored).hashes
    }

    public func request(old: UInt64, new: UInt64) -> AddCheckpointRequest {
        try! AddCheckpointRequest(oldSize: old, proof: proof(from: old, to: new), note: note(size: new))
    }

    /// The log list line of this log's key.
    public var logListLine: String { "\(origin) \(key.verifierKey.encoded)" }
}

/// A fresh temporary directory, removed by `cleanUp`.
public struct TemporaryDirectory {
    public let path: String

    public init() {
        path = NSTemporaryDirectory() + "witness-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func cleanUp() { try? FileManager.default.removeItem(atPath: path) }
}

/// A deterministic witness key.
public let testWitnessKey = try! SignerKey(
    name: "witness.example/w1", type: .cosignatureV1, privateKey: Ed25519PrivateKey(seed: [UInt8](repeating: 9, count: 32)))
