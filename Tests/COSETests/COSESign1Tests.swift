import CBOR
import CryptoPrimitives
import Testing
import COSE

/// COSE_Sign1 with EdDSA (RFC 9052 §4.2, §4.4): signing, verification, and tampering of each part.
@Suite struct COSESign1Tests {
    static let key = try! Ed25519PrivateKey(seed: [UInt8](repeating: 0x2a, count: 32))
    static let otherKey = try! Ed25519PrivateKey(seed: [UInt8](repeating: 0x07, count: 32))
    static let kid = COSEHeaderLabel.key(COSEHeaderLabel.kid)
    static let alg = COSEHeaderLabel.key(COSEHeaderLabel.alg)
    static let payload = Array("an inference receipt".utf8)

    static func signed(detached: Bool = false, aad: [UInt8] = []) -> COSESign1 {
        COSESign1.sign(
            protectedHeader: [kid: .bytes([1, 2, 3])], unprotectedHeader: [.int(-70000): .text("hint")],
            payload: payload, detached: detached, key: key, externalAAD: aad)
    }

    @Test func signThenVerify() throws {
        let message = Self.signed()
        #expect(message.protectedHeader[Self.alg] == .int(COSEAlgorithm.edDSA))
        #expect(message.algorithm == -8)
        #expect(message.keyID == [1, 2, 3])
        #expect(message.signature.count == 64)
        try message.verify(key: Self.key.publicKey)
    }

    @Test func encodingIsTaggedAndParsesBackUnchanged() throws {
        let message = Self.signed()
        let tagged = message.encoded()
        #expect(tagged.prefix(2) == [0xd2, 0x84])  // tag 18, array of 4
        let untagged = message.encoded(tagged: false)
        #expect(untagged.first == 0x84)
        #expect(try COSESign1.parse(tagged) == message)
        #expect(try COSESign1.parse(untagged) == message)
        #expect(try COSESign1.parse(tagged, requireDeterministic: true).encoded() == tagged)
        try COSESign1.parse(tagged).verify(key: Self.key.publicKey)
    }

    @Test func sigStructureIsTheRFCLayout() throws {
        let message = Self.signed(aad: [0xaa])
        let tbs = message.toBeSigned(payload: Self.payload, externalAAD: [0xaa])
        let expected = CBOR.array([
            .text("Signature1"), .bytes(message.protectedBytes), .bytes([0xaa]), .bytes(Self.payload),
        ])
        #expect(try CBOR.decode(tbs, requireDeterministic: true) == expected)
        #expect(Array(tbs.prefix(12)) == [0x84, 0x6a] + Array("Signature1".utf8))
        #expect(Self.key.publicKey.isValidSignature(message.signature, for: tbs))
    }

    @Test func tamperedProtectedHeaderFails() throws {
        var message = Self.signed()
        message.protectedBytes = CBOR.map([Self.alg: .int(-8), Self.kid: .bytes([1, 2, 4])]).encoded()
        message.protectedHeader = try #require(CBOR.decode(message.protectedBytes).map)
        #expect(throws: COSEError(.signatureInvalid, "")) { try message.verify(key: Self.key.publicKey) }
    }

