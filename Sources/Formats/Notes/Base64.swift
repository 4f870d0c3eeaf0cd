// RFC 4648 §4: the standard base64 alphabet, with `=` padding. Every C2SP format this module
// speaks uses it (c2sp.org/signed-note "Conventions used in this document").

/// Strict, canonical standard base64 (RFC 4648 §4) with padding.
///
/// Decoding accepts exactly the strings that ``encode(_:)`` produces: the length is a multiple of
/// four, padding is present and only at the end, and the unused low bits of the last symbol are
/// zero (RFC 4648 §3.5). So `encode(decode(s)) == s` for every accepted `s`.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    /// Returns the padded standard base64 encoding of `bytes`.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var out = [UInt8]()
        out.reserveCapacity((input.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= input.count {
            let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(alphabet[Int(n & 63)])
            i += 3
        }
        switch input.count - i {
        case 1:
            let n = UInt32(input[i]) << 16
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        case 2:
            let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(UInt8(ascii: "="))
        default:
            break
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes canonical padded standard base64.
    ///
    /// Throws ``NotesError/Code/badBase64`` if `text` is not exactly what ``encode(_:)`` would
    /// produce for some input, or if it would decode to more than `maxCount` bytes (checked before
    /// any decoding work). The empty string decodes to no bytes.
    public static func decode(_ text: some StringProtocol, maxCount: Int = Int.max) throws(NotesError) -> [UInt8] {
        try decode(utf8: Array(text.utf8), maxCount: maxCount)
    }

    /// Decodes canonical padded standard base64 given as UTF-8 bytes; see ``decode(_:maxCount:)``.
    public static func decode(utf8 input: some Collection<UInt8>, maxCount: Int = Int.max) throws(NotesError) -> [UInt8] {
        let s = Array(input)
        guard s.count % 4 == 0 else {
            throw NotesError(.badBase64, "base64 length \(s.count) is not a multiple of 4")
        }
        guard s.count / 4 * 3 - 2 <= maxCount else {
            throw NotesError(.badBase64, "base64 data is longer than \(maxCount) bytes")
        }
        var padding = 0
        if s.count >= 4 {
            if s[s.count - 1] == UInt8(ascii: "=") { padding += 1 }
            if s[s.count - 2] == UInt8(ascii: "=") { padding += 1 }
        }
        // RFC 4648 §3.5: a second `=` implies the first; `x=` followed by `=` is fine but `=x` is not.
        if padding == 1 && s[s.count - 2] == UInt8(ascii: "=") {
            throw NotesError(.badBase64, "misplaced base64 padding")
        }
        let outCount = s.count / 4 * 3 - padding
        guard outCount <= maxCount else {
            throw NotesError(.badBase64, "base64 data is longer than \(maxCount) bytes")
        }
        var out = [UInt8]()
        out.reserveCapacity(outCount)
        var i = 0
        let symbolCount = s.count - padding
        while i < s.count {
            var n: UInt32 = 0
            for j in 0..<4 {
                let index = i + j
                var v: UInt8 = 0
                if index < symbolCount {
                    v = values[Int(s[index])]
                    guard v != 0xFF else {
                        throw NotesError(.badBase64, "byte 0x\(String(s[index], radix: 16)) is not a base64 symbol")
                    }
                }
                n = n << 6 | UInt32(v)
            }
            out.append(UInt8(truncatingIfNeeded: n >> 16))
            out.append(UInt8(truncatingIfNeeded: n >> 8))
            out.append(UInt8(truncatingIfNeeded: n))
            i += 4
        }
        // RFC 4648 §3.5: the pad bits of the last symbol must be zero for a canonical encoding.
        if padding == 1 && out[out.count - 1] != 0 || padding == 2 && out[out.count - 2] != 0 {
            throw NotesError(.badBase64, "base64 has non-zero padding bits")
        }
        out.removeLast(padding)
        return out
    }
}
