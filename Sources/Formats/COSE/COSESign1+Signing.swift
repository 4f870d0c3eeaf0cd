// RFC 9052 §4.4: signing and verification of COSE_Sign1 with EdDSA (RFC 9053 §2.2, Ed25519).
public import CBOR
public import CryptoPrimitives

extension COSESign1 {
    /// The labels `crit` may list for ``verify(key:detachedPayload:externalAAD:)`` to succeed:
    /// the ones this project's profiles process (RFC 9052 §3.1 requires a recipient to reject
    /// critical labels it does not understand).
    public static let understoodCriticalLabels: Set<CBOR> = [
        COSEHeaderLabel.key(COSEHeaderLabel.cwtClaims), COSEHeaderLabel.key(COSEHeaderLabel.vds),
        COSEHeaderLabel.key(COSEHeaderLabel.vdp),
    ]

    /// Signs `payload` with Ed25519 and returns the message.
    ///
    /// `alg` is set to EdDSA (-8) when `protectedHeader` has none; any other `alg` is a
    /// programming error and traps. The protected header is serialized in deterministic encoding
    /// (a zero-length byte string cannot occur, since it holds at least `alg`). With `detached`
    /// the message's payload is nil and the payload must be supplied again to verify.
    public static func sign(
        protectedHeader: [CBOR: CBOR], unprotectedHeader: [CBOR: CBOR] = [:], payload: [UInt8],
        detached: Bool = false, key: Ed25519PrivateKey, externalAAD: [UInt8] = []
    ) -> COSESign1 {
        var header = protectedHeader
        let alg = COSEHeaderLabel.key(COSEHeaderLabel.alg)
        if header[alg] == nil { header[alg] = .int(COSEAlgorithm.edDSA) }
        precondition(header[alg] == .int(COSEAlgorithm.edDSA), "COSESign1.sign signs with EdDSA (alg -8) only")
        var message = COSESign1(
            protectedBytes: CBOR.map(header).encoded(), protectedHeader: header, unprotectedHeader: unprotectedHeader,
            payload: detached ? nil : payload, signature: [])
        message.signature = key.signature(for: message.toBeSigned(payload: payload, externalAAD: externalAAD))
        return message
    }

    /// The bytes that are signed (RFC 9052 §4.4): the deterministic encoding of
    /// `Sig_structure = ["Signature1", body_protected, external_aad, payload]`, with
    /// `body_protected` this message's `protectedBytes` exactly as received.
    public func toBeSigned(payload: [UInt8], externalAAD: [UInt8] = []) -> [UInt8] {
        CBOR.array([.text("Signature1"), .bytes(protectedBytes), .bytes(externalAAD), .bytes(payload)]).encoded()
    }

    /// Verifies the signature with `key`.
    ///
    /// Requires the protected header's `alg` to be EdDSA (-8); an `alg` only in the unprotected
    /// header does not count. Any `crit` must be an array of labels present in the protected
    /// header and listed in ``understoodCriticalLabels``. A detached message (payload nil) is
    /// verified against `detachedPayload`, which must then be given; a message with its own
    /// payload must not be given one. The unprotected header is not covered by the signature and
    /// does not affect the result. Throws ``COSEError`` naming the first check that failed.
    public func verify(key: Ed25519PublicKey, detachedPayload: [UInt8]? = nil, externalAAD: [UInt8] = []) throws(COSEError) {
        guard let alg = protectedHeader[COSEHeaderLabel.key(COSEHeaderLabel.alg)] else {
            throw COSEError(.missingAlgorithm, "the protected header has no alg (label 1)")
        }
        guard alg == .int(COSEAlgorithm.edDSA) else {
            throw COSEError(.unsupportedAlgorithm, "alg is \(alg); only EdDSA (-8) is supported")
        }
        try checkCritical()
        let signedPayload: [UInt8]
        switch (payload, detachedPayload) {
        case (let attached?, nil): signedPayload = attached
        case (nil, let detached?): signedPayload = detached
        case (nil, nil): throw COSEError(.missingPayload, "the payload is detached and none was supplied")
        case (.some, .some): throw COSEError(.payloadNotDetached, "a detached payload was supplied but the message carries its own")
        }
        guard signature.count == 64 else {
            throw COSEError(.badSignatureLength, "an EdDSA signature is 64 bytes, not \(signature.count)")
        }
        guard key.isValidSignature(signature, for: toBeSigned(payload: signedPayload, externalAAD: externalAAD)) else {
            throw COSEError(.signatureInvalid, "the COSE_Sign1 signature does not verify with the key")
        }
    }

    /// RFC 9052 §3.1: `crit` is a non-empty array of labels, each present in the protected
    /// header, and the recipient must understand every one.
    private func checkCritical() throws(COSEError) {
        let crit = COSEHeaderLabel.key(COSEHeaderLabel.crit)
        if unprotectedHeader[crit] != nil {
            throw COSEError(.unsupportedCritical, "crit must be in the protected header")
        }
        guard let value = protectedHeader[crit] else { return }
        guard let labels = value.array, !labels.isEmpty else {
            throw COSEError(.unsupportedCritical, "crit must be a non-empty array of labels")
        }
        for label in labels {
            guard protectedHeader[label] != nil else {
                throw COSEError(.unsupportedCritical, "crit lists \(label), which the protected header does not carry")
            }
            guard COSESign1.understoodCriticalLabels.contains(label) else {
                throw COSEError(.unsupportedCritical, "crit lists \(label), which is not understood here")
            }
        }
    }
}
