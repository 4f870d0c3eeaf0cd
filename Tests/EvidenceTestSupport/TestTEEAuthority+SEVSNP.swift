// The SEV-SNP half of TestTEEAuthority: attestation reports as the AMD secure processor emits them
// (SEV-SNP Firmware ABI, publication 56860, Table 23 ATTESTATION_REPORT; Tests/Vectors/tee/sev-snp/
// README.md "Report layout") and the VCEK extensions of the KDS (publication 57230 §3 Table 8).
public import Foundation
public import Evidence
import Crypto
import _CryptoExtras
import X509
import SwiftASN1

extension TestTEEAuthority {
    /// The chain an SEV-SNP appraiser is given: `[vcek, ask, ark]`, leaf first.
    public var snpCertificates: [EvidenceCertificate] { [vcek, ask, ark] }

    /// The SHA-256 of ``ark``'s DER: what `policy.additionalRoots[.sevSNP]` pins.
    public var arkSHA256: [UInt8] { ark.sha256 }

    /// The ARK's serial number (0x010000, as AMD's Milan ARK).
    public static let arkSerialNumber: [UInt8] = [0x01, 0x00, 0x00]
    /// The ASK's serial number (0x010001, as AMD's Milan ASK).
    public static let askSerialNumber: [UInt8] = [0x01, 0x00, 0x01]
    /// The VCEK's serial number. AMD's VCEKs carry 0, which RFC 5280 forbids; this one is non-zero
    /// and distinct from the ASK's so that a CRL can name it.
    public static let vcekSerialNumber: [UInt8] = [0x01, 0x00, 0x02]

    /// The default MEASUREMENT: 48 bytes of 0x22.
    public static let defaultMeasurement = [UInt8](repeating: 0x22, count: 48)
    /// The default POLICY: 0x30000, bit 17 (reserved, must be 1) and bit 16 (SMT allowed) set,
    /// DEBUG clear, ABI 0.0 (the policy of the real Milan report).
    public static let defaultGuestPolicy: UInt64 = 0x30000

