// c2sp.org/signed-note §Signatures: `— <key name> base64(32-bit key ID || signature)`.

/// One signature line of a note: the key name, the key ID and the signature bytes.
///
/// A value of this type is only syntactically valid; whether it verifies depends on a key
/// (``Note/verify(with:)``).
public struct NoteSignature: Hashable, Sendable {
    /// The key name.
    public let name: String
    /// The key ID: the first four bytes of the base64 field, big-endian.
    public let keyID: UInt32
    /// The signature bytes after the key ID (at least one byte).
    public let signature: [UInt8]

    /// Creates a signature line.
    ///
    /// Throws ``NotesError/Code/badKeyName`` if `name` breaks the key-name rules and
    /// ``NotesError/Code/malformedSignature`` if `signature` is empty.
    public init(name: String, keyID: UInt32, signature: [UInt8]) throws(NotesError) {
        guard KeyName.isValid(name) else {
            throw NotesError(.badKeyName, "a signature's key name must be non-empty, without spaces or '+'")
        }
        guard !signature.isEmpty else {
            throw NotesError(.malformedSignature, "a signature has at least one byte after the key ID")
        }
        self.name = name
        self.keyID = keyID
        self.signature = signature
    }

    /// The em dash and space that open every signature line (U+2014 U+0020).
    static let prefix: [UInt8] = [0xE2, 0x80, 0x94, 0x20]

    /// Parses one signature line without its newline: `— <name> <base64>`.
    ///
    /// Throws ``NotesError/Code/malformedSignature`` if the line does not have this shape, the
    /// base64 is not canonical, or it holds fewer than 5 bytes; ``NotesError/Code/badKeyName`` for
    /// a bad name. The caller has already checked that the bytes are UTF-8 without control
    /// characters.
    init(line: ArraySlice<UInt8>) throws(NotesError) {
        guard line.starts(with: Self.prefix) else {
            throw NotesError(.malformedSignature, "a signature line starts with an em dash and a space")
        }
        let rest = line.dropFirst(Self.prefix.count)
        guard let space = rest.firstIndex(of: 0x20) else {
            throw NotesError(.malformedSignature, "a signature line is '— <name> <base64>'")
        }
        let nameBytes = rest[..<space]
        let encoded = rest[(space + 1)...]
        let raw: [UInt8]
        do {
            raw = try Base64.decode(utf8: encoded)
        } catch {
            throw NotesError(.malformedSignature, "a signature is not canonical base64: \(error.message)")
        }
        guard raw.count >= 5 else {
            throw NotesError(.malformedSignature, "a signature is a 4-byte key ID and at least one byte")
        }
        let id = UInt32(raw[0]) << 24 | UInt32(raw[1]) << 16 | UInt32(raw[2]) << 8 | UInt32(raw[3])
        try self.init(name: String(decoding: nameBytes, as: UTF8.self), keyID: id, signature: Array(raw[4...]))
    }

    /// The signature line `— <name> <base64(key ID ‖ signature)>`, newline included, as it
    /// appears in a note or in a witness's `add-checkpoint` response (c2sp.org/tlog-witness).
    public var line: [UInt8] {
        Self.prefix + Array(name.utf8) + [0x20] + Array(Base64.encode(KeyID.bytes(keyID) + signature).utf8) + [0x0A]
    }
}
