// The Nitro half of TestTEEAuthority: certificates as AWS issues them and attestation documents
// as the Nitro Secure Module emits them (aws-nitro-enclaves-nsm-api docs/attestation_process.md
// §2 and §3; Tests/Vectors/tee/nitro/README.md "Document format").
public import Foundation
public import Evidence
import CBOR
import COSE
import Crypto
import X509
import SwiftASN1

extension TestTEEAuthority {
    /// The SHA-256 of ``nitroRoot``'s DER: what `policy.additionalRoots[.nitro]` pins.
    public var nitroRootSHA256: [UInt8] { nitroRoot.sha256 }

    /// The default PCRs: 16 registers of 48 bytes as the NSM reports them, PCR0 all 0x11, PCR1
    /// all 0x12, PCR2 all 0x13 (a production enclave: not all zero) and PCR3–15 zero.
    public static let defaultPCRs: [Int: [UInt8]] = Dictionary(uniqueKeysWithValues: (0..<16).map { index in
        (index, [UInt8](repeating: index < 3 ? 0x11 + UInt8(index) : 0, count: 48))
    })

    /// The default `module_id`, shaped like an NSM's (`<instance id>-enc<enclave id>`).
    public static let defaultModuleID = "i-0123456789abcdef0-enc0123456789abcdef"

    /// A Nitro attestation document signed by this authority's leaf key: the untagged (or, with
    /// `tagged`, tag-18) COSE_Sign1 of RFC 9052 §4.2 with protected header `{1: -35}` (bytes
    /// `a1 01 38 22`), an empty unprotected header, the payload map, and a 96-byte raw `r ‖ s`
    /// ES384 signature over `["Signature1", h'a1013822', h'', payload]`.
    ///
    /// The payload holds the nine NSM fields in the NSM's order: `module_id`, `digest` ("SHA384"),
    /// `timestamp` (milliseconds, truncated), `pcrs`, `certificate` (a leaf issued for this
    /// document by ``nitroIntermediate``), `cabundle` (`[root, intermediate]`), `public_key`,
    /// `user_data`, `nonce` (CBOR `null` when nil, as the NSM writes them).
    ///
    /// - Parameters:
    ///   - timestamp: the document's `timestamp`.
    ///   - pcrs: PCR index → value (each 32, 48 or 64 bytes for a well-formed document).
    ///   - leafValidity: the leaf certificate's validity; default `timestamp` − 3 s for 3 hours
    ///     (whole seconds), as AWS issues leaves.
    public func nitroDocument(
        timestamp: Date, pcrs: [Int: [UInt8]] = TestTEEAuthority.defaultPCRs, publicKey: [UInt8]? = nil,
        userData: [UInt8]? = nil, nonce: [UInt8]? = nil, tagged: Bool = false,
        moduleID: String = TestTEEAuthority.defaultModuleID, leafValidity: ClosedRange<Date>? = nil
    ) -> [UInt8] {
        let milliseconds = UInt64((timestamp.timeIntervalSince1970 * 1000).rounded(.down))
        let notBefore = Date(timeIntervalSince1970: (timestamp.timeIntervalSince1970).rounded(.down) - 3)
        let leaf = nitroLeaf(
            serial: [0x03] + Self.bigEndian(milliseconds), moduleID: moduleID,
            validity: leafValidity ?? notBefore...notBefore.addingTimeInterval(3 * 3600))

        // §3.2.2.1: the attestation document, a CBOR map with text keys, written in the order the
        // NSM writes them (the map head for 9 pairs is 0xa9).
        let fields: [(String, CBOR)] = [
            ("module_id", .text(moduleID)),
            ("digest", .text("SHA384")),
            ("timestamp", .unsigned(milliseconds)),
            ("pcrs", .map(Dictionary(uniqueKeysWithValues: pcrs.map { (CBOR.int(Int64($0.key)), CBOR.bytes($0.value)) }))),
            ("certificate", .bytes(leaf.der)),
            ("cabundle", .array([.bytes(nitroRoot.der), .bytes(nitroIntermediate.der)])),
            ("public_key", publicKey.map { .bytes($0) } ?? .null),
            ("user_data", userData.map { .bytes($0) } ?? .null),
            ("nonce", nonce.map { .bytes($0) } ?? .null),
        ]
        var payload: [UInt8] = [0xA0 | UInt8(fields.count)]
        for (key, value) in fields {
            CBOR.text(key).encode(into: &payload)
            value.encode(into: &payload)
        }

        // RFC 9052 §4.4: Sig_structure with the protected header bytes exactly as sent.
        var message = COSESign1(
            protectedBytes: Self.es384ProtectedHeader, protectedHeader: [.unsigned(1): .int(-35)],
            unprotectedHeader: [:], payload: payload, signature: [])
        let toBeSigned = message.toBeSigned(payload: payload)
        message.signature = Self.must("the ES384 signature") {
            Array(try nitroLeafKey.signature(for: SHA384.hash(data: toBeSigned)).rawRepresentation)
        }
        return message.encoded(tagged: tagged)
    }

