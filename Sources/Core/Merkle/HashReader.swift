// The one seam between the Merkle maths and wherever stored hashes live.

/// Reads stored hashes by their stored-hash index (see ``storedHashIndex(level:index:)``).
///
/// The algorithms in this module first work out every index they need, then make one call.
public protocol HashReader {
    /// Returns the hashes at `indexes`, in the same order and exactly as many.
    ///
    /// Throws if any hash cannot be read; callers pass the error on unchanged. May run faster
    /// when `indexes` is sorted, but must not assume it is.
    func readHashes(_ indexes: [UInt64]) throws -> [Hash]
}

/// An array of stored hashes, indexed by stored-hash index, is a hash reader: element `i` is
/// the hash with stored-hash index `i`. Reading past the end throws
/// ``MerkleError/Code/badHashReader``.
extension Array: HashReader where Element == Hash {
    public func readHashes(_ indexes: [UInt64]) throws -> [Hash] {
        try indexes.map { (i: UInt64) throws(MerkleError) -> Hash in
            guard i < UInt64(count) else {
                throw MerkleError(.badHashReader, "no stored hash at index \(i) (\(count) stored)")
            }
            return self[Int(i)]
        }
    }
}

/// A hash reader that calls a closure.
public struct HashReaderFunction: HashReader {
    private let body: ([UInt64]) throws -> [Hash]

    /// Creates a reader that answers every request by calling `body`.
    public init(_ body: @escaping ([UInt64]) throws -> [Hash]) { self.body = body }

    /// Returns `body(indexes)`.
    public func readHashes(_ indexes: [UInt64]) throws -> [Hash] { try body(indexes) }
}

extension HashReader {
    /// Reads `indexes` and checks that the reader kept its contract on the count.
    func readChecked(_ indexes: [UInt64]) throws -> [Hash] {
        if indexes.isEmpty { return [] }
        let hashes = try readHashes(indexes)
        guard hashes.count == indexes.count else {
            throw MerkleError(
                .badHashReader, "asked for \(indexes.count) hashes, the reader returned \(hashes.count)")
        }
        return hashes
    }
}
