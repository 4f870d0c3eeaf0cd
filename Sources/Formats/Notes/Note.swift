// c2sp.org/signed-note v1.0.0 §Format: a text ending in newline, a blank line, then one or more
// signature lines.

/// A signed note: a text and one or more signature lines, in their original order.
///
/// A parsed note is only syntactically valid. Its text must be ignored until ``verify(with:)``
/// has checked a signature from a trusted key (c2sp.org/signed-note). Encoding a note gives back
/// exactly the bytes it was parsed from.
public struct Note: Hashable, Sendable {
    /// The note text, including its final newline but not the blank separator line.
    public let text: String
    /// The signatures, in order; between 1 and ``maxSignatures`` of them.
    public let signatures: [NoteSignature]

    /// The largest encoded note accepted or produced, in bytes (1 MiB). This leaves room for the
    /// 100 signatures below even at post-quantum sizes (about 5 kB each).
    public static let maxCount = 1 << 20
    /// The most signature lines a note may carry. c2sp.org/signed-note asks verifiers to accept at
    /// least 16; Go's x/mod rejects more than 100, and so do we.
    public static let maxSignatures = 100

    /// Creates a note from a text and signatures.
    ///
    /// Throws ``NotesError/Code/malformedText`` if the text is not a valid note text (non-empty,
    /// ending in a newline, no control characters but newline), ``NotesError/Code/malformedNote``
    /// without signatures, ``NotesError/Code/tooManySignatures`` above ``maxSignatures``, and
    /// ``NotesError/Code/noteTooLarge`` if the encoding would exceed ``maxCount``.
    public init(text: String, signatures: [NoteSignature]) throws(NotesError) {
        try NoteText.validate(text)
        guard !signatures.isEmpty else {
            throw NotesError(.malformedNote, "a signed note has at least one signature")
        }
        guard signatures.count <= Self.maxSignatures else {
            throw NotesError(.tooManySignatures, "a note has at most \(Self.maxSignatures) signatures")
        }
        self.text = text
        self.signatures = signatures
        let size = encoded.count
        guard size <= Self.maxCount else {
            throw NotesError(.noteTooLarge, "a note is at most \(Self.maxCount) bytes, not \(size)")
        }
    }

    /// Parses a signed note without verifying any signature.
    ///
    /// Throws ``NotesError/Code/noteTooLarge`` above ``maxCount`` bytes;
    /// ``NotesError/Code/malformedNote`` for invalid UTF-8, a control character other than
    /// newline, no blank line before the signatures, or signatures not ending in a newline;
    /// ``NotesError/Code/malformedSignature`` or ``NotesError/Code/badKeyName`` for a bad
    /// signature line; ``NotesError/Code/tooManySignatures`` above ``maxSignatures`` lines.
    public init(parsing input: some Collection<UInt8>) throws(NotesError) {
        guard input.count <= Self.maxCount else {
            throw NotesError(.noteTooLarge, "a note is at most \(Self.maxCount) bytes, not \(input.count)")
        }
        let bytes = Array(input)
        _ = try NoteText.decode(bytes, code: .malformedNote)
        // "the text is separated from the signatures by the last empty line in the note"
        guard let split = Self.lastBlankLine(in: bytes) else {
            throw NotesError(.malformedNote, "a note needs a blank line before its signatures")
        }
        let textBytes = bytes[...split]
        let block = bytes[(split + 2)...]
        guard block.last == 0x0A else {
            throw NotesError(.malformedNote, "a note ends with a signature line and a newline")
        }
        var signatures = [NoteSignature]()
        var start = block.startIndex
        while start < block.endIndex {
            let end = block[start...].firstIndex(of: 0x0A)!  // the block ends with a newline
            guard signatures.count < Self.maxSignatures else {
                throw NotesError(.tooManySignatures, "a note has at most \(Self.maxSignatures) signatures")
            }
            signatures.append(try NoteSignature(line: block[start..<end]))
            start = end + 1
        }
        self.text = String(decoding: textBytes, as: UTF8.self)
        self.signatures = signatures
    }

    /// The index of the first newline of the last "\n\n" in `bytes`, if any.
    private static func lastBlankLine(in bytes: [UInt8]) -> Int? {
        var i = bytes.count - 2
        while i >= 0 {
            if bytes[i] == 0x0A && bytes[i + 1] == 0x0A { return i }
            i -= 1
        }
        return nil
    }

    /// The signed note: the text, a blank line, then each signature line.
    public var encoded: [UInt8] {
        var out = Array(text.utf8)
        out.append(0x0A)
        for signature in signatures { out.append(contentsOf: signature.line) }
        return out
    }

    /// Returns this note with `signature` appended after the existing ones.
    ///
    /// Throws ``NotesError/Code/tooManySignatures`` or ``NotesError/Code/noteTooLarge`` if the
    /// result would break a limit.
    public func adding(_ signature: NoteSignature) throws(NotesError) -> Note {
        try Note(text: text, signatures: signatures + [signature])
    }
}
