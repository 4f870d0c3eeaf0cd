// Issuing a signed statement: the protected header holds alg = EdDSA, the content type if any, the
// issuer key ID as kid, and the CWT claims iss and sub (RFC 9943 §6, Figure 3).
public import CBOR
import COSE
public import CryptoPrimitives

extension SignedStatement {
    /// Signs `payload` as a statement of `issuer` about `subject` with `key`.
    ///
    /// The `kid` is the key ID of `key` under the name `issuer` (``IssuerKey/keyID(name:publicKey:)``).
    /// `additionalClaims` join `iss` and `sub` in the CWT claims (for example `iat`, claim 6);
    /// `unprotectedHeader` is carried as given and is not part of the leaf form.
    ///
    /// Throws `BAD_CWT_CLAIMS` when `additionalClaims` holds `iss` or `sub`, and any error of
    /// ``init(parsing:)`` when the result would not pass the structural checks (for example an
    /// `iss` longer than 8192 characters, or a leaf form over 65,535 bytes).
    public static func sign(
        issuer: String, subject: String, contentType: ContentType?, payload: [UInt8],
        key: Ed25519PrivateKey, additionalClaims: [CBOR: CBOR] = [:], unprotectedHeader: [CBOR: CBOR] = [:]
    ) throws(StatementsError) -> SignedStatement {
        guard additionalClaims[.unsigned(issuerClaim)] == nil, additionalClaims[.unsigned(subjectClaim)] == nil else {
            throw StatementsError(.badCWTClaims, "additional claims must not hold iss or sub")
        }
        var claims = additionalClaims
        claims[.unsigned(issuerClaim)] = .text(issuer)
        claims[.unsigned(subjectClaim)] = .text(subject)
        let keyID = IssuerKey.keyID(name: issuer, publicKey: key.publicKey)
        var header: [CBOR: CBOR] = [
            .unsigned(UInt64(COSEHeaderLabel.alg)): .int(COSEAlgorithm.edDSA),
            .unsigned(UInt64(COSEHeaderLabel.kid)): .bytes(IssuerKey.bytes(ofKeyID: keyID)),
            .unsigned(UInt64(COSEHeaderLabel.cwtClaims)): .map(claims),
        ]
        if let contentType {
            header[.unsigned(UInt64(COSEHeaderLabel.contentType))] = contentType.cbor
        }
        let message = COSESign1.sign(
            protectedHeader: header, unprotectedHeader: unprotectedHeader, payload: payload, key: key)
        return try SignedStatement(parsing: message.encoded(tagged: true))
    }
}