    /// The leaf certificate a document from ``nitroDocument(timestamp:pcrs:publicKey:userData:nonce:tagged:moduleID:leafValidity:)``
    /// carries for `moduleID` and `validity`: digitalSignature, not a CA, issued by ``nitroIntermediate``.
    public func nitroLeaf(serial: [UInt8] = [0x03], moduleID: String = TestTEEAuthority.defaultModuleID,
                          validity: ClosedRange<Date>) -> EvidenceCertificate {
        let subject = Self.must("the leaf name") {
            try DistinguishedName {
                CountryName("US")
                StateOrProvinceName("Washington")
                LocalityName("Seattle")
                OrganizationName("Amazon")
                OrganizationalUnitName("AWS")
                CommonName("\(moduleID).test.aws")
            }
        }
        return Self.nitroCertificate(
            serial: serial, key: nitroLeafKey.publicKey, validity: validity, issuer: Self.nitroIntermediateName,
            subject: subject, extensions: Self.nitroLeafExtensions, issuerKey: nitroIntermediateKey)
    }

    /// `{1: -35}` (alg: ES384) as the NSM encodes it.
    static let es384ProtectedHeader: [UInt8] = [0xA1, 0x01, 0x38, 0x22]

    static let nitroRootName = must("the root name") {
        try DistinguishedName {
            CountryName("US")
            OrganizationName("Amazon")
            OrganizationalUnitName("AWS")
            CommonName("test.nitro-enclaves")
        }
    }

    static let nitroIntermediateName = must("the intermediate name") {
        try DistinguishedName {
            CountryName("US")
            OrganizationName("Amazon")
            OrganizationalUnitName("AWS")
            CommonName("test.us-east-1.aws.nitro-enclaves")
        }
    }

    /// As AWS Nitro Enclaves Root-G1: CA without a path length; digitalSignature, keyCertSign, cRLSign.
    static let nitroRootExtensions = must("the root extensions") {
        try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
        }
    }

    /// As AWS's intermediates: CA with a path length of 0 (only the leaf below it).
    static let nitroIntermediateExtensions = must("the intermediate extensions") {
        try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
        }
    }

    /// As AWS's leaves: not a CA; digitalSignature.
    static let nitroLeafExtensions = must("the leaf extensions") {
        try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
        }
    }

    /// A certificate signed with ecdsa-with-SHA384 by `issuerKey`.
    static func nitroCertificate(
        serial: [UInt8], key: P384.Signing.PublicKey, validity: ClosedRange<Date>, issuer: DistinguishedName,
        subject: DistinguishedName, extensions: Certificate.Extensions, issuerKey: P384.Signing.PrivateKey
    ) -> EvidenceCertificate {
        must("the certificate \(subject)") {
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(bytes: serial),
                publicKey: Certificate.PublicKey(key), notValidBefore: validity.lowerBound,
                notValidAfter: validity.upperBound, issuer: issuer, subject: subject,
                signatureAlgorithm: .ecdsaWithSHA384, extensions: extensions,
                issuerPrivateKey: Certificate.PrivateKey(issuerKey))
            var serializer = DER.Serializer()
            try serializer.serialize(certificate)
            return try EvidenceCertificate(derEncoded: serializer.serializedBytes)
        }
    }

    /// `value` as big-endian bytes without leading zeros (at least one byte).
    static func bigEndian(_ value: UInt64) -> [UInt8] {
        let bytes = (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
        let trimmed = Array(bytes.drop(while: { $0 == 0 }))
        return trimmed.isEmpty ? [0] : trimmed
    }
}
