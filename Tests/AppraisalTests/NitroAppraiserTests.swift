import Testing
import Foundation
import Crypto
import SwiftASN1
import X509
import CBOR
import COSE
import CryptoPrimitives
import Evidence
import Appraisal
import EvidenceTestSupport

/// Tests/Vectors/tee/nitro, read from the test's folder.
enum NitroVectors {
    /// The production document (N1, N2).
    static var valid: [UInt8] { get throws { try bytes("evervault/valid-attestation-doc-bytes") } }
    /// The debug-mode document (N3).
    static var debug: [UInt8] { get throws { try bytes("evervault/debug-mode-attestation-doc-bytes") } }

    static func bytes(_ path: String) throws -> [UInt8] { try TEEVectors.bytes("nitro/" + path) }

    /// The production document's timestamp, 1665651482136 ms.
    static let validTimestamp = Date(timeIntervalSince1970: 1_665_651_482.136)
    static let debugTimestamp = Date(timeIntervalSince1970: 1_665_582_606.081)
    static let pcr0 = Hex.decode("f4d48b81a460c9916d1e685119074bf24660afd3e34fae9fca0a0d28d9d5599936332687e6f66fc890ac8cf150142d8b")!
}

/// NitroAppraiser on the real documents (Tests/Vectors/tee/README.md rows N1–N3) and on
/// variants with one thing changed.
@Suite struct NitroAppraiserTests {
    static let order = [
        "nitro.format", "nitro.signature", "chain.pinned-root", "chain.names", "chain.signatures", "chain.validity",
        "chain.ca-constraints", "chain.revocation", "chain.leaf-usage", "nitro.freshness", "debug",
    ]

    /// N1: VERIFIED at the document's own timestamp.
    @Test func n1VerifiedAtItsTimestamp() throws {
        let report = NitroAppraiser.appraise(try NitroVectors.valid, policy: .default)
        #expect(report.verdict == .verified, "\(report.checks)")
        #expect(RFC3339.string(report.instant) == "2022-10-13T08:58:02.136Z")
        #expect(report.platform == .nitro)
        #expect(report.checks.map(\.name) == Self.order)
        #expect(report.check("chain.revocation")?.status == .notChecked)
        #expect(report.check("chain.revocation")?.required == false)
        #expect(report.check("nitro.freshness")?.status == .notChecked)
        #expect(report.check("nitro.freshness")?.required == false)
        #expect(report.rootsUsed.map(\.name) == ["AWS Nitro Enclaves Root-G1"])
        #expect(report.measurements.map(\.name) == (0...15).map { "PCR\($0)" })
        #expect(report.measurements.first?.value == NitroVectors.pcr0)
        #expect(report.bindingFields.keys.sorted() == ["nonce"])
        #expect(report.bindingFields["nonce"]?.count == 256)
        // The same instant given explicitly.
        #expect(NitroAppraiser.appraise(try NitroVectors.valid, at: NitroVectors.validTimestamp, policy: .default).verdict == .verified)
        // The tagged form too.
        #expect(NitroAppraiser.appraise([0xd2] + (try NitroVectors.valid), policy: .default).verdict == .verified)
    }

    /// N2: FAILED a day after the leaf expired; chain.validity is the failing check and names the leaf.
    @Test func n2FailedAfterTheLeafExpired() throws {
        let instant = RFC3339.parse("2022-10-14T11:58:02Z")!
        let report = NitroAppraiser.appraise(try NitroVectors.valid, at: instant, policy: .default)
        #expect(report.verdict == .failed)
        #expect(report.instant == instant)
        #expect(report.firstFailure?.name == "chain.validity")
        #expect(report.firstFailure?.reason.contains("i-020b6af9246d90e92-enc0183d09086c24190.us-east-1.aws") == true)
        #expect(report.checks.filter { $0.status == .fail }.map(\.name) == ["chain.validity"])
        #expect(report.check("nitro.signature")?.status == .pass)
        #expect(report.check("chain.signatures")?.status == .pass)
    }

