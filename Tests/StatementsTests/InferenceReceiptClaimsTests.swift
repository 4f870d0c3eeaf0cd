import CBOR
import Merkle
import Statements
import Testing

@Suite struct InferenceReceiptClaimsTests {
    typealias S = ProfileTestSupport
    static let salt = [UInt8](1...32)

    static func commitments() -> [Commitment] {
        [
            try! Commitment.commit(to: Array("{\"max_tokens\":64}".utf8), field: .parameters, salt: salt),
            try! Commitment.commit(to: Array("What is 2+2?".utf8), field: .request, salt: salt),
            try! Commitment.commit(to: Array("4".utf8), field: .response, salt: salt),
        ]
    }

    static func minimal() -> InferenceReceiptClaims {
        InferenceReceiptClaims(
            issuer: "inference.example", subject: "deployment/llama-7b", issuedAt: 1_767_225_600,
            cwtID: [UInt8](0x10..<0x20), modelID: "llama-7b", modelVersion: "2.0.0",
            modelHash: try! Hash(hex: String(repeating: "55", count: 32)), modelHashScheme: .receiptlogManifestV1,
            commitments: commitments())
    }

    static func full() -> InferenceReceiptClaims {
        var c = minimal()
        c.nonce = Array("deadbeefcafebabe".utf8)
        c.evidence = [
            try! InferenceReceiptEvidence(
                kind: "sev-snp-report", mediaType: "application/octet-stream", digest: try! Hash(hex: String(repeating: "a1", count: 32))),
            try! InferenceReceiptEvidence(
                kind: "nvidia-gpu-evidence", mediaType: "application/json", digest: try! Hash(hex: String(repeating: "b2", count: 32))),
        ]
        c.keyBinding = "report-data-sha256-pubkey"
        c.attestationDocHash = try! Hash(hex: String(repeating: "88", count: 32))
        c.measurements = try! AIRMeasurements(
            platform: .tdx, pcr0: [UInt8](repeating: 0x10, count: 48), pcr1: [UInt8](repeating: 0x20, count: 48),
            pcr2: [UInt8](repeating: 0x30, count: 48))
        c.securityMode = "ShieldMode"
        c.imageDigest = try! InferenceReceiptDigest("sha256:" + String(repeating: "0f", count: 32))
        c.configDigest = try! InferenceReceiptDigest("sha512:" + String(repeating: "e1", count: 64))
        c.project = "tenant-42"
        c.operatorName = "ops@inference.example"
        c.freshness = try! InferenceReceiptFreshness(notBefore: 1_767_225_500, notAfter: 1_767_225_900)
        c.policyVersion = "policy-2026.03"
        c.sequenceNumber = 7
        c.executionTimeMilliseconds = 2500
        c.memoryPeakMegabytes = 8192
        return c
    }

    /// The worked example of specs/receipt-profile.md §Claims; its commitment values agree with
    /// Python's hmac module.
    @Test func specificationExample() throws {
        let hex = "aa0171696e666572656e63652e6578616d706c6502736465706c6f796d656e742f6c6c616d612d3762061a6955b900"
            + "0750101112131415161718191a1b1c1d1e1f190109783368747470733a2f2f726563656970746c6f672e6465762f70726f"
            + "66696c652f696e666572656e63652d726563656970742f76313a00010000686c6c616d612d37623a0001000165322e302e"
            + "303a00010002582055555555555555555555555555555555555555555555555555555555555555553a0001000c781d7265"
            + "63656970746c6f672d7368613235362d6d616e69666573742d76313a00010046a36772657175657374826e686d61632d73"
            + "68613235362d763158207426f47dbe893121858c78ef94f3e2e8cc32abb17fb06a03ad095eb69a7adede68726573706f6e"
            + "7365826e686d61632d7368613235362d763158206cdcda94706aba309e57261b551c380ed6c7fbcc8a357ea5bd76bacf38"
            + "72dca66a706172616d6574657273826e686d61632d7368613235362d76315820461c87b9506cf1fa63cb92ab191047917e"
            + "a280916ed019b3762768551c1dfef0"
        #expect(S.hex(try Self.minimal().encoded()) == hex)
        #expect(try InferenceReceiptClaims(encoded: S.unhex(hex)) == Self.minimal())
    }

    @Test(arguments: [minimal(), full()])
    func roundTrips(claims: InferenceReceiptClaims) throws {
        let bytes = try claims.encoded()
        let decoded = try InferenceReceiptClaims(encoded: bytes)
        #expect(decoded == claims)
        #expect(try decoded.encoded() == bytes)
        // The encoding is deterministic CBOR that the general decoder accepts as such.
        #expect(try CBOR.decode(bytes, requireDeterministic: true).encoded() == bytes)
    }

