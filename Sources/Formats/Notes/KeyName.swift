// c2sp.org/signed-note §Format: "Key names MUST be non-empty and MUST NOT contain any Unicode spaces
// or plus (U+002B) characters."

/// The rules for key names, shared by signature lines, verifier keys and private keys.
enum KeyName {
    /// The longest key name a key string may carry, in UTF-8 bytes. (The ML-DSA-44 cosignature
    /// message of c2sp.org/tlog-cosignature carries names of at most 255 bytes, `<1..2^8-1>`;
    /// no key here signs that message.)
    static let maxKeyCount = 32_768

    /// Whether `name` satisfies the signed-note rules: non-empty, no Unicode space (the Unicode
    /// `White_Space` property, as Go's `unicode.IsSpace`), no `+`, and no control character below
    /// U+0020 (which no note may hold anyway).
    static func isValid(_ name: some StringProtocol) -> Bool {
        guard !name.isEmpty else { return false }
        for scalar in name.unicodeScalars {
            if scalar == "+" || scalar.value < 0x20 || scalar.properties.isWhitespace { return false }
        }
        return true
    }

    /// Throws ``NotesError/Code/badKeyName`` unless `name` is valid and, for key strings, at most
    /// ``maxKeyCount`` bytes long.
    static func validateForKey(_ name: some StringProtocol) throws(NotesError) {
        guard isValid(name) else {
            throw NotesError(.badKeyName, "a key name must be non-empty, without spaces, '+' or control characters")
        }
        guard name.utf8.count <= maxKeyCount else {
            throw NotesError(.badKeyName, "a key name is at most \(maxKeyCount) bytes, not \(name.utf8.count)")
        }
    }
}
