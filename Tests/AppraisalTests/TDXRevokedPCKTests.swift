import Testing
import Foundation
import Appraisal
import EvidenceTestSupport
import Evidence
import Crypto
import SwiftASN1
import X509

/// A revoked PCK certificate. Intel's CRLs cannot be re-signed, so this builds a test-only P-256
/// hierarchy (root → PCK platform CA → PCK leaf with an SGX extension, and a TCB Signing
/// certificate), re-signs the real quote's QE report with the test PCK key, re-signs the real
/// TCB Info and QE Identity with the test TCB Signing key, and issues both CRLs; the test root is
/// trusted through the policy.
@Suite struct TDXRevokedPCKTests {
    static let instant = RFC3339.parse("2025-07-01T00:00:00Z")!

    /// The test hierarchy and what it signs.
    struct Hierarchy {
        let rootKey = P256.Signing.PrivateKey(), platformKey = P256.Signing.PrivateKey()
        let pckKey = P256.Signing.PrivateKey(), tcbKey = P256.Signing.PrivateKey()
        let root: Certificate, platform: Certificate, pck: Certificate, tcbSigning: Certificate
        static let pckSerial: [UInt8] = [0x01, 0x23, 0x45, 0x67]

        init() throws {
            let rootName = try DistinguishedName { CommonName("Test SGX Root CA") }
            let platformName = try DistinguishedName { CommonName("Test SGX PCK Platform CA") }
            let before = RFC3339.parse("2025-01-01T00:00:00Z")!, after = RFC3339.parse("2030-01-01T00:00:00Z")!
            func make(_ serial: [UInt8], _ key: P256.Signing.PrivateKey, issuer: DistinguishedName, subject: DistinguishedName,
                      by issuerKey: P256.Signing.PrivateKey, extensions: Certificate.Extensions) throws -> Certificate {
                try Certificate(
                    version: .v3, serialNumber: .init(bytes: serial), publicKey: .init(key.publicKey),
                    notValidBefore: before, notValidAfter: after, issuer: issuer, subject: subject,
                    signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions, issuerPrivateKey: .init(issuerKey))
            }
            root = try make([0x10], rootKey, issuer: rootName, subject: rootName, by: rootKey, extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 1))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            })
            platform = try make([0x11], platformKey, issuer: rootName, subject: platformName, by: rootKey, extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            })
            let sgx = Certificate.Extension(oid: SGXPCKExtension.oid, critical: false, value: try Self.sgxExtension()[...])
            pck = try make(Self.pckSerial, pckKey, issuer: platformName, subject: try DistinguishedName { CommonName("Test SGX PCK Certificate") },
                           by: platformKey, extensions: try Certificate.Extensions {
                Critical(KeyUsage(digitalSignature: true, nonRepudiation: true))
                sgx
            })
            tcbSigning = try make([0x12], tcbKey, issuer: rootName, subject: try DistinguishedName { CommonName("Test SGX TCB Signing") },
                                  by: rootKey, extensions: try Certificate.Extensions {
                Critical(KeyUsage(digitalSignature: true, nonRepudiation: true))
            })
        }

        /// The SGX extension of the real `tdx_quote`'s PCK: FMSPC b0c06f000000, PCE-ID 0000,
        /// PCESVN 11, SGX TCB components 3 3 2 2 4 1 0 5 0…
        static func sgxExtension() throws -> [UInt8] {
            let base: [UInt] = [1, 2, 840, 113_741, 1, 13, 1]
            func oid(_ arcs: UInt...) throws -> ASN1ObjectIdentifier { try ASN1ObjectIdentifier(elements: base + arcs) }
            var s = DER.Serializer()
            try s.appendConstructedNode(identifier: .sequence) { c in
                func pair(_ id: ASN1ObjectIdentifier, _ value: (inout DER.Serializer) throws -> Void) throws {
                    try c.appendConstructedNode(identifier: .sequence) { p in
                        try p.serialize(id)
                        try value(&p)
                    }
                }
                try pair(oid(1)) { try $0.serialize(ASN1OctetString(contentBytes: Array(repeating: 0xAB, count: 16)[...])) }
                try pair(oid(2)) { p in
                    try p.appendConstructedNode(identifier: .sequence) { t in
                        for (i, svn) in [3, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0].enumerated() {
                            try t.appendConstructedNode(identifier: .sequence) { e in
                                try e.serialize(try oid(2, UInt(i + 1)))
                                try e.serialize(svn)
                            }
                        }
                        try t.appendConstructedNode(identifier: .sequence) { e in
                            try e.serialize(try oid(2, 17))
                            try e.serialize(11)
                        }
                        try t.appendConstructedNode(identifier: .sequence) { e in
                            try e.serialize(try oid(2, 18))
                            try e.serialize(ASN1OctetString(contentBytes: ([3, 3, 2, 2, 4, 1, 0, 5] + Array(repeating: 0, count: 8))[...]))
                        }
                    }
                }
                try pair(oid(3)) { try $0.serialize(ASN1OctetString(contentBytes: [0, 0][...])) }
                try pair(oid(4)) { try $0.serialize(ASN1OctetString(contentBytes: [0xB0, 0xC0, 0x6F, 0, 0, 0][...])) }
                try pair(oid(5)) { $0.serializeRawBytes([0x0A, 0x01, 0x00][...]) }  // ENUMERATED 0 (Standard)
            }
            return s.serializedBytes
        }

        /// A v2 CRL by `issuer`, signed with `key`, current June–August 2025, revoking `serials`.
        func crl(issuer: Certificate, key: P256.Signing.PrivateKey, revoking serials: [[UInt8]]) throws -> [UInt8] {
            let algorithm: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 2]
            func time(_ text: String) throws -> GeneralizedTime {
                let d = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: RFC3339.parse(text)!)
                return try GeneralizedTime(year: d.year!, month: d.month!, day: d.day!, hours: 0, minutes: 0, seconds: 0, fractionalSeconds: 0)
            }
            var tbs = DER.Serializer()
            try tbs.appendConstructedNode(identifier: .sequence) { c in
                try c.serialize(1)
                try c.appendConstructedNode(identifier: .sequence) { try $0.serialize(algorithm) }
                try c.serialize(issuer.subject)
                try c.serialize(try time("2025-06-01T00:00:00Z"))
                try c.serialize(try time("2025-08-01T00:00:00Z"))
                if !serials.isEmpty {
                    try c.appendConstructedNode(identifier: .sequence) { list in
                        for serial in serials {
                            try list.appendConstructedNode(identifier: .sequence) { e in
                                try e.serialize(serial[...])
                                try e.serialize(try time("2025-06-01T00:00:00Z"))
                            }
                        }
                    }
                }
            }
            let signature = try key.signature(for: tbs.serializedBytes).derRepresentation
            var out = DER.Serializer()
            try out.appendConstructedNode(identifier: .sequence) { c in
                c.serializeRawBytes(tbs.serializedBytes[...])
                try c.appendConstructedNode(identifier: .sequence) { try $0.serialize(algorithm) }
                try c.serialize(ASN1BitString(bytes: Array(signature)[...]))
            }
            return out.serializedBytes
        }

        /// The real `tdx_quote` with its QE report re-signed by the test PCK key and the test
        /// PCK chain in place of Intel's.
        func quote() throws -> [UInt8] {
            let real = try TDXQuote.parse(vector("dcap-qvl/tdx_quote"))
            var certData = real.qeReport.bytes + Array(try pckKey.signature(for: real.qeReport.bytes).rawRepresentation)
            certData += tdxLE16(real.qeAuthData.count) + real.qeAuthData
            let pem = Array(try Self.pem([pck, platform, root]).utf8) + [0]
            certData += tdxLE16(5) + tdxLE32(pem.count) + pem
            let sigData = real.signature + real.attestationKey + tdxLE16(6) + tdxLE32(certData.count) + certData
            return real.signedBytes + tdxLE32(sigData.count) + sigData
        }

        /// The real June 2025 collateral, re-signed and re-issued by the test hierarchy.
        func collateral(revokingPCK: Bool) throws -> DCAPCollateral {
            let path = "dcap-qvl/tdx_quote_collateral.json"
            var object = try JSONSerialization.jsonObject(with: Data(vector(path))) as! [String: Any]
            let tcbInfo = object["tcb_info"] as! String, qeIdentity = object["qe_identity"] as! String
            object["tcb_info_signature"] = tdxHex(Array(try tcbKey.signature(for: Array(tcbInfo.utf8)).rawRepresentation))
            object["qe_identity_signature"] = tdxHex(Array(try tcbKey.signature(for: Array(qeIdentity.utf8)).rawRepresentation))
            object["tcb_info_issuer_chain"] = try Self.pem([tcbSigning, root])
            object["qe_identity_issuer_chain"] = try Self.pem([tcbSigning, root])
            object["pck_crl_issuer_chain"] = try Self.pem([platform, root])
            object["root_ca_crl"] = tdxHex(try crl(issuer: root, key: rootKey, revoking: []))
            object["pck_crl"] = tdxHex(try crl(issuer: platform, key: platformKey,
                                            revoking: revokingPCK ? [[0x7F], Self.pckSerial] : [[0x7F]]))
            return try DCAPCollateral.parse(json: Array(JSONSerialization.data(withJSONObject: object)))
        }

        static func pem(_ certs: [Certificate]) throws -> String {
            try certs.map { cert in
                var s = DER.Serializer()
                try s.serialize(cert)
                let b64 = Data(s.serializedBytes).base64EncodedString()
                let lines = stride(from: 0, to: b64.count, by: 64).map {
                    String(b64.dropFirst($0).prefix(64))
                }
                return "-----BEGIN CERTIFICATE-----\n" + lines.joined(separator: "\n") + "\n-----END CERTIFICATE-----\n"
            }.joined()
        }
    }

    static func policy(_ h: Hierarchy) throws -> AppraisalPolicy {
        var policy = AppraisalPolicy()
        var s = DER.Serializer()
        try s.serialize(h.root)
        policy.additionalRoots[.tdx] = [Array(SHA256.hash(data: s.serializedBytes))]
        return policy
    }

    @Test func theTestHierarchyVerifiesWhenNothingIsRevoked() throws {
        let h = try Hierarchy()
        let report = TDXAppraiser.appraise(try h.quote(), collateral: try h.collateral(revokingPCK: false),
                                           at: Self.instant, policy: try Self.policy(h))
        #expect(report.verdict == .verified, "\(report.checks.filter { $0.status != .pass })")
        #expect(report.tcbStatus == "UpToDate")
        // Without the policy root, the chains end in an unpinned root.
        let unpinned = TDXAppraiser.appraise(try h.quote(), collateral: try h.collateral(revokingPCK: false),
                                             at: Self.instant, policy: .default)
        #expect(unpinned.check("pck-chain.pinned-root")?.status == .fail)
        #expect(unpinned.check("tcb-signing-chain.pinned-root")?.status == .fail)
    }

    @Test func aRevokedPCKFailsRevocation() throws {
        let h = try Hierarchy()
        let report = TDXAppraiser.appraise(try h.quote(), collateral: try h.collateral(revokingPCK: true),
                                           at: Self.instant, policy: try Self.policy(h))
        #expect(report.verdict == .failed)
        #expect(report.checks.filter { $0.status == .fail }.map(\.name) == ["pck-chain.revocation"])
        #expect(report.check("pck-chain.revocation")?.reason.contains("Test SGX PCK Certificate (serial 01234567) is revoked") == true)
    }
}

private func vector(_ path: String) throws -> [UInt8] { try TEEVectors.bytes("tdx/" + path) }

private func tdxHex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
private func tdxLE16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
private func tdxLE32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(v >> (8 * $0) & 0xFF) } }