    /// N3: FAILED on debug; VERIFIED when the policy allows debug, and the report says so.
    @Test func n3DebugEnclave() throws {
        let report = NitroAppraiser.appraise(try NitroVectors.debug, policy: .default)
        #expect(report.verdict == .failed)
        #expect(RFC3339.string(report.instant) == "2022-10-12T13:50:06.081Z")
        #expect(report.checks.filter { $0.status == .fail }.map(\.name) == ["debug"])
        var policy = AppraisalPolicy()
        policy.allowDebug = true
        let allowed = NitroAppraiser.appraise(try NitroVectors.debug, policy: policy)
        #expect(allowed.verdict == .verified, "\(allowed.checks)")
        #expect(allowed.check("debug")?.status == .pass)
        #expect(allowed.check("debug")?.reason.hasPrefix("debug allowed by policy") == true)
        #expect(allowed.bindingFields["public_key"] == Array("my super secret key".utf8))
        #expect(allowed.bindingFields["user_data"] == Array("hello, world!".utf8))
        #expect(allowed.bindingFields["nonce"] == nil)
    }

    /// One bit flipped in the signed payload (in module_id, in PCR0) fails nitro.signature, and
    /// the binding fields stay empty.
    @Test(arguments: [Array("i-020b6af9246d90e92-enc".utf8), Array(NitroVectors.pcr0.prefix(16))])
    func flippedPayloadBitFailsTheSignature(_ needle: [UInt8]) throws {
        var bytes = try NitroVectors.valid
        let offset = try #require(Self.firstIndex(of: needle, in: bytes))
        bytes[offset + 2] ^= 0x01
        let report = NitroAppraiser.appraise(bytes, policy: .default)
        #expect(report.check("nitro.format")?.status == .pass)
        #expect(report.firstFailure?.name == "nitro.signature")
        #expect(report.verdict == .failed)
        #expect(report.bindingFields.isEmpty)
        // The rest still ran, at the document's timestamp.
        #expect(report.checks.map(\.name) == Self.order)
        #expect(report.check("chain.validity")?.status == .pass)
    }

    @Test func freshnessAgainstTheLoggingTime() throws {
        let doc = try NitroVectors.valid
        let t = NitroVectors.validTimestamp
        let fresh = NitroAppraiser.appraise(doc, loggedBy: t.addingTimeInterval(60), policy: .default)
        #expect(fresh.check("nitro.freshness")?.status == .pass)
        #expect(fresh.verdict == .verified)
        let same = NitroAppraiser.appraise(doc, loggedBy: t, policy: .default)
        #expect(same.check("nitro.freshness")?.status == .pass)
        let stale = NitroAppraiser.appraise(doc, loggedBy: t.addingTimeInterval(301), policy: .default)
        #expect(stale.check("nitro.freshness")?.status == .fail)
        #expect(stale.firstFailure?.name == "nitro.freshness")
        #expect(stale.firstFailure?.reason.contains("301.000 s before the logging time 2022-10-13T09:03:03.136Z") == true)
        #expect(stale.verdict == .failed)
        let early = NitroAppraiser.appraise(doc, loggedBy: t.addingTimeInterval(-1), policy: .default)
        #expect(early.check("nitro.freshness")?.status == .fail)
        #expect(early.verdict == .failed)
        var patient = AppraisalPolicy()
        patient.nitroMaxAge = 400
        #expect(NitroAppraiser.appraise(doc, loggedBy: t.addingTimeInterval(301), policy: patient).verdict == .verified)
    }

    @Test func pcr0AllowList() throws {
        var policy = AppraisalPolicy()
        policy.measurements["PCR0"] = [[UInt8](repeating: 1, count: 48), NitroVectors.pcr0]
        let allowed = NitroAppraiser.appraise(try NitroVectors.valid, policy: policy)
        #expect(allowed.verdict == .verified)
        #expect(allowed.checks.last?.name == "measurement.PCR0")
        #expect(allowed.check("measurement.PCR0")?.status == .pass)

        policy.measurements["PCR0"] = [[UInt8](repeating: 1, count: 48)]
        let refused = NitroAppraiser.appraise(try NitroVectors.valid, policy: policy)
        #expect(refused.verdict == .failed)
        #expect(refused.firstFailure?.name == "measurement.PCR0")
        #expect(refused.firstFailure?.reason.contains(Hex.encode(NitroVectors.pcr0)) == true)
        #expect(refused.firstFailure?.reason.contains(String(repeating: "01", count: 48)) == true)

        // A PCR the document does not have fails.
        var absent = AppraisalPolicy()
        absent.measurements["PCR20"] = [NitroVectors.pcr0]
        #expect(NitroAppraiser.appraise(try NitroVectors.valid, policy: absent).firstFailure?.name == "measurement.PCR20")
    }

