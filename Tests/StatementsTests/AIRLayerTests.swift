import CBOR
import COSE
import CryptoPrimitives
import Testing
@testable import Statements

/// The valid Nitro vector's claims map, for tests to change one claim of.
private let nitroClaims: [CBOR: CBOR] = try! CBOR.decode(
    unhex(AIRVector.load("valid/v1-nitro-no-nonce.json").payload_hex!)).map!

private let airHeader: [CBOR: CBOR] = [.unsigned(1): .int(-8), .unsigned(3): .unsigned(61)]

/// A receipt over `claims` (changed by `change`) signed with the vectors' key.
private func receipt(
    header: [CBOR: CBOR] = airHeader, unprotected: [CBOR: CBOR] = [:], _ change: (inout [CBOR: CBOR]) -> Void = { _ in }
) -> [UInt8] {
    var claims = nitroClaims
    change(&claims)
    return signedMessage(protected: header, unprotected: unprotected, payload: CBOR.map(claims).encoded(), key: airVectorKey)
}

private func measurements(_ change: @escaping (inout [CBOR: CBOR]) -> Void) -> (inout [CBOR: CBOR]) -> Void {
    { claims in
        var map = claims[AIRClaims.Key.measurements]!.map!
        change(&map)
        claims[AIRClaims.Key.measurements] = .map(map)
    }
}

private func expectAIR(_ code: StatementsError.Code, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try AIRReceipt.verify(bytes, key: airVectorKey.publicKey, now: 1_740_500_000)
        Issue.record("verified; expected \(code)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(AIRLayer(code: error.code) != nil, sourceLocation: sourceLocation)
    }
}

@Suite struct AIRLayerTests {
    @Test func unchangedClaimsVerify() throws {
        _ = try AIRReceipt.verify(receipt(), key: airVectorKey.publicKey, now: 1)
    }

    @Test func layer1Parse() {
        let good = receipt()
        expectAIR(.receiptTooLarge, receipt { $0[AIRClaims.Key.modelID] = .text(String(repeating: "m", count: 70_000)) })
        expectAIR(.notCBOR, [0x9F])
        expectAIR(.notCOSESign1, CBOR.array([]).encoded())
        expectAIR(.notCOSESign1, Array(good.dropFirst()))
        expectAIR(.badAlgorithm, receipt(header: [.unsigned(1): .int(-7), .unsigned(3): .unsigned(61)]))
        expectAIR(.badAlgorithm, receipt(header: [.unsigned(3): .unsigned(61)]))
        expectAIR(.badContentType, receipt(header: [.unsigned(1): .int(-8), .unsigned(3): .unsigned(60)]))
        expectAIR(.badContentType, receipt(header: [.unsigned(1): .int(-8)]))
        expectAIR(.protectedHeaderNotClosed, receipt(header: airHeader.merging([.unsigned(4): .bytes([1])]) { a, _ in a }))
        expectAIR(.unprotectedNotEmpty, receipt(unprotected: [.unsigned(4): .bytes([1])]))
        expectAIR(.payloadNotMap, signedMessage(protected: airHeader, payload: CBOR.array([]).encoded(), key: airVectorKey))
        expectAIR(.payloadNotMap, signedMessage(protected: airHeader, payload: [0xA1, 0x01], key: airVectorKey))
        expectAIR(.wrongProfile, receipt { $0[AIRClaims.Key.profile] = .text("https://spec.cyntrisec.com/air/v2") })
        expectAIR(.wrongProfile, receipt { $0[AIRClaims.Key.profile] = nil })
        let detached = COSESign1.sign(protectedHeader: airHeader, payload: [0xA0], detached: true, key: airVectorKey)
        expectAIR(.missingPayload, detached.encoded(tagged: true))
    }

    @Test func layer2Crypto() throws {
        var message = try COSESign1.parse(receipt())
        message.signature.removeLast()
        expectAIR(.badSignatureLength, message.encoded(tagged: true))
        message.signature.append(0)
        expectAIR(.signatureFailed, message.encoded(tagged: true))
    }

