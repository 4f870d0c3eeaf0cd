// c2sp.org/signed-note §Signatures: a key ID is a uint32, written in keys as 8 hexadecimal digits.

/// Reading and writing key IDs as exactly eight lower-case hexadecimal digits.
enum KeyID {
    /// The key ID as eight lower-case hexadecimal digits.
    static func hex(_ id: UInt32) -> String {
        let digits = String(id, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// Parses exactly eight lower-case hexadecimal digits; throws ``NotesError/Code/malformedKey``
    /// otherwise (upper case is refused so that every key has one spelling).
    static func parse(_ text: some StringProtocol) throws(NotesError) -> UInt32 {
        let utf8 = Array(text.utf8)
        guard utf8.count == 8 else {
            throw NotesError(.malformedKey, "a key ID is 8 hexadecimal digits, not \(utf8.count) characters")
        }
        var id: UInt32 = 0
        for c in utf8 {
            let v: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - UInt8(ascii: "a") + 10
            default: throw NotesError(.malformedKey, "a key ID is lower-case hexadecimal")
            }
            id = id << 4 | UInt32(v)
        }
        return id
    }

    /// The four bytes of `id`, big-endian, as they open a signature.
    static func bytes(_ id: UInt32) -> [UInt8] {
        [UInt8(id >> 24), UInt8(id >> 16 & 0xFF), UInt8(id >> 8 & 0xFF), UInt8(id & 0xFF)]
    }
}
