// c2sp.org/tlog-cosignature: Ed25519 `cosignature/v1` cosignatures (key type 0x04). The signature
// bytes of the note signature line are a `timestamped_signature`: a big-endian u64 timestamp then
// the 64-byte Ed25519 signature.

/// A witness cosignature on a checkpoint, as carried in a note signature line.
public struct Cosignature: Hashable, Sendable {
    /// The cosigner's key name.
    public let name: String
    /// The cosigner's key ID (computed with type 0x04).
    public let keyID: UInt32
    /// When the cosignature was made, in seconds since the POSIX epoch; at most 2^63 - 1.
    public let timestamp: UInt64
    /// The 64-byte Ed25519 signature over ``signedMessage(checkpoint:timestamp:)``.
    public let signature: [UInt8]

    /// The largest timestamp allowed: "It MUST NOT exceed 2^63 - 1".
    public static let maxTimestamp = UInt64(Int64.max)
    /// The header line that provides domain separation.
    static let header = Array("cosignature/v1\n".utf8)

    /// Reads a cosignature out of a note signature line, without verifying it.
    ///
    /// Throws ``NotesError/Code/malformedCosignature`` unless the signature bytes are exactly
    /// 8 + 64, and ``NotesError/Code/badTimestamp`` if the timestamp exceeds 2^63 - 1.
    public init(_ noteSignature: NoteSignature) throws(NotesError) {
        let (timestamp, signature) = try Self.split(noteSignature.signature)
        self.name = noteSignature.name
        self.keyID = noteSignature.keyID
        self.timestamp = timestamp
        self.signature = signature
    }

    /// The note signature line that carries this cosignature.
    public var noteSignature: NoteSignature {
        do {
            return try NoteSignature(name: name, keyID: keyID, signature: Self.timestampBytes(timestamp) + signature)
        } catch {
            preconditionFailure("a cosignature's name and signature were checked when it was made: \(error)")
        }
    }

    /// The message a `cosignature/v1` signature covers: `cosignature/v1\n`, `time <timestamp>\n`
    /// (decimal, no leading zeros), then the whole checkpoint note text including any extension
    /// lines (c2sp.org/tlog-cosignature §Ed25519 signed message).
    public static func signedMessage(checkpoint: Checkpoint, timestamp: UInt64) -> [UInt8] {
        signedMessage(text: Array(checkpoint.text.utf8), timestamp: timestamp)
    }

    static func signedMessage(text: [UInt8], timestamp: UInt64) -> [UInt8] {
        header + Array("time \(timestamp)\n".utf8) + text
    }

    /// Splits a `timestamped_signature` into its timestamp and Ed25519 signature.
    static func split(_ bytes: [UInt8]) throws(NotesError) -> (timestamp: UInt64, signature: [UInt8]) {
        guard bytes.count == 8 + 64 else {
            throw NotesError(
                .malformedCosignature, "a cosignature is an 8-byte timestamp and a 64-byte signature, not \(bytes.count) bytes")
        }
        let timestamp = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard timestamp <= maxTimestamp else {
            throw NotesError(.badTimestamp, "a cosignature timestamp must not exceed 2^63 - 1")
        }
        return (timestamp, Array(bytes[8...]))
    }

    static func timestampBytes(_ timestamp: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: timestamp >> (56 - 8 * $0)) }
    }
}
