// RFC 5280 §4.1.1.2 signatureAlgorithm, for the schemes that vendor attestation chains use:
// ECDSA (RFC 5758 §3.2) for Intel and AWS, RSASSA-PSS (RFC 4055 §3.1) for AMD's ARK, ASK, VCEK
// and VLEK, and RSASSA-PKCS1-v1_5 (RFC 4055 §5) for completeness. swift-certificates 1.21 does
// not accept RSASSA-PSS, so the algorithm identifier is read here with swift-asn1 and every
// signature is checked with swift-crypto (specs/evidence.md §Cryptography).
public import SwiftASN1
import Crypto
import _CryptoExtras
public import X509

/// A signature algorithm of an X.509 certificate or CRL, with its hash.
public enum SignatureScheme: Hashable, Sendable, CustomStringConvertible {
    /// ECDSA over the given hash; the signature is a DER `Ecdsa-Sig-Value`.
    case ecdsa(SignatureHash)
    /// RSASSA-PKCS1-v1_5 over the given hash.
    case rsaPKCS1(SignatureHash)
    /// RSASSA-PSS with MGF1 over the same hash and a salt as long as the hash (AMD's chains use
    /// SHA-384, MGF1-SHA-384 and a 48-byte salt).
    case rsaPSS(SignatureHash)

    /// The hash functions signatures here are computed over.
    public enum SignatureHash: String, Hashable, Sendable {
        case sha256 = "SHA-256", sha384 = "SHA-384", sha512 = "SHA-512"

        var saltLength: Int {
            switch self {
            case .sha256: 32
            case .sha384: 48
            case .sha512: 64
            }
        }
    }

    public var description: String {
        switch self {
        case .ecdsa(let h): "ECDSA with \(h.rawValue)"
        case .rsaPKCS1(let h): "RSASSA-PKCS1-v1_5 with \(h.rawValue)"
        case .rsaPSS(let h): "RSASSA-PSS with \(h.rawValue)"
        }
    }

    /// Reads an `AlgorithmIdentifier` (RFC 5280 §4.1.1.2). Throws `unsupported` for any other
    /// algorithm, and for RSASSA-PSS parameters other than one hash for the message and MGF1
    /// with a salt of the hash's length and the default trailer.
    public init(algorithmIdentifier node: ASN1Node) throws(EvidenceError) {
        do {
            self = try DER.sequence(node, identifier: .sequence) { nodes in
                let oid = try ASN1ObjectIdentifier(derEncoded: &nodes)
                let parameters = nodes.next()
                guard nodes.next() == nil else {
                    throw EvidenceError(.badCertificate, "an AlgorithmIdentifier has more than two fields")
                }
                switch oid {
                case OID.ecdsaWithSHA256, OID.ecdsaWithSHA384, OID.ecdsaWithSHA512:
                    // RFC 5758 §3.2: the parameters field MUST be absent.
                    guard parameters == nil else {
                        throw EvidenceError(.badCertificate, "ECDSA algorithm identifier with parameters")
                    }
                    return .ecdsa(oid == OID.ecdsaWithSHA256 ? .sha256 : oid == OID.ecdsaWithSHA384 ? .sha384 : .sha512)
                case OID.sha256WithRSA, OID.sha384WithRSA, OID.sha512WithRSA:
                    return .rsaPKCS1(oid == OID.sha256WithRSA ? .sha256 : oid == OID.sha384WithRSA ? .sha384 : .sha512)
                case OID.rsassaPSS:
                    guard let parameters else {
                        throw EvidenceError(.unsupported, "RSASSA-PSS without parameters (SHA-1 defaults) is not accepted")
                    }
                    return .rsaPSS(try Self.pssHash(parameters))
                default:
                    throw EvidenceError(.unsupported, "signature algorithm \(oid) is not supported")
                }
            }
        } catch let error as EvidenceError {
            throw error
        } catch {
            throw EvidenceError(.badCertificate, "the signature algorithm is not a DER AlgorithmIdentifier: \(error)")
        }
    }

