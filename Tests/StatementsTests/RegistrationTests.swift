import CBOR
import COSE
import CryptoPrimitives
import Testing
@testable import Statements

/// A registration policy with one statement issuer (two keys) and the AIR v1 vectors' issuer.
struct Fixture {
    static let issuer = "example.com/inference"
    static let key = testKey(0x11)
    static let secondKey = testKey(0x13)
    static let airIssuer = "cyntrisec.com"

    static let issuerList: IssuerList = try! IssuerList(keys: [
        IssuerKey(name: issuer, publicKey: key.publicKey),
        IssuerKey(name: issuer, publicKey: secondKey.publicKey),
        IssuerKey(name: airIssuer, publicKey: airVectorKey.publicKey),
    ])
    static let policy = RegistrationPolicy(issuers: issuerList)

    /// A valid statement with an unprotected header.
    static func statement(
        payload: [UInt8] = Array(#"{"request":"sha256:bb"}"#.utf8), key: Ed25519PrivateKey = key
    ) -> SignedStatement {
        try! SignedStatement.sign(
            issuer: issuer, subject: "model:minilm-l6-v2", contentType: .mediaType("application/json"),
            payload: payload, key: key,
            unprotectedHeader: [.text("note"): .text("dropped"), .unsigned(33): .bytes([0xAA, 0xBB])])
    }
}

private func expectCode(
    _ code: StatementsError.Code, _ bytes: [UInt8], policy: RegistrationPolicy = Fixture.policy,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        _ = try policy.check(bytes)
        Issue.record("registered; expected \(code)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
    }
}

/// A statement signed with `key` over a protected header made by changing the fixture's header.
private func statement(
    key: Ed25519PrivateKey = Fixture.key, payload: [UInt8] = [1, 2, 3], _ change: (inout [CBOR: CBOR]) -> Void
) -> [UInt8] {
    var header = statementHeader(issuer: Fixture.issuer, key: key)
    change(&header)
    return signedMessage(protected: header, payload: payload, key: key)
}

private func changeClaims(_ header: inout [CBOR: CBOR], _ change: (inout [CBOR: CBOR]) -> Void) {
    var claims = header[.unsigned(15)]!.map!
    change(&claims)
    header[.unsigned(15)] = .map(claims)
}

@Suite struct RegistrationTests {
    @Test func signedStatementRegisters() throws {
        let statement = Fixture.statement()
        let registration = try Fixture.policy.check(statement.encoded())
        #expect(registration.form == .signedStatement(statement))
        #expect(registration.issuer == Fixture.issuer)
        #expect(registration.issuerKey.publicKey == Fixture.key.publicKey)
        #expect(registration.leaf == statement.leaf)
        #expect(registration.airReceipt == nil)
        // The leaf registers too, to the same leaf.
        #expect(try Fixture.policy.check(registration.leaf).leaf == registration.leaf)
    }

    @Test func theKidSelectsAmongAnIssuersKeys() throws {
        let registration = try Fixture.policy.check(Fixture.statement(key: Fixture.secondKey).encoded())
        #expect(registration.issuerKey.publicKey == Fixture.secondKey.publicKey)
    }

    // Form (a): an AIR v1 receipt, unchanged; its iss selects the issuer.
    @Test(arguments: AIRVector.valid)
    func airReceiptRegistersDirectly(vector: AIRVector) throws {
        let registration = try Fixture.policy.check(vector.receipt)
        guard case .airReceipt(let receipt) = registration.form else {
            Issue.record("registered as \(registration.form)")
            return
        }
        #expect(registration.leaf == vector.receipt)
        #expect(receipt.encoded() == vector.receipt)
        #expect(registration.issuer == "cyntrisec.com")
        #expect(registration.airClaims?.issuedAt == vector.claims?.iat)
        #expect(registration.airReceipt == receipt)
    }

    // Form (b): an AIR v1 receipt, unchanged, as the payload of a signed statement.
    @Test(arguments: AIRVector.valid)
    func airReceiptRegistersWrapped(vector: AIRVector) throws {
        let statement = try SignedStatement.sign(
            issuer: Fixture.issuer, subject: "model:\(vector.claims!.model_id)", contentType: .airReceipt,
            payload: vector.receipt, key: Fixture.key)
        let registration = try Fixture.policy.check(statement.encoded())
        #expect(registration.form == .signedStatement(statement))
        #expect(registration.airReceipt?.encoded() == vector.receipt)
        #expect(registration.airClaims?.modelID == vector.claims?.model_id)
        #expect(registration.issuer == Fixture.issuer)
    }

