// TestTEEAuthority produces evidence in the vendors' exact formats: its chains verify, its
// signatures verify over the documented bytes, and its fields sit at the documented places
// (Tests/Vectors/tee/nitro/README.md, Tests/Vectors/tee/sev-snp/README.md).
import Testing
import Foundation
import Evidence
import EvidenceTestSupport
import CBOR
import COSE
import Crypto
import X509
import SwiftASN1

@Suite struct TestTEEAuthorityTests {
    static let authority = TestTEEAuthority()
    /// 2025-06-01T12:00:00.250Z.
    static let timestamp = Date(timeIntervalSince1970: 1_748_779_200.25)

    // MARK: Nitro

    @Test func nitroChainVerifies() throws {
        let a = Self.authority
        let leaf = a.nitroLeaf(validity: Self.timestamp...Self.timestamp.addingTimeInterval(3600))
        #expect(a.nitroRoot.isSelfSigned)
        #expect(a.nitroIntermediate.isSigned(by: a.nitroRoot))
        #expect(leaf.isSigned(by: a.nitroIntermediate))
        #expect(!leaf.isSigned(by: a.nitroRoot))
        #expect(a.nitroRoot.signatureScheme == .ecdsa(.sha384))
        #expect(a.nitroRootSHA256 == a.nitroRoot.sha256)
        #expect(try a.nitroRoot.certificate.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: nil))
        #expect(try leaf.certificate.extensions.basicConstraints == .notCertificateAuthority)
        #expect(try leaf.certificate.extensions.keyUsage?.digitalSignature == true)
        // Fresh keys per instance.
        #expect(TestTEEAuthority().nitroRootSHA256 != a.nitroRootSHA256)
    }

    @Test func nitroDocumentHasTheNSMShape() throws {
        let a = Self.authority
        let nonce: [UInt8] = Array(repeating: 0xAB, count: 32)
        let document = a.nitroDocument(timestamp: Self.timestamp, userData: [1, 2, 3], nonce: nonce)
        // 84 44 a1013822 a0 59 …: untagged, protected {1: -35}, empty unprotected, 2-byte length.
        #expect(Array(document.prefix(8)) == [0x84, 0x44, 0xA1, 0x01, 0x38, 0x22, 0xA0, 0x59])

        let message = try COSESign1.parse(document)
        #expect(message.protectedBytes == [0xA1, 0x01, 0x38, 0x22])
        #expect(message.algorithm == -35)
        #expect(message.unprotectedHeader.isEmpty)
        #expect(message.signature.count == 96)
        let payload = try #require(message.payload)
        // The NSM's key order: the map head, then "module_id".
        #expect(Array(payload.prefix(11)) == [0xA9, 0x69] + Array("module_id".utf8))

        let map = try #require(try CBOR.decode(payload).map)
        #expect(map[.text("module_id")] == .text(TestTEEAuthority.defaultModuleID))
        #expect(map[.text("digest")] == .text("SHA384"))
        #expect(map[.text("timestamp")] == .unsigned(1_748_779_200_250))
        #expect(map[.text("pcrs")]?.map?.count == 16)
        #expect(map[.text("pcrs")]?[.unsigned(0)] == .bytes(Array(repeating: 0x11, count: 48)))
        #expect(map[.text("public_key")] == .null)
        #expect(map[.text("user_data")] == .bytes([1, 2, 3]))
        #expect(map[.text("nonce")] == .bytes(nonce))
        let bundle = try #require(map[.text("cabundle")]?.array)
        #expect(bundle == [.bytes(a.nitroRoot.der), .bytes(a.nitroIntermediate.der)])

        // The leaf: 3 hours from 3 s before the timestamp, issued by the intermediate.
        let leafDER = try #require(map[.text("certificate")]?.byteString)
        let leaf = try EvidenceCertificate(derEncoded: leafDER)
        #expect(leaf.isSigned(by: a.nitroIntermediate))
        #expect(leaf.certificate.notValidBefore == Date(timeIntervalSince1970: 1_748_779_197))
        #expect(leaf.certificate.notValidAfter == Date(timeIntervalSince1970: 1_748_779_197 + 3 * 3600))

        // ES384 raw r ‖ s over ["Signature1", h'a1013822', h'', payload] by the leaf key.
        let sigStructure = CBOR.array([.text("Signature1"), .bytes([0xA1, 0x01, 0x38, 0x22]), .bytes([]), .bytes(payload)]).encoded()
        let key = try #require(P384.Signing.PublicKey(leaf.certificate.publicKey))
        let signature = try P384.Signing.ECDSASignature(rawRepresentation: message.signature)
        #expect(key.isValidSignature(signature, for: SHA384.hash(data: sigStructure)))
        var tampered = payload
        tampered[tampered.count - 1] ^= 1
        let tamperedStructure = CBOR.array([.text("Signature1"), .bytes([0xA1, 0x01, 0x38, 0x22]), .bytes([]), .bytes(tampered)]).encoded()
        #expect(!key.isValidSignature(signature, for: SHA384.hash(data: tamperedStructure)))
    }