    /// RFC 4055 §3.1 RSASSA-PSS-params: `[0] hashAlgorithm, [1] maskGenAlgorithm, [2] saltLength,
    /// [3] trailerField`. Accepted only with the three first present, MGF1 over the same hash,
    /// a salt as long as the hash, and a trailer of 1 when present.
    private static func pssHash(_ node: ASN1Node) throws -> SignatureHash {
        try DER.sequence(node, identifier: .sequence) { nodes in
            let hash = try DER.explicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { try hashAlgorithm($0) }
            let mgfHash = try DER.explicitlyTagged(&nodes, tagNumber: 1, tagClass: .contextSpecific) { node in
                try DER.sequence(node, identifier: .sequence) { inner in
                    let mgf = try ASN1ObjectIdentifier(derEncoded: &inner)
                    guard mgf == OID.mgf1, let hashNode = inner.next(), inner.next() == nil else {
                        throw EvidenceError(.unsupported, "RSASSA-PSS mask generation other than MGF1")
                    }
                    return try hashAlgorithm(hashNode)
                }
            }
            let salt = try DER.explicitlyTagged(&nodes, tagNumber: 2, tagClass: .contextSpecific) { try Int(derEncoded: $0) }
            let trailer = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 3, tagClass: .contextSpecific) {
                try Int(derEncoded: $0)
            }
            guard nodes.next() == nil else { throw EvidenceError(.badCertificate, "RSASSA-PSS parameters have extra fields") }
            guard mgfHash == hash, salt == hash.saltLength, trailer == nil || trailer == 1 else {
                throw EvidenceError(
                    .unsupported, "RSASSA-PSS with \(hash.rawValue), MGF1 \(mgfHash.rawValue), salt \(salt) is not supported")
            }
            return hash
        }
    }

    /// `AlgorithmIdentifier` of a hash (RFC 4055 §2.1); the parameters are NULL or absent.
    private static func hashAlgorithm(_ node: ASN1Node) throws -> SignatureHash {
        try DER.sequence(node, identifier: .sequence) { nodes in
            let oid = try ASN1ObjectIdentifier(derEncoded: &nodes)
            if let parameters = nodes.next() { _ = try ASN1Null(derEncoded: parameters) }
            guard nodes.next() == nil else { throw EvidenceError(.badCertificate, "a hash AlgorithmIdentifier has extra fields") }
            switch oid {
            case OID.sha256: return .sha256
            case OID.sha384: return .sha384
            case OID.sha512: return .sha512
            default: throw EvidenceError(.unsupported, "hash algorithm \(oid) is not supported")
            }
        }
    }

    /// Whether `signature` is a valid signature of `message` by `publicKey` under this scheme.
    /// A key of the wrong type for the scheme, or a signature that does not parse, is invalid.
    public func isValidSignature(_ signature: some Collection<UInt8>, for message: some Collection<UInt8>,
                                 publicKey: Certificate.PublicKey) -> Bool {
        let message = Array(message)
        switch self {
        case .ecdsa(let hash):
            let sig = Array(signature)
            if let key = P256.Signing.PublicKey(publicKey),
               let s = try? P256.Signing.ECDSASignature(derRepresentation: sig) {
                return hash.withDigest(of: message) { key.isValidSignature(s, for: $0) }
            }
            if let key = P384.Signing.PublicKey(publicKey),
               let s = try? P384.Signing.ECDSASignature(derRepresentation: sig) {
                return hash.withDigest(of: message) { key.isValidSignature(s, for: $0) }
            }
            if let key = P521.Signing.PublicKey(publicKey),
               let s = try? P521.Signing.ECDSASignature(derRepresentation: sig) {
                return hash.withDigest(of: message) { key.isValidSignature(s, for: $0) }
            }
            return false
        case .rsaPKCS1(let hash), .rsaPSS(let hash):
            guard let key = _RSA.Signing.PublicKey(publicKey) else { return false }
            let s = _RSA.Signing.RSASignature(rawRepresentation: Array(signature))
            let padding: _RSA.Signing.Padding = if case .rsaPSS = self { .PSS } else { .insecurePKCS1v1_5 }
            return hash.withDigest(of: message) { key.isValidSignature(s, for: $0, padding: padding) }
        }
    }
}

extension SignatureScheme.SignatureHash {
    /// Calls `body` with the digest of `message` under this hash.
    func withDigest(of message: [UInt8], _ body: (any Digest) -> Bool) -> Bool {
        switch self {
        case .sha256: body(SHA256.hash(data: message))
        case .sha384: body(SHA384.hash(data: message))
        case .sha512: body(SHA512.hash(data: message))
        }
    }
}

/// Object identifiers used by the parsers here.
enum OID {
    static let ecdsaWithSHA256: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 2]
    static let ecdsaWithSHA384: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 3]
    static let ecdsaWithSHA512: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 4]
    static let sha256WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 11]
    static let sha384WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 12]
    static let sha512WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 13]
    static let rsassaPSS: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 10]
    static let mgf1: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 8]
    static let sha256: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]
    static let sha384: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 2]
    static let sha512: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 3]
}
