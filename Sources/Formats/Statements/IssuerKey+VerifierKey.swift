// The verifier-key text form of an issuer key, as `receiptlog keys show` prints it and as
// golang.org/x/mod/sumdb/note reads it:
//
//     <name>+<key ID as 8 lower-case hex digits>+<base64(0x01 || 32-byte Ed25519 public key)>
//
// Only Ed25519 keys (signature type 0x01, c2sp.org/signed-note) are accepted. Parsing is strict and
// canonical: `IssuerKey(verifierKey: s).verifierKey == s` for every accepted `s`. Go's parser also
// accepts upper-case hex digits in the key ID; this one does not (specs/statements.md).
import CryptoPrimitives

extension IssuerKey {
    /// The verifier key: `<name>+<key ID in hex>+<base64(0x01 ‖ public key)>`.
    public var verifierKey: String {
        "\(name)+\(Self.hex(keyID))+\(Base64.encode([Self.ed25519SignatureType] + publicKey.bytes))"
    }

    /// Parses a verifier key.
    ///
    /// Throws `BAD_ISSUER_LIST` with a message that says what is wrong when `verifierKey` is not
    /// exactly `<name>+<8 lower-case hex digits>+<canonical padded base64 of 33 bytes>`, when the
    /// key is not an Ed25519 key (first byte 0x01) or not a valid Ed25519 point, or when the key ID
    /// does not match the name and key.
    public init(verifierKey: some StringProtocol) throws(StatementsError) {
        let text = String(verifierKey)
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw StatementsError(.badIssuerList, "a verifier key is <name>+<key ID>+<key>, with two plus signs")
        }
        let name = String(parts[0])
        if let problem = Self.nameProblem(name) {
            throw StatementsError(.badIssuerList, "issuer name \(Self.quoted(name)) \(problem)")
        }
        guard let keyID = Self.parseHexKeyID(parts[1]) else {
            throw StatementsError(
                .badIssuerList, "the key ID \"\(parts[1].prefix(16))\" is not 8 lower-case hex digits")
        }
        guard let encoded = Base64.decode(parts[2]) else {
            throw StatementsError(.badIssuerList, "the key is not canonical padded base64")
        }
        guard encoded.first == Self.ed25519SignatureType else {
            let type = encoded.first.map { "0x" + Self.hex(UInt32($0)).suffix(2) } ?? "missing"
            throw StatementsError(
                .badIssuerList, "the key type is \(type); only Ed25519 keys (type 0x01) are accepted")
        }
        guard encoded.count == 33 else {
            throw StatementsError(
                .badIssuerList, "an Ed25519 verifier key holds 33 bytes (0x01 and 32 key bytes), not \(encoded.count)")
        }
        let publicKey: Ed25519PublicKey
        do {
            publicKey = try Ed25519PublicKey(bytes: encoded[1...])
        } catch {
            throw StatementsError(.badIssuerList, "the key is not an Ed25519 public key")
        }
        try self.init(name: name, publicKey: publicKey)
        guard self.keyID == keyID else {
            throw StatementsError(
                .badIssuerList,
                "the key ID is \(Self.hex(keyID)) but SHA-256(name, 0x0A, 0x01, key) gives \(Self.hex(self.keyID))")
        }
    }

    /// `value` as eight lower-case hex digits.
    static func hex(_ value: UInt32) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for shift in stride(from: 28, through: 0, by: -4) { out.append(digits[Int(value >> UInt32(shift) & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses exactly eight lower-case hex digits.
    static func parseHexKeyID(_ text: Substring) -> UInt32? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 8 else { return nil }
        var value: UInt32 = 0
        for c in utf8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt32(c - UInt8(ascii: "a") + 10)
            default: return nil
            }
        }
        return value
    }
}

/// Standard padded base64 (RFC 4648 §4), strict: decoding accepts only the canonical encoding.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Encodes `bytes` with padding.
    static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(group >> 18 & 63)])
            out.append(alphabet[Int(group >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(group >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(group & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes canonical padded base64; returns nil for any other input (wrong length, characters
    /// outside the alphabet, misplaced padding, or non-zero unused bits).
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(input.count / 4 * 3)
        var index = 0
        while index < input.count {
            let isLast = index + 4 == input.count
            var values = [UInt32](repeating: 0, count: 4)
            var padding = 0
            for j in 0..<4 {
                let c = input[index + j]
                if c == UInt8(ascii: "=") {
                    guard isLast, j >= 2 else { return nil }
                    padding += 1
                    continue
                }
                guard padding == 0, let v = value(of: c) else { return nil }
                values[j] = v
            }
            let group = values[0] << 18 | values[1] << 12 | values[2] << 6 | values[3]
            out.append(UInt8(group >> 16))
            if padding < 2 { out.append(UInt8(truncatingIfNeeded: group >> 8)) }
            if padding < 1 { out.append(UInt8(truncatingIfNeeded: group)) }
            // Canonical form: the bits that padding leaves unused are zero.
            if padding == 1, group & 0xFF != 0 { return nil }
            if padding == 2, group & 0xFFFF != 0 { return nil }
            index += 4
        }
        return out
    }

    private static func value(of c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(c - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(c - UInt8(ascii: "a") + 26)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0") + 52)
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