    @Test func protectedBytesAreSignedAsReceivedNotReencoded() throws {
        // The same header map, serialized with a non-shortest head for kid's length: a different
        // bstr, so the signature over the original bytes must not verify.
        var message = Self.signed()
        let original = message.protectedBytes
        var altered = original
        let position = try #require(altered.firstIndex(of: 0x43))  // bstr of 3 bytes
        altered.replaceSubrange(position...position, with: [0x58, 0x03])
        #expect(try CBOR.decode(altered).map == message.protectedHeader)
        message.protectedBytes = altered
        #expect(throws: COSEError(.signatureInvalid, "")) { try message.verify(key: Self.key.publicKey) }
        // A parsed message keeps the received bytes, whatever their encoding.
        let reparsed = try COSESign1.parse(message.encoded())
        #expect(reparsed.protectedBytes == altered)
        #expect(throws: COSEError(.badProtectedHeader, "")) {
            try COSESign1.parse(message.encoded(), requireDeterministic: true)
        }
    }

    @Test func tamperedPayloadFails() {
        var message = Self.signed()
        message.payload = Array("an inference receipT".utf8)
        #expect(throws: COSEError(.signatureInvalid, "")) { try message.verify(key: Self.key.publicKey) }
    }

    @Test func tamperedSignatureFails() {
        for position in [0, 31, 63] {
            var message = Self.signed()
            message.signature[position] ^= 0x01
            #expect(throws: COSEError(.signatureInvalid, "")) { try message.verify(key: Self.key.publicKey) }
        }
        var short = Self.signed()
        short.signature.removeLast()
        #expect(throws: COSEError(.badSignatureLength, "")) { try short.verify(key: Self.key.publicKey) }
    }

    @Test func tamperedAlgorithmFails() throws {
        for alg in [CBOR.int(-7), .int(-35), .text("EdDSA"), .unsigned(8)] {
            var message = Self.signed()
            message.protectedHeader[Self.alg] = alg
            message.protectedBytes = CBOR.map(message.protectedHeader).encoded()
            #expect(throws: COSEError(.unsupportedAlgorithm, "")) { try message.verify(key: Self.key.publicKey) }
        }
        var missing = Self.signed()
        missing.protectedHeader[Self.alg] = nil
        #expect(throws: COSEError(.missingAlgorithm, "")) { try missing.verify(key: Self.key.publicKey) }
    }

    @Test func algorithmOnlyInTheUnprotectedHeaderDoesNotCount() throws {
        let unsigned = COSESign1(
            protectedBytes: CBOR.map([Self.kid: .bytes([1])]).encoded(), protectedHeader: [Self.kid: .bytes([1])],
            unprotectedHeader: [Self.alg: .int(-8)], payload: Self.payload, signature: [])
        var message = unsigned
        message.signature = Self.key.signature(for: unsigned.toBeSigned(payload: Self.payload))
        #expect(throws: COSEError(.missingAlgorithm, "")) { try message.verify(key: Self.key.publicKey) }
    }

    @Test func unprotectedHeaderDoesNotAffectValidity() throws {
        var message = Self.signed()
        message.unprotectedHeader = [:]
        try message.verify(key: Self.key.publicKey)
        message.unprotectedHeader = [.unsigned(33): .bytes([UInt8](repeating: 0xee, count: 40)), .text("x"): .null]
        try message.verify(key: Self.key.publicKey)
        try COSESign1.parse(message.encoded()).verify(key: Self.key.publicKey)
    }

    @Test func detachedPayload() throws {
        let message = Self.signed(detached: true)
        #expect(message.payload == nil)
        let parsed = try COSESign1.parse(message.encoded())
        #expect(parsed.payload == nil)
        try parsed.verify(key: Self.key.publicKey, detachedPayload: Self.payload)
        #expect(throws: COSEError(.signatureInvalid, "")) {
            try parsed.verify(key: Self.key.publicKey, detachedPayload: Self.payload + [0])
        }
        #expect(throws: COSEError(.missingPayload, "")) { try parsed.verify(key: Self.key.publicKey) }
        #expect(throws: COSEError(.payloadNotDetached, "")) {
            try Self.signed().verify(key: Self.key.publicKey, detachedPayload: Self.payload)
        }
        // The attached and detached forms sign the same Sig_structure.
        #expect(parsed.signature == Self.signed().signature)
    }

    @Test func externalAAD() throws {
        let message = Self.signed(aad: [1, 2])
        try message.verify(key: Self.key.publicKey, externalAAD: [1, 2])
        #expect(throws: COSEError(.signatureInvalid, "")) { try message.verify(key: Self.key.publicKey) }
    }

    @Test func wrongKeyFails() {
        #expect(throws: COSEError(.signatureInvalid, "")) { try Self.signed().verify(key: Self.otherKey.publicKey) }
    }

    @Test func signaturesAreDeterministic() {
        #expect(Self.signed().encoded() == Self.signed().encoded())
    }

    @Test func criticalHeaders() throws {
        let cwt = COSEHeaderLabel.key(COSEHeaderLabel.cwtClaims)
        let crit = COSEHeaderLabel.key(COSEHeaderLabel.crit)
        let understood = COSESign1.sign(
            protectedHeader: [crit: .array([cwt]), cwt: .map([.unsigned(1): .text("iss")])], payload: [1], key: Self.key)
        try understood.verify(key: Self.key.publicKey)
        let unknown = COSESign1.sign(protectedHeader: [crit: .array([.unsigned(99)]), .unsigned(99): .null], payload: [1], key: Self.key)
        #expect(throws: COSEError(.unsupportedCritical, "")) { try unknown.verify(key: Self.key.publicKey) }
        let absent = COSESign1.sign(protectedHeader: [crit: .array([cwt])], payload: [1], key: Self.key)
        #expect(throws: COSEError(.unsupportedCritical, "")) { try absent.verify(key: Self.key.publicKey) }
        let empty = COSESign1.sign(protectedHeader: [crit: .array([])], payload: [1], key: Self.key)
        #expect(throws: COSEError(.unsupportedCritical, "")) { try empty.verify(key: Self.key.publicKey) }
    }
}