    /// cabundle[0] swapped for another self-signed P-384 root: compared with the pin, never trusted.
    @Test func swappedRootFailsThePin() throws {
        let key = P384.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("aws.nitro-enclaves"); OrganizationName("Not Amazon") }
        let impostor = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: RFC3339.parse("2019-01-01T00:00:00Z")!, notValidAfter: RFC3339.parse("2049-01-01T00:00:00Z")!,
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA384,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        var serializer = DER.Serializer()
        try serializer.serialize(impostor)
        let impostorDER = serializer.serializedBytes
        #expect(try EvidenceCertificate(derEncoded: impostorDER).isSelfSigned)

        var message = try COSESign1.parse(NitroVectors.valid)
        var map = try CBOR.decode(message.payload!).map!
        var bundle = map[.text("cabundle")]!.array!
        bundle[0] = .bytes(impostorDER)
        map[.text("cabundle")] = .array(bundle)
        message.payload = CBOR.map(map).encoded()

        let report = NitroAppraiser.appraise(message.encoded(tagged: false), at: NitroVectors.validTimestamp, policy: .default)
        #expect(report.verdict == .failed)
        #expect(report.check("chain.pinned-root")?.status == .fail)
        #expect(report.check("chain.pinned-root")?.reason.contains(Hex.encode(CryptoPrimitives.SHA256.digest(impostorDER))) == true)
        #expect(report.rootsUsed.isEmpty)
        // The payload changed, so the signature fails too; the pin fails on its own account.
        #expect(report.check("nitro.signature")?.status == .fail)

        // Pinning the impostor by policy makes the pin pass; its chain still breaks.
        var policy = AppraisalPolicy()
        policy.additionalRoots[.nitro] = [CryptoPrimitives.SHA256.digest(impostorDER)]
        let pinned = NitroAppraiser.appraise(message.encoded(tagged: false), at: NitroVectors.validTimestamp, policy: policy)
        #expect(pinned.check("chain.pinned-root")?.status == .pass)
        #expect(pinned.check("chain.signatures")?.status == .fail)
    }

    @Test func unparseableDocumentFailsFormat() throws {
        var valid = try NitroVectors.valid
        valid.append(0)
        let instant = NitroVectors.validTimestamp
        var policy = AppraisalPolicy()
        policy.measurements["PCR0"] = [NitroVectors.pcr0]
        for bytes in [[], [0x84], valid, Array("not cbor".utf8)] as [[UInt8]] {
            let report = NitroAppraiser.appraise(bytes, at: instant, policy: policy)
            #expect(report.verdict == .failed)
            #expect(report.checks.first?.name == "nitro.format")
            #expect(report.firstFailure?.name == "nitro.format")
            #expect(report.checks.map(\.name) == Self.order + ["measurement.PCR0"])
            #expect(report.checks.dropFirst().allSatisfy { $0.status == .notChecked })
            #expect(report.instant == instant)
            #expect(report.measurements.isEmpty && report.bindingFields.isEmpty)
        }
        #expect(NitroAppraiser.appraise(valid, policy: .default).firstFailure?.reason.contains("EVIDENCE_TRAILING_BYTES") == true)
        // A certificate field that is not DER fails format too.
        var message = try COSESign1.parse(NitroVectors.valid)
        var map = try CBOR.decode(message.payload!).map!
        map[.text("certificate")] = .bytes([0x30, 0x03, 0x02, 0x01, 0x01])
        message.payload = CBOR.map(map).encoded()
        let report = NitroAppraiser.appraise(message.encoded(tagged: false), policy: .default)
        #expect(report.firstFailure?.name == "nitro.format")
        #expect(report.firstFailure?.reason.contains("EVIDENCE_BAD_CERTIFICATE") == true)
    }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