    @Test func encodingUsesTheDocumentedKeysAndShapes() throws {
        let map = try #require(CBOR.decode(try Self.full().encoded()).map)
        #expect(map[.unsigned(265)] == .text("https://receiptlog.dev/profile/inference-receipt/v1"))
        #expect(map[.int(-65549)] == .text("receiptlog-sha256-manifest-v1"))
        #expect(map[.int(-65606)] == .array([.unsigned(1_767_225_500), .unsigned(1_767_225_900)]))
        let request = try #require(map[.int(-65607)]?.map?[.text("request")]?.array)
        #expect(request.first == .text("hmac-sha256-v1"))
        #expect(request.last?.byteString == Self.commitments()[1].value)
        let evidence = try #require(map[.int(-65600)]?.array?.first?.map)
        #expect(evidence[.text("kind")] == .text("sev-snp-report"))
        #expect(map[.int(-65540)] == nil && map[.int(-65541)] == nil)  // no bare request/response hashes
        #expect(map.count == InferenceReceiptClaims.Key.all.count)
    }

    /// Encodes `claims` with one claim replaced (or removed, for nil) and decodes the result.
    func decodeEdited(_ key: CBOR, _ value: CBOR?, from claims: InferenceReceiptClaims = full()) throws {
        var map = claims.cbor.map!
        map[key] = value
        _ = try InferenceReceiptClaims(encoded: CBOR.map(map).encoded())
    }

    @Test func refusesMissingRequiredClaims() {
        let required: [CBOR] = [
            .unsigned(1), .unsigned(2), .unsigned(6), .unsigned(7), .unsigned(265), .int(-65537), .int(-65538),
            .int(-65539), .int(-65549), .int(-65607),
        ]
        for key in required {
            #expect(throws: StatementsError.self, "\(key)") { try decodeEdited(key, nil) }
        }
    }

    @Test func refusesUnknownClaimsIncludingAIRBareHashes() {
        for key in [CBOR.unsigned(3), .unsigned(4), .int(-65540), .int(-65541), .int(-65550), .int(-65608), .text("iss")] {
            #expect(throws: StatementsError(.badReceiptClaims, ""), "\(key)") { try decodeEdited(key, .unsigned(1)) }
        }
    }

    @Test func refusesIllTypedAndOutOfRangeClaims() {
        let cases: [(CBOR, CBOR)] = [
            (.unsigned(1), .bytes([1])), (.unsigned(1), .text("")), (.unsigned(2), .unsigned(5)),
            (.unsigned(6), .unsigned(0)), (.unsigned(6), .int(-1)), (.unsigned(6), .text("now")),
            (.unsigned(7), .bytes([UInt8](repeating: 1, count: 15))), (.unsigned(10), .bytes([1, 2, 3])),
            (.unsigned(10), .bytes([UInt8](repeating: 1, count: 65))),
            (.int(-65537), .text(String(repeating: "m", count: 1025))),
            (.int(-65539), .bytes([UInt8](repeating: 0, count: 32))), (.int(-65539), .bytes([1])),
            (.int(-65542), .bytes([1, 2])),
            (.int(-65545), .int(-3)),
            (.int(-65600), .array([])),
            (.int(-65600), .array([.map([.text("kind"): .text("X"), .text("media_type"): .text("a/b"), .text("digest"): .bytes([UInt8](repeating: 1, count: 32))])])),
            (.int(-65600), .array([.map([.text("kind"): .text("x"), .text("media_type"): .text("ab"), .text("digest"): .bytes([UInt8](repeating: 1, count: 32))])])),
            (.int(-65600), .array([.map([.text("kind"): .text("x"), .text("media_type"): .text("a/b"), .text("digest"): .bytes([1])])])),
            (.int(-65601), .text("Report Data")),
            (.int(-65602), .text("sha256:" + String(repeating: "0F", count: 32))),
            (.int(-65602), .text("md5:" + String(repeating: "0f", count: 16))),
            (.int(-65603), .text("sha256:abc")),
            (.int(-65606), .array([.unsigned(1_767_225_900), .unsigned(1_767_225_500)])),
            (.int(-65606), .array([.unsigned(1), .unsigned(2)])),  // iat outside the window
            (.int(-65606), .array([.unsigned(1)])),
            (.int(-65607), .map([:])),
            (.int(-65607), .map([.text("request"): .array([.text("hmac-sha256-v1"), .bytes([1])])])),
            (.int(-65607), .map([.text("Request"): .array([.text("hmac-sha256-v1"), .bytes([UInt8](repeating: 1, count: 32))])])),
        ]
        for (key, value) in cases {
            #expect(throws: StatementsError.self, "\(key) = \(value)") { try decodeEdited(key, value) }
        }
    }

