// One X.509 certificate of a vendor attestation chain (RFC 5280 §4.1), parsed by swift-certificates.
//
// swift-certificates 1.21 refuses, at parse time, a certificate whose outer signatureAlgorithm is
// RSASSA-PSS, which is how AMD signs its ARK, ASK, VCEK and VLEK. So the outer structure
// (`tbsCertificate`, `signatureAlgorithm`, `signatureValue`) is read here with swift-asn1, the
// signature algorithm by ``SignatureScheme``, and the `tbsCertificate` by swift-certificates itself:
// it is handed to the library inside an envelope that names ecdsa-with-SHA384 and carries a
// placeholder signature. The library never sees or checks that placeholder; the certificate's
// real signature is checked by ``isSigned(by:)`` over the original `tbsCertificate` bytes.
public import X509
import SwiftASN1
import CryptoPrimitives

/// An X.509 v3 certificate: its DER, its fields (through ``certificate``), its signature scheme
/// and value, and the SHA-256 of its DER by which roots are pinned.
public struct EvidenceCertificate: Hashable, Sendable, CustomStringConvertible {
    /// The certificate's DER encoding, exactly as received.
    public let der: [UInt8]
    /// The fields of the certificate, parsed by swift-certificates. Its `signature` property is
    /// meaningless for RSASSA-PSS certificates (see the file comment); use ``isSigned(by:)``.
    public let certificate: Certificate
    /// The algorithm of the certificate's signature.
    public let signatureScheme: SignatureScheme
    /// The DER `tbsCertificate`: the signed bytes.
    public let tbsCertificateBytes: [UInt8]
    /// The signature value (the BIT STRING's bytes).
    public let signatureValue: [UInt8]

    /// The largest certificate accepted, in bytes (AMD's ARK is about 1.6 KB; a Nitro cabundle
    /// entry is at most 1,024 by the NSM specification).
    public static let maxDERCount = 16_384

    /// Parses one DER certificate; throws `badCertificate` if the library does not accept it, or
    /// `unsupported` for a signature algorithm other than those of ``SignatureScheme``.
    public init(derEncoded bytes: some Collection<UInt8>) throws(EvidenceError) {
        let der = Array(bytes)
        guard der.count <= Self.maxDERCount else {
            throw EvidenceError(.tooLarge, "a certificate of \(der.count) bytes is larger than \(Self.maxDERCount)")
        }
        let outer: (tbs: ASN1Node, algorithm: ASN1Node, signature: ASN1BitString)
        let root: ASN1Node
        do {
            root = try DER.parse(der)
            // DER.parse rejects trailing bytes after the outer element.
            outer = try DER.sequence(root, identifier: .sequence) { nodes in
                guard let tbs = nodes.next(), let algorithm = nodes.next(), let signature = nodes.next(),
                      nodes.next() == nil
                else { throw EvidenceError(.badCertificate, "a certificate is not a SEQUENCE of three elements") }
                return (tbs, algorithm, try ASN1BitString(derEncoded: signature))
            }
        } catch let error as EvidenceError {
            throw error
        } catch {
            throw EvidenceError(.badCertificate, "not a DER certificate: \(error)")
        }
        guard outer.signature.paddingBits == 0 else {
            throw EvidenceError(.badCertificate, "the certificate's signature BIT STRING has padding bits")
        }
        let scheme = try SignatureScheme(algorithmIdentifier: outer.algorithm)
        let parsed: Certificate
        do {
            switch scheme {
            case .rsaPSS:
                var envelope = DER.Serializer()
                try envelope.appendConstructedNode(identifier: .sequence) { coder in
                    coder.serializeRawBytes(outer.tbs.encodedBytes)
                    coder.serializeRawBytes(Self.placeholderAlgorithm[...])
                    try coder.serialize(ASN1BitString(bytes: Self.placeholderSignature[...]))
                }
                parsed = try Certificate(derEncoded: envelope.serializedBytes)
            case .ecdsa, .rsaPKCS1:
                // The node parsed above: the DER is read once.
                parsed = try Certificate(derEncoded: root)
            }
        } catch {
            throw EvidenceError(.badCertificate, "the X.509 library refused the certificate: \(error)")
        }
        guard parsed.version == .v3 else {
            throw EvidenceError(.badCertificate, "the certificate is \(parsed.version), not X.509 v3")
        }
        self.der = der
        self.certificate = parsed
        self.signatureScheme = scheme
        self.tbsCertificateBytes = Array(outer.tbs.encodedBytes)
        self.signatureValue = Array(outer.signature.bytes)
    }

    /// ecdsa-with-SHA384 (RFC 5758 §3.2), the algorithm the envelope names for the library.
    private static let placeholderAlgorithm: [UInt8] = [0x30, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x03]
    /// `Ecdsa-Sig-Value {r 1, s 1}`: well-formed and never verified.
    private static let placeholderSignature: [UInt8] = [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]

    /// Every certificate in `bytes`: one or more PEM `CERTIFICATE` blocks (leaf first as given),
    /// or one DER certificate. Text around PEM blocks is ignored; a trailing NUL (as in a TDX
    /// quote's PCK chain) is allowed. Throws `badCertificate` if there is none, or if a block or
    /// the DER does not parse.
    public static func parseAll(_ bytes: some Collection<UInt8>) throws(EvidenceError) -> [EvidenceCertificate] {
        let bytes = Array(bytes)
        if bytes.first == 0x30 { return [try EvidenceCertificate(derEncoded: bytes)] }
        let blocks = try PEMBlocks.parse(bytes, label: "CERTIFICATE")
        guard !blocks.isEmpty else {
            throw EvidenceError(.badCertificate, "no certificate: neither DER nor a PEM CERTIFICATE block")
        }
        var out: [EvidenceCertificate] = []
        for block in blocks { out.append(try EvidenceCertificate(derEncoded: block)) }
        return out
    }

    /// SHA-256 of the DER: the fingerprint by which roots are pinned.
    public var sha256: [UInt8] { CryptoPrimitives.SHA256.digest(der) }

    /// Whether this certificate's signature verifies under `issuer`'s public key. Says nothing
    /// about names, validity or extensions: those are the chain checks of the appraiser.
    public func isSigned(by issuer: EvidenceCertificate) -> Bool {
        signatureScheme.isValidSignature(signatureValue, for: tbsCertificateBytes, publicKey: issuer.certificate.publicKey)
    }

    /// Whether issuer and subject are the same name and the certificate verifies under its own key.
    public var isSelfSigned: Bool { certificate.issuer == certificate.subject && isSigned(by: self) }

    /// The subject's common name, or the whole subject when it has none.
    public var commonName: String { Self.commonName(of: certificate.subject) ?? certificate.subject.description }

    /// The issuer's common name, if it has one.
    public var issuerCommonName: String? { Self.commonName(of: certificate.issuer) }

    /// The first common name (CN) of `name`.
    private static func commonName(of name: DistinguishedName) -> String? {
        for rdn in name {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                return attribute.value.description
            }
        }
        return nil
    }

    public var description: String { "\(commonName) (SHA-256 \(Hex.encode(sha256).prefix(16))…)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.der == rhs.der }
    public func hash(into hasher: inout Hasher) { hasher.combine(der) }
}