    // Registration runs AIR layers 1–3 with the issuer list's key; layer 4 is the relying party's.
    @Test(arguments: AIRVector.invalid)
    func invalidAIRVectorsRegisterAsTheirLayersSay(vector: AIRVector) throws {
        let failure = vector.expected_failure!
        if failure.layer == 4 {
            #expect(try Fixture.policy.check(vector.receipt).leaf == vector.receipt)
        } else if failure.code == "SIG_FAILED" {
            let wrongKey = try IssuerList(keys: [IssuerKey(name: "cyntrisec.com", publicKey: vector.verificationKey)])
            expectCode(.signatureFailed, vector.receipt, policy: RegistrationPolicy(issuers: wrongKey))
        } else {
            expectCode(StatementsError.Code(failure.code), vector.receipt)
        }
    }

    @Test func wrappedAIRReceiptIsChecked() throws {
        let zero = AIRVector.load("invalid/v1-zero-model-hash.json")
        let wrapped = try SignedStatement.sign(
            issuer: Fixture.issuer, subject: "s", contentType: .airReceipt, payload: zero.receipt, key: Fixture.key)
        expectCode(.zeroModelHash, wrapped.encoded())
        let garbage = try SignedStatement.sign(
            issuer: Fixture.issuer, subject: "s", contentType: .airReceipt, payload: [0xFF], key: Fixture.key)
        expectCode(.notCBOR, garbage.encoded())
        // The same bytes under another content type are an opaque payload.
        let opaque = try SignedStatement.sign(
            issuer: Fixture.issuer, subject: "s", contentType: .mediaType("application/cwt"), payload: zero.receipt,
            key: Fixture.key)
        #expect(try Fixture.policy.check(opaque.encoded()).airReceipt == nil)
    }

    @Test func directAIRReceiptDropsItsUnprotectedHeader() throws {
        let vector = AIRVector.valid[0]
        var message = try COSESign1.parse(vector.receipt)
        message.unprotectedHeader = [.text("note"): .text("dropped")]
        let registration = try Fixture.policy.check(message.encoded(tagged: true))
        #expect(registration.leaf == vector.receipt)
    }

    @Test func directAIRReceiptOfUnknownIssuerIsRejected() throws {
        let only = try IssuerList(keys: [IssuerKey(name: Fixture.issuer, publicKey: Fixture.key.publicKey)])
        expectCode(.unknownIssuer, AIRVector.valid[0].receipt, policy: RegistrationPolicy(issuers: only))
    }

    // MARK: - Each registration check, in order

    @Test func statementTooLarge() throws {
        // The leaf limit is 65,535 bytes; find the payload size that reaches it exactly.
        let base = Fixture.statement(payload: []).leaf.count
        let fits = 65_535 - base - 2  // a bstr of 256…65535 bytes has a 3-byte head instead of 1
        let atLimit = Fixture.statement(payload: [UInt8](repeating: 7, count: fits))
        #expect(atLimit.leaf.count == 65_535)
        #expect(try Fixture.policy.check(atLimit.encoded()).leaf.count == 65_535)
        let header = statementHeader(issuer: Fixture.issuer, subject: "model:minilm-l6-v2", key: Fixture.key)
        let over = signedMessage(protected: header, payload: [UInt8](repeating: 7, count: fits + 1), key: Fixture.key)
        #expect(over.count == 65_536)
        expectCode(.statementTooLarge, over)
        // A large unprotected header is dropped from the leaf and does not count…
        let padded = signedMessage(
            protected: header, unprotected: [.text("pad"): .bytes([UInt8](repeating: 0, count: 100_000))],
            payload: [1], key: Fixture.key)
        #expect(try Fixture.policy.check(padded).leaf.count < 1000)
        // …but the submitted statement is bounded too.
        let huge = signedMessage(
            protected: header, unprotected: [.text("pad"): .bytes([UInt8](repeating: 0, count: 1 << 20))],
            payload: [1], key: Fixture.key)
        expectCode(.statementTooLarge, huge)
    }

    @Test func notCBOR() {
        expectCode(.notCBOR, [])
        expectCode(.notCBOR, [0xFF])
        expectCode(.notCBOR, Array(Fixture.statement().encoded().dropLast()))
        expectCode(.notCBOR, Fixture.statement().encoded() + [0x00])
    }

    @Test func notCOSESign1() {
        let good = Fixture.statement().encoded()
        expectCode(.notCOSESign1, CBOR.unsigned(7).encoded())
        expectCode(.notCOSESign1, CBOR.tagged(18, .array([.bytes([0xA0]), .map([:]), .bytes([])])).encoded())
        expectCode(.notCOSESign1, Array(good.dropFirst()))  // untagged
        expectCode(.notCOSESign1, [0xD1] + good.dropFirst())  // tag 17, COSE_Mac0
    }

