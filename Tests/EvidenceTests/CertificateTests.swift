import Testing
import Foundation
import Evidence
import EvidenceTestSupport
import X509

@Suite struct CertificateTests {
    @Test func amdChainsParseAndVerifyWithRSASSAPSS() throws {
        for product in ["milan", "genoa", "turin_vcek"] {
            let chain = try EvidenceCertificate.parseAll(TEEVectors.bytes("sev-snp/go-sev-guest/ask_ark_\(product).pem"))
            #expect(chain.count == 2)
            let (ask, ark) = (chain[0], chain[1])
            #expect(ask.signatureScheme == .rsaPSS(.sha384))
            #expect(ask.isSigned(by: ark))
            #expect(ark.isSelfSigned)
            #expect(!ark.isSigned(by: ask))
        }
        let vcek = try EvidenceCertificate(derEncoded: TEEVectors.bytes("sev-snp/virtee-sev/vcek_milan.der"))
        #expect(vcek.commonName == "SEV-VCEK")
        #expect(vcek.certificate.serialNumber.bytes.allSatisfy { $0 == 0 })
        let milan = try EvidenceCertificate.parseAll(TEEVectors.bytes("sev-snp/go-sev-guest/ask_ark_milan.pem"))
        let genoa = try EvidenceCertificate.parseAll(TEEVectors.bytes("sev-snp/go-sev-guest/ask_ark_genoa.pem"))
        #expect(vcek.isSigned(by: milan[0]))
        #expect(!vcek.isSigned(by: genoa[0]))
    }

    @Test func aFlippedBitInTheSignedBytesBreaksTheSignature() throws {
        let chain = try EvidenceCertificate.parseAll(TEEVectors.bytes("sev-snp/go-sev-guest/ask_ark_milan.pem"))
        var der = try TEEVectors.bytes("sev-snp/virtee-sev/vcek_milan.der")
        // A byte inside the subject public key (well inside tbsCertificate).
        der[300] ^= 0x01
        if let flipped = try? EvidenceCertificate(derEncoded: der) {
            #expect(!flipped.isSigned(by: chain[0]))
        }
    }

    @Test func intelRootAndCRLs() throws {
        let root = try EvidenceCertificate(derEncoded: TEEVectors.bytes("tdx/dcap-qvl/TrustedRootCA.der"))
        #expect(root.isSelfSigned)
        #expect(root.signatureScheme == .ecdsa(.sha256))
        let path = "tdx/dcap-qvl/tdx_quote_collateral.json"
        let rootCRL = try CertificateRevocationList(bytes: hex(TEEVectors.collateralField(path, "root_ca_crl")))
        #expect(rootCRL.isSigned(by: root))
        #expect(rootCRL.revokedSerialNumbers.isEmpty)
        let issuers = try EvidenceCertificate.parseAll(Array(TEEVectors.collateralField(path, "pck_crl_issuer_chain").utf8))
        #expect(issuers.count == 2 && issuers[1] == root)
        let pckCRL = try CertificateRevocationList(bytes: hex(TEEVectors.collateralField(path, "pck_crl")))
        #expect(pckCRL.isSigned(by: issuers[0]))
        #expect(!pckCRL.isSigned(by: root))
        #expect(pckCRL.revokedSerialNumbers.count == 44)
        #expect(pckCRL.nextUpdate.map { Int($0.timeIntervalSince1970) } == Int(Evidence.RFC3339.parse("2025-07-19T10:00:35Z")!.timeIntervalSince1970))
    }

    @Test func nitroRootIsPinnedByTheHashOfItsDER() throws {
        let der = try EvidenceCertificate(derEncoded: TEEVectors.bytes("nitro/aws-nitro-root-g1.der"))
        let pem = try EvidenceCertificate.parseAll(TEEVectors.bytes("nitro/aws-nitro-root-g1.pem"))
        #expect(pem == [der])
        #expect(der.signatureScheme == .ecdsa(.sha384))
        #expect(der.isSelfSigned)
        #expect(der.sha256.map { String(format: "%02x", $0) }.joined() == "641a0321a3e244efe456463195d606317ed7cdcc3c1756e09893f3c68f79bb5b")
    }

    @Test func garbageIsABadCertificate() {
        #expect(throws: EvidenceError(.badCertificate, "")) { try EvidenceCertificate(derEncoded: [0x30, 0x03, 0x02, 0x01, 0x00]) }
        #expect(throws: EvidenceError(.badCertificate, "")) { try EvidenceCertificate.parseAll(Array("hello".utf8)) }
        #expect(throws: EvidenceError(.badCRL, "")) { try CertificateRevocationList(bytes: [0x30, 0x00]) }
    }

    private func hex(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var it = s.utf8.makeIterator()
        while let a = it.next(), let b = it.next() { out.append(UInt8(String(decoding: [a, b], as: UTF8.self), radix: 16)!) }
        return out
    }
}
