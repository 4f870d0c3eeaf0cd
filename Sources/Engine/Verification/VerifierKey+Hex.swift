import Notes

extension VerifierKey {
    /// The key ID as eight lower-case hex digits, as in a verifier key's text form
    /// (c2sp.org/signed-note), for the report's reasons.
    var hexKeyID: String { Self.hex(keyID: keyID) }

    /// A key ID as eight lower-case hex digits, as in a verifier key's text form.
    static func hex(keyID: UInt32) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for shift in stride(from: 28, through: 0, by: -4) { out.append(digits[Int(keyID >> UInt32(shift) & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