    @Test func layer3Claims() {
        expectAIR(.missingClaim, receipt { $0[AIRClaims.Key.cwtID] = nil })
        expectAIR(.wrongType, receipt { $0[AIRClaims.Key.cwtID] = .text("0102") })
        expectAIR(.badCTILength, receipt { $0[AIRClaims.Key.cwtID] = .bytes([UInt8](repeating: 1, count: 15)) })
        expectAIR(.zeroIssuedAt, receipt { $0[AIRClaims.Key.issuedAt] = .unsigned(0) })
        expectAIR(.wrongType, receipt { $0[AIRClaims.Key.issuedAt] = .int(-5) })
        expectAIR(.wrongType, receipt { $0[AIRClaims.Key.issuedAt] = .float(1.5e9) })
        expectAIR(.badNonceLength, receipt { $0[AIRClaims.Key.nonce] = .bytes([1, 2, 3, 4, 5, 6, 7]) })
        expectAIR(.badNonceLength, receipt { $0[AIRClaims.Key.nonce] = .bytes([UInt8](repeating: 1, count: 65)) })
        expectAIR(.badHashLength, receipt { $0[AIRClaims.Key.requestHash] = .bytes([UInt8](repeating: 1, count: 31)) })
        expectAIR(.zeroModelHash, receipt { $0[AIRClaims.Key.modelHash] = .bytes([UInt8](repeating: 0, count: 32)) })
        expectAIR(.badTextClaim, receipt { $0[AIRClaims.Key.modelID] = .text("") })
        expectAIR(.badTextClaim, receipt { $0[AIRClaims.Key.securityMode] = .text(String(repeating: "s", count: 1025)) })
        expectAIR(.wrongType, receipt { $0[AIRClaims.Key.sequenceNumber] = .text("42") })
        expectAIR(.missingClaim, receipt { $0[AIRClaims.Key.memoryPeak] = nil })
        expectAIR(.wrongType, receipt { $0[AIRClaims.Key.measurements] = .array([]) })
        expectAIR(.unknownMeasurementType, receipt(measurements { $0[.text("measurement_type")] = .text("sev-snp") }))
        expectAIR(.missingClaim, receipt(measurements { $0[.text("pcr1")] = nil }))
        expectAIR(.badMeasurementLength, receipt(measurements { $0[.text("pcr2")] = .bytes([UInt8](repeating: 3, count: 32)) }))
        expectAIR(.badMeasurementLength, receipt(measurements { $0[.text("pcr8")] = .bytes([UInt8](repeating: 8, count: 47)) }))
        expectAIR(.tdxPCR8Forbidden, receipt(measurements {
            $0[.text("measurement_type")] = .text("tdx-mrtd-rtmr")
            $0[.text("pcr8")] = .bytes([UInt8](repeating: 8, count: 48))
        }))
        expectAIR(.unknownMeasurementKey, receipt(measurements { $0[.text("pcr3")] = .bytes([UInt8](repeating: 3, count: 48)) }))
        expectAIR(.unknownAIRModelHashScheme, receipt { $0[AIRClaims.Key.modelHashScheme] = .text("md5") })
        expectAIR(.wrongType, receipt { $0[AIRClaims.Key.modelHashScheme] = .unsigned(1) })
        expectAIR(.unknownClaimKey, receipt { $0[.int(-65550)] = .text("reserved") })
        expectAIR(.unknownClaimKey, receipt { $0[.text("extra")] = .text("x") })
    }

    @Test func optionalClaimsAreAccepted() throws {
        let bytes = receipt {
            $0[AIRClaims.Key.modelHashScheme] = .text("sha256-manifest")
            $0[AIRClaims.Key.nonce] = .bytes([UInt8](repeating: 9, count: 64))
        }
        let claims = try AIRReceipt.verify(bytes, key: airVectorKey.publicKey, now: 1)
        #expect(claims.modelHashScheme == .sha256Manifest)
        #expect(claims.nonce?.count == 64)
        let pcr8 = try AIRReceipt.verify(
            receipt(measurements { $0[.text("pcr8")] = .bytes([UInt8](repeating: 8, count: 48)) }),
            key: airVectorKey.publicKey, now: 1)
        #expect(pcr8.measurements.pcr8 == [UInt8](repeating: 8, count: 48))
    }

    @Test func signRefusesInvalidClaims() throws {
        var claims = try AIRReceipt(parsing: receipt()).validateClaims()
        claims.cwtID = [1, 2, 3]
        #expect(throws: StatementsError(.badCTILength, "")) { try AIRReceipt.sign(claims: claims, key: airVectorKey) }
    }

    @Test func everyCodeHasOneLayer() {
        #expect(AIRLayer(code: .zeroModelHash) == .claims)
        #expect(AIRLayer(code: .signatureFailed) == .crypto)
        #expect(AIRLayer(code: .badAlgorithm) == .parse)
        #expect(AIRLayer(code: .timestampStale) == .policy)
        #expect(AIRLayer(code: .unknownIssuer) == nil)
    }
}
