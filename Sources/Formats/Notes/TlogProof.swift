// c2sp.org/tlog-proof: the `c2sp.org/tlog-proof@v1` offline proof format.
//
//     c2sp.org/tlog-proof@v1
//     extra <base64>            (optional)
//     index <decimal>
//     <base64 hash>             (zero or more: the RFC 6962 §2.1.1 inclusion proof)
//     <empty line>
//     <signed checkpoint note, verbatim>
import CryptoPrimitives
public import Merkle

/// An offline-verifiable proof that an entry is in a log: a leaf index, an inclusion proof and
/// the signed (and possibly cosigned) checkpoint they lead to, plus optional opaque extra data.
///
/// Parsing checks the format only: the caller verifies the checkpoint's signatures against its
/// policy and the inclusion proof against the checkpoint's root. ``encoded`` gives back exactly
/// the parsed bytes.
public struct TlogProof: Hashable, Sendable {
    /// Opaque, unauthenticated extra data; empty when the proof has no `extra` line.
    public let extra: [UInt8]
    /// The zero-based index of the entry in the log.
    public let index: UInt64
    /// The inclusion proof, from the leaf's sibling up to the root's child.
    public let inclusionProof: [Hash]
    /// The signed checkpoint note, verbatim.
    public let note: Note
    /// The checkpoint parsed from ``note``'s text.
    public let checkpoint: Checkpoint

    /// The first line of every proof.
    static let header = "c2sp.org/tlog-proof@v1"
    /// The most extra data accepted or produced, in bytes (64 KiB).
    public static let maxExtraCount = 1 << 16
    /// The most inclusion proof hashes: a tree with at most 2^64 leaves has at most 64 levels.
    public static let maxProofHashes = 64
    /// The largest encoded proof accepted, in bytes: a maximal note plus room for the lines
    /// before it.
    public static let maxCount = Note.maxCount + (1 << 17)

    /// Creates a proof.
    ///
    /// Throws ``NotesError/Code/malformedProof`` if `extra` exceeds ``maxExtraCount`` bytes or
    /// the proof exceeds ``maxProofHashes`` hashes, and ``NotesError/Code/malformedCheckpoint``
    /// if the note's text is not a checkpoint.
    public init(extra: [UInt8] = [], index: UInt64, inclusionProof: [Hash], note: Note) throws(NotesError) {
        guard extra.count <= Self.maxExtraCount else {
            throw NotesError(.malformedProof, "extra data is at most \(Self.maxExtraCount) bytes")
        }
        guard inclusionProof.count <= Self.maxProofHashes else {
            throw NotesError(.malformedProof, "an inclusion proof has at most \(Self.maxProofHashes) hashes")
        }
        self.extra = extra
        self.index = index
        self.inclusionProof = inclusionProof
        self.note = note
        self.checkpoint = try Checkpoint(text: note.text)
    }

    /// Parses a `c2sp.org/tlog-proof@v1` proof.
    ///
    /// Throws ``NotesError/Code/malformedProof`` for anything wrong before the checkpoint: a
    /// missing or different first line, an `extra` line that is empty or not canonical base64 of
    /// at most ``maxExtraCount`` bytes, a missing `index` line or an index with leading zeros or
    /// above 2^64 - 1, a proof line that is not canonical base64 of 32 bytes, more than
    /// ``maxProofHashes`` proof lines, a missing empty line, or more than ``maxCount`` bytes. The
    /// checkpoint after the empty line is parsed by ``Note/init(parsing:)`` and
    /// ``Checkpoint/init(text:)`` and fails with their errors.
    public init(parsing input: some Collection<UInt8>) throws(NotesError) {
        guard input.count <= Self.maxCount else {
            throw NotesError(.malformedProof, "a proof is at most \(Self.maxCount) bytes")
        }
        var reader = LineReader(Array(input))
        guard let first = reader.next(), first.elementsEqual(Self.header.utf8) else {
            throw NotesError(.malformedProof, "a proof starts with the line \(Self.header)")
        }
        var line = try Self.required(reader.next())
        var extra = [UInt8]()
        if line.starts(with: "extra ".utf8) {
            do {
                extra = try Base64.decode(utf8: line.dropFirst(6), maxCount: Self.maxExtraCount)
            } catch {
                throw NotesError(.malformedProof, "extra data is not canonical base64 of at most \(Self.maxExtraCount) bytes")
            }
            // An empty `extra` line could not be told apart from an absent one after parsing.
            guard !extra.isEmpty else {
                throw NotesError(.malformedProof, "an extra line carries at least one byte")
            }
            line = try Self.required(reader.next())
        }
        guard line.starts(with: "index ".utf8), let index = Decimal64.parse(line.dropFirst(6)) else {
            throw NotesError(.malformedProof, "expected 'index <decimal without leading zeros>'")
        }
        var hashes = [Hash]()
        while true {
            line = try Self.required(reader.next())
            if line.isEmpty { break }
            guard hashes.count < Self.maxProofHashes else {
                throw NotesError(.malformedProof, "an inclusion proof has at most \(Self.maxProofHashes) hashes")
            }
            guard let raw = try? Base64.decode(utf8: line, maxCount: Hash.count), let hash = try? Hash(bytes: raw) else {
                throw NotesError(.malformedProof, "a proof line is canonical base64 of a 32-byte hash")
            }
            hashes.append(hash)
        }
        try self.init(extra: extra, index: index, inclusionProof: hashes, note: Note(parsing: reader.rest))
    }

    private static func required(_ line: ArraySlice<UInt8>?) throws(NotesError) -> ArraySlice<UInt8> {
        guard let line else {
            throw NotesError(.malformedProof, "a proof ends early, before its checkpoint")
        }
        return line
    }

    /// The proof in the `c2sp.org/tlog-proof@v1` format.
    public var encoded: [UInt8] {
        var head = Self.header + "\n"
        if !extra.isEmpty { head += "extra \(Base64.encode(extra))\n" }
        head += "index \(index)\n"
        for hash in inclusionProof { head += Base64.encode(hash.bytes) + "\n" }
        head += "\n"
        return Array(head.utf8) + note.encoded
    }
}

/// Reads newline-terminated lines from the front of a byte buffer.
struct LineReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next line without its newline, or nil if no newline-terminated line is left.
    mutating func next() -> ArraySlice<UInt8>? {
        guard let end = bytes[position...].firstIndex(of: 0x0A) else { return nil }
        defer { position = end + 1 }
        return bytes[position..<end]
    }

    /// Everything not yet read.
    var rest: ArraySlice<UInt8> { bytes[position...] }
}