    @Test func evidenceAndKeyBindingComeTogether() {
        #expect(throws: StatementsError(.badReceiptClaims, "")) { try decodeEdited(.int(-65601), nil) }
        #expect(throws: StatementsError(.badReceiptClaims, "")) { try decodeEdited(.int(-65600), nil) }
        var claims = Self.minimal()
        claims.keyBinding = "nitro-public-key"
        #expect(throws: StatementsError(.badReceiptClaims, "")) { try claims.encoded() }
    }

    @Test func commitmentsNeedRequestAndResponseAndKnownSchemes() {
        var claims = Self.minimal()
        claims.commitments.removeAll { $0.field == .response }
        #expect(throws: StatementsError(.badReceiptClaims, "")) { try claims.encoded() }
        claims.commitments = Self.commitments() + [Self.commitments()[1]]
        #expect(throws: StatementsError(.badReceiptClaims, "")) { try claims.encoded() }
        var map = Self.minimal().cbor.map!
        var commitments = map[.int(-65607)]!.map!
        commitments[.text("request")] = .array([.text("hmac-sha512-v1"), .bytes([UInt8](repeating: 1, count: 32))])
        map[.int(-65607)] = .map(commitments)
        #expect(throws: StatementsError(.unknownCommitmentScheme, "")) {
            try InferenceReceiptClaims(encoded: CBOR.map(map).encoded())
        }
    }

    @Test func failsClosedOnUnknownModelHashSchemeAndWrongProfile() {
        #expect(throws: StatementsError(.unknownModelHashScheme, "")) { try decodeEdited(.int(-65549), .text("sha3-manifest")) }
        #expect(throws: StatementsError(.wrongReceiptProfile, "")) {
            try decodeEdited(.unsigned(265), .text("https://spec.cyntrisec.com/air/v1"))
        }
        for name in ["receiptlog-sha256-manifest-v1", "sha256-single", "sha256-concat", "sha256-manifest"] {
            #expect(throws: Never.self) { try decodeEdited(.int(-65549), .text(name)) }
        }
    }

    @Test func refusesNonDeterministicAndMalformedEncodings() throws {
        let bytes = try Self.minimal().encoded()
        // The same map with its first two entries swapped: keys out of order.
        let map = try #require(CBOR.decode(bytes).map)
        let sorted = map.sorted { $0.key.encoded().lexicographicallyPrecedes($1.key.encoded()) }
        var swapped: [UInt8] = [bytes[0]]
        for (k, v) in [sorted[1], sorted[0]] + sorted[2...] { swapped += k.encoded() + v.encoded() }
        #expect(throws: StatementsError(.receiptNotDeterministic, "")) { try InferenceReceiptClaims(encoded: swapped) }
        // cti's length head 0x50 (a 16-byte string) written in the longer form 0x58 0x10.
        let cti: [UInt8] = [0x07, 0x50]
        let at = try #require(bytes.firstRange(of: cti))
        var long = bytes
        long.replaceSubrange(at, with: [0x07, 0x58, 0x10])
        #expect(throws: StatementsError(.receiptNotDeterministic, "")) { try InferenceReceiptClaims(encoded: long) }
        #expect(throws: StatementsError(.badReceiptClaims, "")) { try InferenceReceiptClaims(encoded: bytes + [0]) }
        #expect(throws: StatementsError(.badReceiptClaims, "")) { try InferenceReceiptClaims(encoded: bytes.dropLast()) }
        #expect(throws: StatementsError(.badReceiptClaims, "")) { try InferenceReceiptClaims(encoded: CBOR.array([]).encoded()) }
        #expect(throws: StatementsError(.badReceiptClaims, "")) {
            try InferenceReceiptClaims(encoded: [UInt8](repeating: 0, count: 65_536))
        }
    }

    @Test func everyTruncationIsRefused() throws {
        let bytes = try Self.full().encoded()
        for n in 0..<bytes.count {
            #expect(throws: StatementsError.self) { try InferenceReceiptClaims(encoded: bytes.prefix(n)) }
        }
    }
}