    /// An attestation report of 1,184 bytes signed by the VCEK key: ECDSA P-384 with SHA-384 over
    /// bytes [0, 0x2A0), R at 0x2A0 and S at 0x2E8 as 72-byte little-endian fields.
    ///
    /// Fields not given are those of a real Milan report: GUEST_SVN 0, FAMILY_ID and IMAGE_ID zero,
    /// SIGNATURE_ALGO 1, PLATFORM_INFO 1 (SMT enabled), signer info 0 (VCEK), ID and author key
    /// digests zero, REPORT_ID 32 × 0x5A, REPORT_ID_MA 32 × 0xFF (no migration agent), CURRENT,
    /// REPORTED, COMMITTED and LAUNCH TCB all `tcb`, CPUID family 0x19 model 0x01 stepping 0x01
    /// (Milan) when `version` ≥ 3 (zero in version 2), firmware 1.52.4 current and committed.
    ///
    /// - Parameters:
    ///   - reportData: REPORT_DATA, 64 bytes.
    ///   - measurement: MEASUREMENT, 48 bytes.
    ///   - hostData: HOST_DATA, 32 bytes.
    ///   - chipID: CHIP_ID (64 bytes); default ``chipID``, the one the VCEK certifies.
    public func snpReport(
        reportData: [UInt8], measurement: [UInt8] = TestTEEAuthority.defaultMeasurement,
        hostData: [UInt8] = [UInt8](repeating: 0, count: 32), policy: UInt64 = TestTEEAuthority.defaultGuestPolicy,
        vmpl: UInt32 = 0, version: UInt32 = 3, tcb: UInt64 = TestTEEAuthority.defaultTCB, chipID: [UInt8]? = nil
    ) -> [UInt8] {
        precondition(reportData.count == 64, "REPORT_DATA is 64 bytes, not \(reportData.count)")
        precondition(measurement.count == 48, "MEASUREMENT is 48 bytes, not \(measurement.count)")
        precondition(hostData.count == 32, "HOST_DATA is 32 bytes, not \(hostData.count)")
        let chip = chipID ?? self.chipID
        precondition(chip.count == 64, "CHIP_ID is 64 bytes, not \(chip.count)")

        var b = [UInt8](repeating: 0, count: 1184)
        func put(_ at: Int, _ bytes: [UInt8]) { b.replaceSubrange(at..<at + bytes.count, with: bytes) }
        func put32(_ at: Int, _ v: UInt32) { put(at, (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) }) }
        func put64(_ at: Int, _ v: UInt64) { put(at, (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) }) }

        put32(0x000, version)  // VERSION
        put32(0x004, 0)  // GUEST_SVN
        put64(0x008, policy)  // POLICY
        // 0x010 FAMILY_ID and 0x020 IMAGE_ID: zero.
        put32(0x030, vmpl)  // VMPL
        put32(0x034, 1)  // SIGNATURE_ALGO: ECDSA P-384 with SHA-384
        put64(0x038, tcb)  // CURRENT_TCB
        put64(0x040, 1)  // PLATFORM_INFO: SMT enabled
        put32(0x048, 0)  // AUTHOR_KEY_EN 0, MASK_CHIP_KEY 0, SIGNING_KEY 0 (VCEK)
        put(0x050, reportData)  // REPORT_DATA
        put(0x090, measurement)  // MEASUREMENT
        put(0x0C0, hostData)  // HOST_DATA
        // 0x0E0 ID_KEY_DIGEST and 0x110 AUTHOR_KEY_DIGEST: zero.
        put(0x140, [UInt8](repeating: 0x5A, count: 32))  // REPORT_ID
        put(0x160, [UInt8](repeating: 0xFF, count: 32))  // REPORT_ID_MA
        put64(0x180, tcb)  // REPORTED_TCB
        if version >= 3 { put(0x188, [0x19, 0x01, 0x01]) }  // CPUID family, model, stepping
        put(0x1A0, chip)  // CHIP_ID
        put64(0x1E0, tcb)  // COMMITTED_TCB
        put(0x1E8, [4, 52, 1])  // CURRENT_BUILD, CURRENT_MINOR, CURRENT_MAJOR
        put(0x1EC, [4, 52, 1])  // COMMITTED_BUILD, COMMITTED_MINOR, COMMITTED_MAJOR
        put64(0x1F0, tcb)  // LAUNCH_TCB

        let signature = Self.must("the report signature") {
            Array(try vcekKey.signature(for: SHA384.hash(data: b[0..<0x2A0])).rawRepresentation)
        }
        put(0x2A0, Array(signature[0..<48].reversed()))  // R, little-endian, upper 24 bytes zero
        put(0x2E8, Array(signature[48..<96].reversed()))  // S, little-endian, upper 24 bytes zero
        return b
    }

    /// An RFC 5280 §5.1 v2 CRL issued and signed by the ARK (RSASSA-PSS, as AMD signs its
    /// per-product CRLs) that revokes `serials` as of `thisUpdate`, with a CRL number extension.
    /// `revokedCertificates` is omitted when `serials` is empty (§5.1.2.6).
    public func snpCRL(revoking serials: [[UInt8]], thisUpdate: Date, nextUpdate: Date) -> [UInt8] {
        Self.must("the CRL") {
            var tbs = DER.Serializer()
            try tbs.appendConstructedNode(identifier: .sequence) { c in
                try c.serialize(1)  // version v2
                c.serializeRawBytes(Self.pssAlgorithmIdentifier)
                try ark.certificate.subject.serialize(into: &c)
                try Self.serializeTime(thisUpdate, into: &c)
                try Self.serializeTime(nextUpdate, into: &c)
                if !serials.isEmpty {
                    try c.appendConstructedNode(identifier: .sequence) { list in
                        for serial in serials {
                            try list.appendConstructedNode(identifier: .sequence) { entry in
                                try entry.serialize(ArraySlice(serial.drop(while: { $0 == 0 })))
                                try Self.serializeTime(thisUpdate, into: &entry)
                            }
                        }
                    }
                }
                // crlExtensions [0] EXPLICIT: cRLNumber (§5.2.3) = 1.
                try c.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { tagged in
                    try tagged.appendConstructedNode(identifier: .sequence) { extensions in
                        try extensions.appendConstructedNode(identifier: .sequence) { e in
                            try e.serialize(ASN1ObjectIdentifier(elements: [2, 5, 29, 20]))
                            var number = DER.Serializer()
                            try number.serialize(1)
                            try e.serialize(ASN1OctetString(contentBytes: number.serializedBytes[...]))
                        }
                    }
                }
            }
            return try Self.pssSigned(tbs.serializedBytes, by: arkKey)
        }
    }

    // MARK: Names and extensions

    /// An AMD KDS name: `OU=Engineering, C=US, L=Santa Clara, ST=CA, O=Advanced Micro Devices, CN=<cn>`.
    static func amdName(_ commonName: String) -> DistinguishedName {
        must("the name \(commonName)") {
            try DistinguishedName {
                OrganizationalUnitName("Engineering")
                CountryName("US")
                LocalityName("Santa Clara")
                StateOrProvinceName("CA")
                OrganizationName("Advanced Micro Devices")
                CommonName(commonName)
            }
        }
    }

    /// As AMD's ARK: keyCertSign and cRLSign; a CA without a path length.
    static let arkExtensions = must("the ARK extensions") {
        try Certificate.Extensions {
            Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
        }
    }

    /// As AMD's ASK: a CA with path length 0; keyCertSign.
    static let askExtensions = must("the ASK extensions") {
        try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(keyCertSign: true))
        }
    }

    /// The VCEK extensions of publication 57230 Table 8, in the order and encodings of AMD's Milan
    /// VCEKs (Tests/Vectors/tee/sev-snp/virtee-sev/vcek_milan.der): structVersion INTEGER 0,
    /// productName IA5String "Milan-B0", the SPLs as INTEGERs (blSPL, teeSPL, spl4–7, snpSPL,
    /// ucodeSPL), and hwID as the raw 64 bytes with no ASN.1 wrapping. No basicConstraints or
    /// keyUsage, as AMD issues them.
    static func vcekExtensions(chipID: [UInt8], tcb: UInt64) -> Certificate.Extensions {
        let tcbByte = { (index: UInt64) in Int(UInt8(truncatingIfNeeded: tcb >> (8 * index))) }
        let amd: [UInt] = [1, 3, 6, 1, 4, 1, 3704, 1]
        func der(_ value: some DERSerializable) throws -> ArraySlice<UInt8> {
            var serializer = DER.Serializer()
            try serializer.serialize(value)
            return serializer.serializedBytes[...]
        }
        func ext(_ arcs: [UInt], _ value: ArraySlice<UInt8>) throws -> Certificate.Extension {
            Certificate.Extension(oid: try ASN1ObjectIdentifier(elements: amd + arcs), critical: false, value: value)
        }
        return must("the VCEK extensions") {
            try Certificate.Extensions([
                try ext([1], try der(0)),  // structVersion
                try ext([2], try der(ASN1IA5String("Milan-B0"))),  // productName
                try ext([3, 1], try der(tcbByte(0))),  // blSPL: TCB byte 0
                try ext([3, 2], try der(tcbByte(1))),  // teeSPL: TCB byte 1
                try ext([3, 4], try der(tcbByte(2))),  // spl_4: TCB byte 2 (reserved)
                try ext([3, 5], try der(tcbByte(3))),  // spl_5: TCB byte 3 (reserved)
                try ext([3, 6], try der(tcbByte(4))),  // spl_6: TCB byte 4 (reserved)
                try ext([3, 7], try der(tcbByte(5))),  // spl_7: TCB byte 5 (reserved)
                try ext([3, 3], try der(tcbByte(6))),  // snpSPL: TCB byte 6
                try ext([3, 8], try der(tcbByte(7))),  // ucodeSPL: TCB byte 7
                try ext([4], chipID[...]),  // hwID: raw
            ])
        }
    }

    // MARK: RSASSA-PSS signing

    /// RSASSA-PSS with SHA-384, MGF1-SHA-384, salt length 48 and trailer field 1 (RFC 4055 §3.1),
    /// byte for byte the AlgorithmIdentifier of AMD's certificates.
    static let pssAlgorithmIdentifier: [UInt8] = [
        0x30, 0x46, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A, 0x30, 0x39, 0xA0, 0x0F, 0x30,
        0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0xA1, 0x1C, 0x30, 0x1A,
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x08, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48,
        0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0xA2, 0x03, 0x02, 0x01, 0x30, 0xA3, 0x03, 0x02, 0x01, 0x01,
    ]

    /// ecdsa-with-SHA384 (RFC 5758 §3.2), the AlgorithmIdentifier swift-certificates writes.
    static let ecdsaSHA384AlgorithmIdentifier: [UInt8] = [0x30, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x03]

    /// A certificate signed with RSASSA-PSS by `issuerKey`. swift-certificates cannot sign PSS, so
    /// it builds the tbsCertificate (signed by a throwaway ECDSA key that is then discarded); the
    /// tbsCertificate's `signature` field is replaced by the PSS identifier, and the certificate is
    /// reassembled around a PSS signature of the new tbsCertificate (RFC 5280 §4.1).
    static func pssCertificate(
        serial: [UInt8], key: Certificate.PublicKey, validity: ClosedRange<Date>, issuer: DistinguishedName,
        subject: DistinguishedName, extensions: Certificate.Extensions, issuerKey: _RSA.Signing.PrivateKey
    ) -> EvidenceCertificate {
        must("the certificate \(subject)") {
            let draft = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(bytes: serial), publicKey: key,
                notValidBefore: validity.lowerBound, notValidAfter: validity.upperBound, issuer: issuer,
                subject: subject, signatureAlgorithm: .ecdsaWithSHA384, extensions: extensions,
                issuerPrivateKey: Certificate.PrivateKey(P384.Signing.PrivateKey()))
            // tbsCertificate ::= SEQUENCE { [0] version, serialNumber, signature, issuer, … }
            let root = try DER.parse(draft.tbsCertificateBytes)
            guard case .constructed(let nodes) = root.content else { throw TBSRewriteError() }
            var tbs = DER.Serializer()
            try tbs.appendConstructedNode(identifier: .sequence) { c in
                for (index, node) in nodes.enumerated() {
                    if index == 2 {
                        guard Array(node.encodedBytes) == ecdsaSHA384AlgorithmIdentifier else { throw TBSRewriteError() }
                        c.serializeRawBytes(pssAlgorithmIdentifier)
                    } else {
                        c.serializeRawBytes(node.encodedBytes)
                    }
                }
            }
            return try EvidenceCertificate(derEncoded: try pssSigned(tbs.serializedBytes, by: issuerKey))
        }
    }

    /// `SEQUENCE { tbs, pssAlgorithmIdentifier, BIT STRING signature }`: the envelope shared by
    /// certificates (RFC 5280 §4.1) and CRLs (§5.1).
    static func pssSigned(_ tbs: [UInt8], by key: _RSA.Signing.PrivateKey) throws -> [UInt8] {
        // swift-crypto's PSS padding uses a salt as long as the digest: 48 bytes for SHA-384.
        let signature = try key.signature(for: SHA384.hash(data: tbs), padding: .PSS)
        var envelope = DER.Serializer()
        try envelope.appendConstructedNode(identifier: .sequence) { c in
            c.serializeRawBytes(tbs)
            c.serializeRawBytes(pssAlgorithmIdentifier)
            try c.serialize(ASN1BitString(bytes: Array(signature.rawRepresentation)[...]))
        }
        return envelope.serializedBytes
    }

    /// RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, in whole seconds.
    static func serializeTime(_ date: Date, into coder: inout DER.Serializer) throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let (year, month, day, hour, minute, second) = (c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
        if year < 2050 {
            try coder.serialize(UTCTime(year: year, month: month, day: day, hours: hour, minutes: minute, seconds: second))
        } else {
            try coder.serialize(GeneralizedTime(
                year: year, month: month, day: day, hours: hour, minutes: minute, seconds: second, fractionalSeconds: 0))
        }
    }

    /// RSA-2048 keys for the ARK and ASK.
    static func generateRSAKey() -> _RSA.Signing.PrivateKey {
        must("an RSA key") { try _RSA.Signing.PrivateKey(keySize: .bits2048) }
    }
}

/// The tbsCertificate swift-certificates produced is not shaped as RFC 5280 §4.1 says.
struct TBSRewriteError: Error {}
