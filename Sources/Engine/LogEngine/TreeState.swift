// The tree state the sequencer keeps in storage metadata under "tree": the compact range of the
// tree after the last committed batch.
//
//     size (8 bytes, big-endian) ‖ hashes of the compact range (32 bytes each, largest first)
import Merkle

extension CompactRange {
    /// The metadata key of the stored tree state.
    static let metadataKey = "tree"

    /// The stored encoding of the range.
    var stateEncoding: [UInt8] {
        var out = size.bigEndianBytes
        out.reserveCapacity(8 + hashes.count * Hash.count)
        for h in hashes { out.append(contentsOf: h.bytes) }
        return out
    }

    /// Parses a stored tree state strictly; throws ``LogEngineError/Code/inconsistentState``.
    init(stateEncoding bytes: [UInt8]) throws(LogEngineError) {
        guard bytes.count >= 8, (bytes.count - 8) % Hash.count == 0 else {
            throw LogEngineError(.inconsistentState, "the stored tree state has \(bytes.count) bytes")
        }
        let size = UInt64(bigEndianBytes: bytes[0..<8])!
        var hashes: [Hash] = []
        var at = 8
        while at < bytes.count {
            guard let h = try? Hash(bytes: bytes[at..<at + Hash.count]) else {
                throw LogEngineError(.inconsistentState, "the stored tree state has a bad hash")
            }
            hashes.append(h)
            at += Hash.count
        }
        do {
            self = try CompactRange(size: size, hashes: hashes)
        } catch {
            throw LogEngineError(.inconsistentState, "the stored tree state is not a compact range: \(error.message)")
        }
    }
}