    /// The entry rule (specs/statements.md, "Leaf form"), both ways. A statement in shortest
    /// form, whatever its unprotected header's encoding, enters the log as its own bytes with the
    /// unprotected header replaced by `a0` in place, which is what a verifier that only empties
    /// that header computes. A statement whose other heads are not in shortest form would enter
    /// as other bytes, so it is refused.
    @Test func theEntryIsTheSubmittedBytesWithTheUnprotectedHeaderEmptied() throws {
        let header = statementHeader(issuer: Fixture.issuer, key: Fixture.key)
        let signed = COSESign1.sign(protectedHeader: header, payload: [1, 2, 3], key: Fixture.key)
        let protectedItem = CBOR.bytes(signed.protectedBytes).encoded()
        let tail = CBOR.bytes([1, 2, 3]).encoded() + CBOR.bytes(signed.signature).encoded()
        // An unprotected header in a valid but non-deterministic encoding: keys out of order and
        // an integer in a longer head than needed.
        let unprotected: [UInt8] = [0xA2, 0x61, 0x6E, 0x19, 0x00, 0x07, 0x18, 0x21, 0x41, 0xAA]
        let submitted = [0xD2, 0x84] + protectedItem + unprotected + tail
        let swapped = [0xD2, 0x84] + protectedItem + [0xA0] + tail
        #expect(try Fixture.policy.check(submitted).leaf == swapped)

        let shortestArray: [UInt8] = [0xD2, 0x84]
        let nonShortest: [[UInt8]] = [
            [0xD2, 0x98, 0x04] + protectedItem + [0xA0] + tail,  // the array head in two bytes
            [0xD8, 0x12, 0x84] + protectedItem + [0xA0] + tail,  // tag 18 in two bytes
            shortestArray + [0x59, 0x00, UInt8(signed.protectedBytes.count)] + signed.protectedBytes + [0xA0] + tail,
            shortestArray + protectedItem + [0xA0] + [0x59, 0x00, 0x03, 1, 2, 3] + CBOR.bytes(signed.signature).encoded(),
        ]
        // (Indefinite lengths are not CBOR this log reads at all: NOT_CBOR.)
        expectCode(.notCBOR, shortestArray + protectedItem + [0xA0] + CBOR.bytes([1, 2, 3]).encoded() + [0x5F, 0x58, 0x40] + signed.signature + [0xFF])
        for bytes in nonShortest {
            // Each is a valid COSE_Sign1 with a good signature, so only the encoding is refused.
            let message = try COSESign1.parse(bytes)
            try message.verify(key: Fixture.key.publicKey)
            if bytes.first == 0xD2 {
                expectCode(.nonCanonicalEnvelope, bytes)
            } else {
                expectCode(.notCOSESign1, bytes)
            }
        }
    }

    @Test func badAlgorithm() {
        expectCode(.badAlgorithm, statement { $0[.unsigned(1)] = .int(-7) })
        expectCode(.badAlgorithm, statement { $0[.unsigned(1)] = nil })
        expectCode(.badAlgorithm, statement { $0[.unsigned(1)] = .text("EdDSA") })
    }

    @Test func missingPayload() {
        let header = statementHeader(issuer: Fixture.issuer, key: Fixture.key)
        let detached = COSESign1.sign(protectedHeader: header, payload: [1, 2, 3], detached: true, key: Fixture.key)
        expectCode(.missingPayload, detached.encoded(tagged: true))
    }

    @Test func badCritical() throws {
        expectCode(.badCritical, statement { $0[.unsigned(2)] = .array([.unsigned(99)]) })
        expectCode(.badCritical, statement { $0[.unsigned(2)] = .array([]) })
        expectCode(.badCritical, statement { $0[.unsigned(2)] = .unsigned(15) })
        expectCode(.badCritical, statement { $0[.unsigned(2)] = .array([.unsigned(15), .unsigned(4)]) })
        expectCode(.badCritical, statement { $0[.unsigned(2)] = .array([.unsigned(395)]) })
        // Marking the CWT claims critical is allowed: the log processes them.
        _ = try Fixture.policy.check(statement { $0[.unsigned(2)] = .array([.unsigned(15)]) })
    }

    @Test func badCWTClaims() {
        expectCode(.badCWTClaims, statement { $0[.unsigned(15)] = nil })
        expectCode(.badCWTClaims, statement { $0[.unsigned(15)] = .text("iss=example.com") })
        // CWT claims in the unprotected header do not count.
        var header = statementHeader(issuer: Fixture.issuer, key: Fixture.key)
        let claims = header.removeValue(forKey: .unsigned(15))!
        expectCode(.badCWTClaims, signedMessage(protected: header, unprotected: [.unsigned(15): claims], payload: [1], key: Fixture.key))
    }

