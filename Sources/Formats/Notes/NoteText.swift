// c2sp.org/signed-note §Format: "Signed notes MUST be valid UTF-8 and MUST NOT contain any ASCII
// control characters (those below U+0020) other than newline."

/// Character-level checks shared by notes, note texts, checkpoints and tlog-proofs.
enum NoteText {
    /// Returns the bytes as a string if they are valid UTF-8 with no control character below
    /// U+0020 other than newline; throws `code` otherwise.
    static func decode(_ bytes: some Collection<UInt8>, code: NotesError.Code) throws(NotesError) -> String {
        for b in bytes where b < 0x20 && b != 0x0A {
            throw NotesError(code, "control character 0x\(KeyID.hex(UInt32(b)).suffix(2)) is not allowed")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw NotesError(code, "not valid UTF-8")
        }
        return text
    }

    /// Checks a note text: non-empty, ending in a newline, valid UTF-8 without control
    /// characters. Throws ``NotesError/Code/malformedText``.
    static func validate(_ text: String) throws(NotesError) {
        guard text.utf8.last == 0x0A else {
            throw NotesError(.malformedText, "a note text ends with a newline")
        }
        _ = try decode(text.utf8, code: .malformedText)
    }
}
