// The verifier-key text form of an issuer key, as `receiptlog keys show` prints it:
//
//     <name>+<key ID as 8 lower-case hex digits>+<base64(0x01 || 32-byte Ed25519 public key)>
//
// Parsing is Notes' strict, canonical verifier-key parser (c2sp.org/signed-note); an issuer key
// must moreover be an Ed25519 note key (type 0x01) whose name is a valid `iss`.
internal import Notes

extension IssuerKey {
    /// The verifier key: `<name>+<key ID in hex>+<base64(0x01 ‖ public key)>`.
    public var verifierKey: String {
        "\(name)+\(Self.hex(keyID))+\(Base64.encode([Self.ed25519SignatureType] + publicKey.bytes))"
    }

    /// Parses a verifier key.
    ///
    /// Throws `BAD_ISSUER_LIST` with a message that says what is wrong when `verifierKey` is not a
    /// canonical signed-note verifier key, when the key is not an Ed25519 key (type 0x01), or when
    /// the name is not a valid issuer name.
    public init(verifierKey: some StringProtocol) throws(StatementsError) {
        let key: VerifierKey
        do {
            key = try VerifierKey(parsing: verifierKey)
        } catch {
            throw StatementsError(.badIssuerList, "not a verifier key: \(error.message)")
        }
        guard key.type == .ed25519 else {
            throw StatementsError(
                .badIssuerList, "the key type is 0x0\(key.type.rawValue); only Ed25519 keys (type 0x01) are accepted")
        }
        try self.init(name: key.name, publicKey: key.publicKey)
    }

    /// `value` as eight lower-case hex digits.
    static func hex(_ value: UInt32) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for shift in stride(from: 28, through: 0, by: -4) { out.append(digits[Int(value >> UInt32(shift) & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