    @Test func badIssuer() {
        expectCode(.badIssuer, statement { changeClaims(&$0) { $0[.unsigned(1)] = nil } })
        expectCode(.badIssuer, statement { changeClaims(&$0) { $0[.unsigned(1)] = .text("") } })
        expectCode(.badIssuer, statement { changeClaims(&$0) { $0[.unsigned(1)] = .bytes(Array("a".utf8)) } })
        expectCode(.badIssuer, statement { changeClaims(&$0) { $0[.unsigned(1)] = .text(String(repeating: "é", count: 8193)) } })
    }

    @Test func issuerOf8192CharactersPassesTheStructuralChecks() throws {
        let name = String(repeating: "é", count: 8192)
        let statement = try SignedStatement.sign(issuer: name, subject: "s", contentType: nil, payload: [1], key: Fixture.key)
        #expect(statement.issuer == name)
        let list = try IssuerList(keys: [IssuerKey(name: name, publicKey: Fixture.key.publicKey)])
        _ = try RegistrationPolicy(issuers: list).check(statement.encoded())
    }

    @Test func missingSubject() {
        expectCode(.missingSubject, statement { changeClaims(&$0) { $0[.unsigned(2)] = nil } })
        expectCode(.missingSubject, statement { changeClaims(&$0) { $0[.unsigned(2)] = .unsigned(2) } })
    }

    @Test func badKeyID() {
        expectCode(.badKeyID, statement { $0[.unsigned(4)] = nil })
        expectCode(.badKeyID, statement { $0[.unsigned(4)] = .bytes([1, 2, 3]) })
        expectCode(.badKeyID, statement { $0[.unsigned(4)] = .bytes(Fixture.key.publicKey.bytes) })
        expectCode(.badKeyID, statement { $0[.unsigned(4)] = .unsigned(0x1234_5678) })
    }

    @Test func badContentType() {
        expectCode(.badContentType, statement { $0[.unsigned(3)] = .int(-1) })
        expectCode(.badContentType, statement { $0[.unsigned(3)] = .unsigned(65_536) })
        expectCode(.badContentType, statement { $0[.unsigned(3)] = .text("") })
        expectCode(.badContentType, statement { $0[.unsigned(3)] = .bytes([61]) })
    }

    @Test func unknownIssuer() {
        expectCode(.unknownIssuer, statement { changeClaims(&$0) { $0[.unsigned(1)] = .text("stranger.example") } })
    }

    @Test func unknownKeyID() {
        // Signed by a key the issuer list does not hold for this issuer: its kid is unknown.
        expectCode(.unknownKeyID, statement(key: testKey(0x99)) { _ in })
    }

    @Test func badSignature() {
        // The kid of a listed key, but signed by another key.
        let forged = signedMessage(
            protected: statementHeader(issuer: Fixture.issuer, key: Fixture.key), payload: [1, 2, 3], key: testKey(0x99))
        expectCode(.signatureFailed, forged)
        // The kid of the issuer's second key over a signature by its first.
        expectCode(.signatureFailed, statement { $0[.unsigned(4)] = .bytes(IssuerKey.bytes(ofKeyID: IssuerKey.keyID(name: Fixture.issuer, publicKey: Fixture.secondKey.publicKey))) })
    }

    @Test func badSignatureLength() throws {
        var message = try COSESign1.parse(Fixture.statement().encoded())
        message.signature.removeLast()
        expectCode(.badSignatureLength, message.encoded(tagged: true))
        message.signature += [0, 0]
        expectCode(.badSignatureLength, message.encoded(tagged: true))
    }

    // Flip every bit of a statement with an unprotected header: each result is rejected, or — only
    // for bits inside the unprotected header — registers with the same leaf.
    @Test func tamperedBitSweep() throws {
        let statement = Fixture.statement(payload: Array("short".utf8))
        let bytes = statement.encoded()
        let leaf = try Fixture.policy.check(bytes).leaf
        // d2 84, the protected bstr, then the unprotected map.
        let unprotectedStart = 2 + CBOR.bytes(statement.message.protectedBytes).encoded().count
        let unprotectedRange = unprotectedStart..<(unprotectedStart + CBOR.map(statement.message.unprotectedHeader).encoded().count)
        var accepted = 0
        for index in bytes.indices {
            for bit in 0..<8 {
                var tampered = bytes
                tampered[index] ^= 1 << bit
                guard let registration = try? Fixture.policy.check(tampered) else { continue }
                accepted += 1
                #expect(unprotectedRange.contains(index), "byte \(index) bit \(bit) registered")
                #expect(registration.leaf == leaf, "byte \(index) bit \(bit) changed the leaf")
            }
        }
        // Some flips inside the unprotected header's values keep it well-formed.
        #expect(accepted > 0)
    }
}
