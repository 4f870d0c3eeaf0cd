import Testing
import Foundation
import Evidence
import EvidenceTestSupport

/// SNPAttestationReport.parse on the three real reports of Tests/Vectors/tee/sev-snp, and on
/// systematic corruptions of them; the AMD certificate extensions of the four real VCEK/VLEKs.
@Suite struct SNPAttestationReportTests {
    static let milan = "sev-snp/virtee-sev/report_milan.bin"
    static let debug = "sev-snp/go-sev-guest/attestation.bin"
    static let vlek = "sev-snp/trustee/test-vlek-report.bin"

    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    private func expectError(_ code: EvidenceError.Code, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: EvidenceError(code, ""), sourceLocation: sourceLocation) { try SNPAttestationReport.parse(bytes) }
    }

    @Test func milanReportFields() throws {
        let report = try SNPAttestationReport.parse(TEEVectors.bytes(Self.milan))
        #expect(report.version == 2)
        #expect(report.policy.raw == 0x30000)
        #expect(report.policy.smtAllowed && report.policy.reservedBitSet && !report.policy.debug && !report.policy.migrateMA)
        #expect(report.vmpl == 0)
        #expect(report.signatureAlgorithm == 1)
        #expect(report.signerInfo.signingKey == .vcek)
        #expect(report.cpuid == nil)
        #expect(hex(report.measurement) == "7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f")
        #expect(hex(report.reportData).hasPrefix("d447b55d197491bf") && hex(report.reportData).hasSuffix("6a93ebfd"))
        #expect(hex(report.chipID).hasPrefix("d49554ec717f4e5b"))
        #expect(report.hostData == [UInt8](repeating: 0, count: 32))
        let reported = SNPTCBVersion(raw: report.reportedTCB, product: .milan)
        #expect(reported.description == "3/0/8/115")
        #expect(report.currentTCB == report.reportedTCB && report.committedTCB == report.reportedTCB && report.launchTCB == report.reportedTCB)
        #expect(report.currentVersion.description == "1.52.4")
        #expect(report.signedBytes.count == 0x2A0)
        #expect(report.signatureR.count == 48 && report.signatureS.count == 48)
        // R is stored little-endian at 0x2A0: its first stored byte is R's last.
        #expect(report.signatureR.last == 0x61)
    }

    @Test func debugAndVLEKReportFields() throws {
        let debug = try SNPAttestationReport.parse(TEEVectors.bytes(Self.debug))
        #expect(debug.policy.raw == 0xb0000 && debug.policy.debug)
        #expect(Array(debug.reportData.prefix(5)) == [1, 2, 3, 4, 5])
        #expect(SNPTCBVersion(raw: debug.reportedTCB, product: .milan).description == "2/0/5/68")

        let vlek = try SNPAttestationReport.parse(TEEVectors.bytes(Self.vlek))
        #expect(vlek.version == 3)
        #expect(vlek.vmpl == 1)
        #expect(vlek.signerInfo.signingKey == .vlek)
        #expect(vlek.cpuid.map { [$0.family, $0.model, $0.stepping] } == [0x19, 0x01, 0x01])
        #expect(vlek.chipID.allSatisfy { $0 == 0 })
        #expect(SNPTCBVersion(raw: vlek.reportedTCB, product: .milan).description == "4/0/24/217")
        #expect(SNPTCBVersion(raw: vlek.committedTCB, product: .milan).description == "4/0/24/219")
        #expect(SNPTCBVersion(raw: vlek.currentTCB, product: .milan).description == "4/0/24/220")
        #expect(vlek.currentVersion.description == "1.55.29")
    }

    @Test func wrongLengthIsRejected() throws {
        let bytes = try TEEVectors.bytes(Self.milan)
        expectError(.truncated, Array(bytes.dropLast()))
        expectError(.truncated, [])
        expectError(.trailingBytes, bytes + [0])
    }

    @Test func unsupportedVersionsAlgorithmsAndSignersAreRejected() throws {
        let bytes = try TEEVectors.bytes(Self.milan)
        for version: UInt8 in [0, 1, 4, 6] {
            var b = bytes
            b[0] = version
            expectError(.unsupported, b)
        }
        for version: UInt8 in [2, 3, 5] {
            var b = bytes
            b[0] = version
            #expect((try? SNPAttestationReport.parse(b))?.version == UInt32(version))
        }
        var algorithm = bytes
        algorithm[0x34] = 2
        expectError(.unsupported, algorithm)
        for key: UInt8 in [2, 6, 7] {
            var signer = bytes
            signer[0x48] = key << 2
            expectError(.unsupported, signer)
        }
        var reservedSigner = bytes
        reservedSigner[0x48] = 0x20
        expectError(.malformed, reservedSigner)
    }

    @Test func nonZeroReservedBytesAreRejected() throws {
        let bytes = try TEEVectors.bytes(Self.milan)
        // The upper 24 bytes of R and of S, the tail after the signature, and the signed reserved regions.
        for offset in [0x2A0 + 48, 0x2A0 + 71, 0x2E8 + 48, 0x2E8 + 71, 0x330, 0x49F, 0x4C, 0x188, 0x19F, 0x1EB, 0x1EF, 0x1F8, 0x29F] {
            var b = bytes
            b[offset] = 1
            expectError(.malformed, b)
        }
        // A version 3 report keeps CPUID at 0x188–0x18A.
        var v3 = try TEEVectors.bytes(Self.vlek)
        v3[0x18B] = 1
        expectError(.malformed, v3)
    }

    @Test func everySingleByteChangeOfASignedFieldStillParses() throws {
        // The parser holds no judgement over field values: the signature check does.
        let bytes = try TEEVectors.bytes(Self.milan)
        for offset in [0x08, 0x0A, 0x30, 0x38, 0x50, 0x90, 0xC0, 0x180, 0x1A0, 0x1E0, 0x1F0] {
            var b = bytes
            b[offset] ^= 0x01
            #expect(throws: Never.self) { try SNPAttestationReport.parse(b) }
        }
    }

    @Test func tcbLayoutsByProduct() {
        let bytes: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        let raw = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        let milan = SNPTCBVersion(raw: raw, product: .milan)
        #expect((milan.bootLoader, milan.tee, milan.snp, milan.microcode) == (1, 2, 7, 8) && milan.fmc == nil)
        let turin = SNPTCBVersion(raw: raw, product: .turin)
        #expect((turin.fmc, turin.bootLoader, turin.tee, turin.snp, turin.microcode) == (1, 2, 3, 4, 8))
        #expect(SNPTCBVersion(product: .turin, bootLoader: 2, tee: 3, snp: 4, microcode: 8, fmc: 1).description == "1/2/3/4/8")
        #expect(SNPTCBVersion(product: .genoa, bootLoader: 1, tee: 2, snp: 7, microcode: 8).raw == 0x0807_0000_0000_0201)
    }

    @Test func productsFromNames() {
        #expect(SNPProduct(signingKeyCommonName: "SEV-Milan") == .milan)
        #expect(SNPProduct(signingKeyCommonName: "SEV-VLEK-Turin") == .turin)
        #expect(SNPProduct(signingKeyCommonName: "ARK-Milan") == nil)
        #expect(SNPProduct(signingKeyCommonName: "SEV-Rome") == nil)
        #expect(SNPProduct(productName: "Milan-B0") == .milan)
        #expect(SNPProduct(productName: "Genoa") == .genoa)
        #expect(SNPProduct(productName: "") == nil)
    }

    @Test func amdExtensionsOfTheRealCertificates() throws {
        let milan = try AMDCertificateExtensions(EvidenceCertificate(derEncoded: TEEVectors.bytes("sev-snp/virtee-sev/vcek_milan.der")))
        #expect(milan.structVersion == 0)
        #expect(milan.productName == "Milan-B0")
        #expect(milan.tcb(for: .milan)?.description == "3/0/8/115")
        #expect(milan.reservedSPLs == [4: 0, 5: 0, 6: 0, 7: 0])
        let report = try SNPAttestationReport.parse(TEEVectors.bytes(Self.milan))
        #expect(milan.hwID == report.chipID)
        #expect(milan.cspID == nil)

        let vlek = try AMDCertificateExtensions(EvidenceCertificate(derEncoded: TEEVectors.bytes("sev-snp/trustee/test-vlek.der")))
        #expect(vlek.productName == "Milan")
        #expect(vlek.ucodeSPL == 217)  // DER INTEGER 02 02 00 d9
        #expect(vlek.tcb(for: .milan)?.description == "4/0/24/217")
        #expect(vlek.hwID == nil)
        #expect(vlek.cspID == "CN=cc-us-east-2.amazonaws.com")

        let turin = try AMDCertificateExtensions(EvidenceCertificate(derEncoded: TEEVectors.bytes("sev-snp/virtee-sev/vcek_turin.der")))
        #expect(turin.structVersion == 1)
        #expect(turin.productName == "Turin")
        #expect(turin.fmcSPL == 0)
        #expect(turin.tcb(for: .turin)?.description == "0/0/0/0/9")
        #expect(turin.hwID.map(hex) == "1e550a8ee5cf9f4d")
        #expect(turin.reservedSPLs == [5: 0, 6: 0, 7: 0])
    }
}
