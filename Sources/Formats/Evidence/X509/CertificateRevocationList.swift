// RFC 5280 §5.1: a certificate revocation list, read with swift-asn1 (swift-certificates has no
// CRL type). Only what revocation checking needs is kept: the signed bytes and signature, the
// issuer, thisUpdate and nextUpdate, and the revoked serial numbers. Intel's root CA and PCK CRLs
// and AMD's per-product CRLs are v2 CRLs signed with ECDSA and RSASSA-PSS respectively.
public import Foundation
public import X509
import SwiftASN1

/// An X.509 v2 CRL: who issued it, when, until when, and which serial numbers it revokes.
public struct CertificateRevocationList: Hashable, Sendable {
    /// The CRL's DER encoding, exactly as received.
    public let der: [UInt8]
    /// The DER `tbsCertList`: the signed bytes.
    public let tbsCertListBytes: [UInt8]
    /// The algorithm of the CRL's signature.
    public let signatureScheme: SignatureScheme
    /// The signature value.
    public let signatureValue: [UInt8]
    /// The CRL issuer's name.
    public let issuer: DistinguishedName
    /// When the CRL was issued.
    public let thisUpdate: Date
    /// When the next CRL is due; nil if the CRL does not say (RFC 5280 requires it; the appraiser
    /// treats a CRL without it as not current).
    public let nextUpdate: Date?
    /// The revoked serial numbers, as unsigned big-endian bytes without leading zeros.
    public let revokedSerialNumbers: Set<[UInt8]>

    /// The largest CRL accepted, in bytes. Intel's PCK CRLs hold tens of entries (about 2.6 KB).
    public static let maxDERCount = 1 << 20

    /// Parses a DER CRL, or one PEM `X509 CRL` block. Throws `badCRL` for anything else.
    public init(bytes: some Collection<UInt8>) throws(EvidenceError) {
        var der = Array(bytes)
        if der.first != 0x30 {
            let blocks: [[UInt8]]
            do { blocks = try PEMBlocks.parse(der, label: "X509 CRL") } catch {
                throw EvidenceError(.badCRL, "neither a DER CRL nor PEM: \(error.message)")
            }
            guard blocks.count == 1 else { throw EvidenceError(.badCRL, "expected one PEM X509 CRL block, found \(blocks.count)") }
            der = blocks[0]
        }
        guard der.count <= Self.maxDERCount else {
            throw EvidenceError(.tooLarge, "a CRL of \(der.count) bytes is larger than \(Self.maxDERCount)")
        }
        do {
            let root = try DER.parse(der)
            let parts = try DER.sequence(root, identifier: .sequence) { nodes in
                guard let tbs = nodes.next(), let algorithm = nodes.next(), let signature = nodes.next(), nodes.next() == nil
                else { throw EvidenceError(.badCRL, "a CRL is not a SEQUENCE of three elements") }
                return (tbs, algorithm, try ASN1BitString(derEncoded: signature))
            }
            let scheme: SignatureScheme
            do { scheme = try SignatureScheme(algorithmIdentifier: parts.1) } catch {
                throw EvidenceError(.badCRL, "the CRL's signature algorithm: \(error.message)")
            }
            let fields = try DER.sequence(parts.0, identifier: .sequence) { nodes in
                // version INTEGER OPTIONAL: v2 (1) when present.
                var version = 0
                var next = nodes.next()
                if let node = next, node.identifier == .integer {
                    version = try Int(derEncoded: node)
                    next = nodes.next()
                }
                guard version == 1 else { throw EvidenceError(.badCRL, "CRL version \(version + 1); only v2 is accepted") }
                guard let inner = next else { throw EvidenceError(.badCRL, "the CRL has no signature algorithm") }
                let innerScheme: SignatureScheme
                do { innerScheme = try SignatureScheme(algorithmIdentifier: inner) } catch {
                    throw EvidenceError(.badCRL, "the CRL's inner signature algorithm: \(error)")
                }
                guard innerScheme == scheme else {
                    throw EvidenceError(.badCRL, "the CRL's inner and outer signature algorithms differ (RFC 5280 §5.1.1.2)")
                }
                guard let issuerNode = nodes.next() else { throw EvidenceError(.badCRL, "the CRL has no issuer") }
                let issuer = try DistinguishedName(derEncoded: issuerNode)
                guard let thisNode = nodes.next() else { throw EvidenceError(.badCRL, "the CRL has no thisUpdate") }
                let thisUpdate = try DERTime.date(thisNode)
                var nextUpdate: Date?
                var revoked = Set<[UInt8]>()
                var node = nodes.next()
                if let n = node, n.identifier == .utcTime || n.identifier == .generalizedTime {
                    nextUpdate = try DERTime.date(n)
                    node = nodes.next()
                }
                if let n = node, n.identifier == .sequence {
                    try DER.sequence(n, identifier: .sequence) { entries in
                        while let entry = entries.next() {
                            try DER.sequence(entry, identifier: .sequence) { e in
                                let serial = try ArraySlice<UInt8>(derEncoded: &e)
                                guard let date = e.next() else { throw EvidenceError(.badCRL, "a revoked entry has no date") }
                                _ = try DERTime.date(date)
                                _ = e.next()  // crlEntryExtensions OPTIONAL
                                guard e.next() == nil else { throw EvidenceError(.badCRL, "a revoked entry has extra fields") }
                                revoked.insert(Self.normalized(serial))
                            }
                        }
                    }
                    node = nodes.next()
                }
                if let n = node {
                    // crlExtensions [0] EXPLICIT Extensions OPTIONAL.
                    guard n.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) else {
                        throw EvidenceError(.badCRL, "unexpected element \(n.identifier) in the CRL")
                    }
                    node = nodes.next()
                }
                guard node == nil else { throw EvidenceError(.badCRL, "the CRL has extra fields") }
                return (issuer, thisUpdate, nextUpdate, revoked)
            }
            guard parts.2.paddingBits == 0 else { throw EvidenceError(.badCRL, "the CRL's signature has padding bits") }
            self.der = der
            self.tbsCertListBytes = Array(parts.0.encodedBytes)
            self.signatureScheme = scheme
            self.signatureValue = Array(parts.2.bytes)
            self.issuer = fields.0
            self.thisUpdate = fields.1
            self.nextUpdate = fields.2
            self.revokedSerialNumbers = fields.3
        } catch let error as EvidenceError {
            throw error.code == .badCRL || error.code == .tooLarge ? error : EvidenceError(.badCRL, error.message)
        } catch {
            throw EvidenceError(.badCRL, "not a DER CRL: \(error)")
        }
    }

    /// Whether the CRL verifies under `issuer`'s public key.
    public func isSigned(by issuer: EvidenceCertificate) -> Bool {
        signatureScheme.isValidSignature(signatureValue, for: tbsCertListBytes, publicKey: issuer.certificate.publicKey)
    }

    /// Whether the CRL lists `certificate`'s serial number.
    public func revokes(_ certificate: EvidenceCertificate) -> Bool {
        revokedSerialNumbers.contains(Self.normalized(certificate.certificate.serialNumber.bytes))
    }

    /// Serial numbers compare as unsigned magnitudes: leading zero bytes are dropped.
    static func normalized(_ serial: ArraySlice<UInt8>) -> [UInt8] {
        Array(serial.drop(while: { $0 == 0 }))
    }
}