    @Test func nitroDocumentTaggedAndCustomPCRs() throws {
        let document = Self.authority.nitroDocument(
            timestamp: Self.timestamp, pcrs: [0: Array(repeating: 0, count: 48)], publicKey: [9], tagged: true)
        #expect(Array(document.prefix(2)) == [0xD2, 0x84])
        let message = try COSESign1.parse(document)
        let payload = try #require(message.payload)
        let map = try #require(try CBOR.decode(payload).map)
        #expect(map[.text("pcrs")]?.map?.count == 1)
        #expect(map[.text("public_key")] == .bytes([9]))
        #expect(map[.text("nonce")] == .null)
    }

    // MARK: SEV-SNP

    @Test func snpChainVerifiesWithRSAPSS() throws {
        let a = Self.authority
        let chain = a.snpCertificates
        #expect(chain.map(\.commonName) == ["SEV-VCEK", "SEV-Milan", "ARK-Milan"])
        #expect(chain.allSatisfy { $0.signatureScheme == .rsaPSS(.sha384) })
        #expect(a.ark.isSelfSigned)
        #expect(a.ask.isSigned(by: a.ark))
        #expect(a.vcek.isSigned(by: a.ask))
        #expect(!a.vcek.isSigned(by: a.ark))
        #expect(a.arkSHA256 == a.ark.sha256)
        #expect(a.vcek.certificate.issuer == a.ask.certificate.subject)
        #expect(a.ask.certificate.issuer == a.ark.certificate.subject)
        #expect(a.ark.certificate.subject.description == "CN=ARK-Milan,O=Advanced Micro Devices,ST=CA,L=Santa Clara,C=US,OU=Engineering")
        #expect(P384.Signing.PublicKey(a.vcek.certificate.publicKey) != nil)
        #expect(Set(chain.map { $0.certificate.serialNumber.bytes }).count == 3)
        #expect(a.vcek.certificate.serialNumber.bytes != [0])
        #expect(try a.ask.certificate.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        #expect(try a.vcek.certificate.extensions.basicConstraints == nil)
    }

