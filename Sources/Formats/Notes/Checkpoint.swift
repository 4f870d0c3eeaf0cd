// c2sp.org/tlog-checkpoint v1.0.0 §Note text: origin, tree size and root hash lines, then optional
// extension lines, each ending in a newline.
import CryptoPrimitives
public import Merkle

/// A transparency log checkpoint: the note text of a signed tree head.
///
/// Parsing is strict and canonical: ``text`` gives back exactly the parsed text. Extension lines
/// are parsed and kept, but ``init(origin:treeSize:rootHash:)`` produces none.
public struct Checkpoint: Hashable, Sendable {
    /// The log's origin line: a unique identifier of the log.
    public let origin: String
    /// The number of leaves in the tree.
    public let treeSize: UInt64
    /// The RFC 6962 root hash of the tree at ``treeSize``.
    public let rootHash: Hash
    /// Opaque extension lines after the root hash; empty for every checkpoint we produce.
    public let extensionLines: [String]

    /// Creates a checkpoint without extension lines.
    ///
    /// The origin must satisfy the key-name rules (non-empty, no spaces, `+` or control
    /// characters, at most 255 bytes), because our logs sign with a key named after the origin
    /// (c2sp.org/tlog-checkpoint §Signatures). Throws ``NotesError/Code/badKeyName`` otherwise.
    public init(origin: String, treeSize: UInt64, rootHash: Hash) throws(NotesError) {
        try KeyName.validateForKey(origin)
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.extensionLines = []
    }

    /// Parses a checkpoint note text (a note's ``Note/text``).
    ///
    /// Throws ``NotesError/Code/malformedCheckpoint`` unless the text is at least three non-empty
    /// newline-terminated lines: a non-empty origin, a decimal tree size without leading zeros
    /// that fits in 64 bits, canonical base64 of a 32-byte root hash, then non-empty extension
    /// lines. The origin is not required to follow the key-name rules (the spec says clients
    /// MUST NOT assume its format). Control characters and invalid UTF-8 are refused.
    public init(text: some StringProtocol) throws(NotesError) {
        let bytes = Array(text.utf8)
        guard bytes.count <= Note.maxCount else {
            throw NotesError(.malformedCheckpoint, "a checkpoint is at most \(Note.maxCount) bytes")
        }
        _ = try NoteText.decode(bytes, code: .malformedCheckpoint)
        guard bytes.last == 0x0A else {
            throw NotesError(.malformedCheckpoint, "a checkpoint ends with a newline")
        }
        let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count >= 3 else {
            throw NotesError(.malformedCheckpoint, "a checkpoint has origin, tree size and root hash lines")
        }
        for line in lines where line.isEmpty {
            throw NotesError(.malformedCheckpoint, "a checkpoint line is never empty")
        }
        self.origin = String(decoding: lines[0], as: UTF8.self)
        self.treeSize = try Self.parseTreeSize(lines[1])
        let root: [UInt8]
        do {
            root = try Base64.decode(utf8: lines[2], maxCount: Hash.count)
        } catch {
            throw NotesError(.malformedCheckpoint, "the root hash is not canonical base64: \(error.message)")
        }
        guard root.count == Hash.count, let hash = try? Hash(bytes: root) else {
            throw NotesError(.malformedCheckpoint, "the root hash is 32 bytes, not \(root.count)")
        }
        self.rootHash = hash
        self.extensionLines = lines[3...].map { String(decoding: $0, as: UTF8.self) }
    }

    /// Parses "the ASCII decimal representation of the number of leaves in the tree, with no
    /// leading zeroes" (c2sp.org/tlog-checkpoint §Note text, 2).
    static func parseTreeSize(_ digits: ArraySlice<UInt8>) throws(NotesError) -> UInt64 {
        guard let value = Decimal64.parse(digits) else {
            throw NotesError(
                .malformedCheckpoint, "the tree size is a decimal number below 2^64 without leading zeros")
        }
        return value
    }

    /// The note text: origin, tree size, base64 root hash and any extension lines, each followed
    /// by a newline.
    public var text: String {
        var out = "\(origin)\n\(treeSize)\n\(Base64.encode(rootHash.bytes))\n"
        for line in extensionLines { out += line + "\n" }
        return out
    }
}