    /// The AMD extensions, in the encodings of Tests/Vectors/tee/sev-snp/virtee-sev/vcek_milan.der.
    @Test func vcekExtensionsMatchAMDEncodings() throws {
        let a = TestTEEAuthority(tcb: TestTEEAuthority.milanTCB(bootLoader: 4, tee: 1, snp: 24, microcode: 217))
        var values: [String: [UInt8]] = [:]
        for ext in a.vcek.certificate.extensions { values[ext.oid.description] = Array(ext.value) }
        #expect(values["1.3.6.1.4.1.3704.1.1"] == [0x02, 0x01, 0x00])
        #expect(values["1.3.6.1.4.1.3704.1.2"] == [0x16, 0x08] + Array("Milan-B0".utf8))
        #expect(values["1.3.6.1.4.1.3704.1.3.1"] == [0x02, 0x01, 0x04])
        #expect(values["1.3.6.1.4.1.3704.1.3.2"] == [0x02, 0x01, 0x01])
        #expect(values["1.3.6.1.4.1.3704.1.3.3"] == [0x02, 0x01, 0x18])
        #expect(values["1.3.6.1.4.1.3704.1.3.8"] == [0x02, 0x02, 0x00, 0xD9])
        for spl in 4...7 { #expect(values["1.3.6.1.4.1.3704.1.3.\(spl)"] == [0x02, 0x01, 0x00]) }
        #expect(values["1.3.6.1.4.1.3704.1.4"] == a.chipID)
        #expect(values.count == 11)

        // The real VCEK carries the same OIDs in the same order.
        let real = try EvidenceCertificate(derEncoded: try Data(contentsOf: Self.vectors.appending(path: "virtee-sev/vcek_milan.der")))
        #expect(real.certificate.extensions.map(\.oid) == a.vcek.certificate.extensions.map(\.oid))
    }

    @Test func snpReportLayoutAndSignature() throws {
        let a = Self.authority
        let reportData = (0..<64).map { UInt8($0) }
        let report = a.snpReport(reportData: reportData, hostData: Array(repeating: 0x44, count: 32), vmpl: 2)
        #expect(report.count == 1184)
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(report[at + $1]) << (8 * UInt32($1)) } }
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(report[at + $1]) << (8 * UInt64($1)) } }
        func bytes(_ at: Int, _ n: Int) -> [UInt8] { Array(report[at..<at + n]) }
        let tcb: [UInt8] = [0x03, 0, 0, 0, 0, 0, 0x08, 0x73]
        #expect(u32(0x000) == 3)  // VERSION
        #expect(u32(0x004) == 0)  // GUEST_SVN
        #expect(u64(0x008) == 0x30000)  // POLICY
        #expect(bytes(0x010, 32) == Array(repeating: 0, count: 32))  // FAMILY_ID, IMAGE_ID
        #expect(u32(0x030) == 2)  // VMPL
        #expect(u32(0x034) == 1)  // SIGNATURE_ALGO
        #expect(bytes(0x038, 8) == tcb)  // CURRENT_TCB
        #expect(u64(0x040) == 1)  // PLATFORM_INFO
        #expect(u32(0x048) == 0)  // signer info: VCEK
        #expect(bytes(0x050, 64) == reportData)
        #expect(bytes(0x090, 48) == Array(repeating: 0x22, count: 48))  // MEASUREMENT
        #expect(bytes(0x0C0, 32) == Array(repeating: 0x44, count: 32))  // HOST_DATA
        #expect(bytes(0x0E0, 96) == Array(repeating: 0, count: 96))  // ID_KEY_DIGEST, AUTHOR_KEY_DIGEST
        #expect(bytes(0x160, 32) == Array(repeating: 0xFF, count: 32))  // REPORT_ID_MA
        #expect(bytes(0x180, 8) == tcb)  // REPORTED_TCB
        #expect(bytes(0x188, 3) == [0x19, 0x01, 0x01])  // CPUID
        #expect(bytes(0x18B, 0x15) == Array(repeating: 0, count: 0x15))
        #expect(bytes(0x1A0, 64) == a.chipID)  // CHIP_ID
        #expect(bytes(0x1E0, 8) == tcb)  // COMMITTED_TCB
        #expect(bytes(0x1E8, 8) == [4, 52, 1, 0, 4, 52, 1, 0])  // firmware versions
        #expect(bytes(0x1F0, 8) == tcb)  // LAUNCH_TCB
        #expect(bytes(0x1F8, 0x2A0 - 0x1F8) == Array(repeating: 0, count: 0x2A0 - 0x1F8))
        #expect(bytes(0x2A0 + 48, 24) == Array(repeating: 0, count: 24))
        #expect(bytes(0x2E8 + 48, 24) == Array(repeating: 0, count: 24))
        #expect(bytes(0x330, 1184 - 0x330) == Array(repeating: 0, count: 1184 - 0x330))

        // ECDSA P-384 over [0, 0x2A0) by the VCEK, R and S little-endian.
        let key = try #require(P384.Signing.PublicKey(a.vcek.certificate.publicKey))
        let raw = Array(report[0x2A0..<0x2A0 + 48].reversed()) + Array(report[0x2E8..<0x2E8 + 48].reversed())
        let signature = try P384.Signing.ECDSASignature(rawRepresentation: raw)
        #expect(key.isValidSignature(signature, for: SHA384.hash(data: report[0..<0x2A0])))
        var tampered = report
        tampered[0x90] ^= 1
        #expect(!key.isValidSignature(signature, for: SHA384.hash(data: tampered[0..<0x2A0])))
    }

    /// Byte-for-byte the layout of the real Milan report, for the fields a version 2 report
    /// shares with it (the real report's own values put in).
    @Test func snpReportMatchesTheRealMilanLayout() throws {
        let real = Array(try Data(contentsOf: Self.vectors.appending(path: "virtee-sev/report_milan.bin")))
        let a = TestTEEAuthority(chipID: Array(real[0x1A0..<0x1E0]))
        let mine = a.snpReport(reportData: Array(real[0x50..<0x90]), measurement: Array(real[0x90..<0xC0]), version: 2)
        // Everything signed is equal except REPORT_ID, which the firmware draws at random.
        var differing: [Int] = []
        for i in 0..<0x2A0 where mine[i] != real[i] && !(0x140..<0x160).contains(i) { differing.append(i) }
        #expect(differing.isEmpty, "bytes differ at \(differing.map { String($0, radix: 16) })")
    }

    @Test func snpCRLParsesVerifiesAndRevokes() throws {
        let a = Self.authority
        let thisUpdate = TestTEEAuthority.date(2025, 1, 1)
        let nextUpdate = TestTEEAuthority.date(2025, 2, 1)
        let crl = try CertificateRevocationList(
            bytes: a.snpCRL(revoking: [TestTEEAuthority.vcekSerialNumber], thisUpdate: thisUpdate, nextUpdate: nextUpdate))
        #expect(crl.issuer == a.ark.certificate.subject)
        #expect(crl.signatureScheme == .rsaPSS(.sha384))
        #expect(crl.isSigned(by: a.ark))
        #expect(!crl.isSigned(by: a.ask))
        #expect(crl.thisUpdate == thisUpdate)
        #expect(crl.nextUpdate == nextUpdate)
        #expect(crl.revokes(a.vcek))
        #expect(!crl.revokes(a.ask))
        #expect(!crl.revokes(a.ark))

        let empty = try CertificateRevocationList(bytes: a.snpCRL(revoking: [], thisUpdate: thisUpdate, nextUpdate: nextUpdate))
        #expect(empty.revokedSerialNumbers.isEmpty)
        #expect(empty.isSigned(by: a.ark))
        // GeneralizedTime from 2050 (RFC 5280 §5.1.2.4).
        let late = try CertificateRevocationList(
            bytes: a.snpCRL(revoking: [TestTEEAuthority.askSerialNumber], thisUpdate: thisUpdate, nextUpdate: TestTEEAuthority.date(2051, 1, 1)))
        #expect(late.nextUpdate == TestTEEAuthority.date(2051, 1, 1))
        #expect(late.revokes(a.ask))
    }

    static let vectors = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Vectors/tee/sev-snp")
}
