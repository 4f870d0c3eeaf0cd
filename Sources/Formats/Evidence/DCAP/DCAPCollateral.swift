// The DCAP collateral of a TDX quote, in the JSON form dcap-qvl saves (QuoteCollateralV3;
// Tests/Vectors/tee/tdx/README.md §The collateral files): one object of nine string fields.
//   tcb_info, qe_identity                    the JSON text Intel signed, kept as bytes
//   tcb_info_signature, qe_identity_signature hex of raw P-256 r ‖ s (64 bytes)
//   tcb_info_issuer_chain, qe_identity_issuer_chain, pck_crl_issuer_chain   PEM chains
//   root_ca_crl, pck_crl                     hex of DER CRLs
// Signatures are verified over the exact UTF-8 bytes of the two signed strings; the parsed
// objects are for reading fields only and are never re-serialised.
import Foundation

/// Everything a TDX appraisal needs beside the quote: TCB Info, QE Identity, their signatures
/// and signing chains, and the root CA and PCK CRLs.
public struct DCAPCollateral: Hashable, Sendable {
    /// The largest collateral JSON accepted, in bytes (the real files are 16–19 KB).
    public static let maxCount = 1 << 20

    /// The TCB Info JSON exactly as signed (the UTF-8 bytes of `tcb_info`).
    public let tcbInfoBytes: [UInt8]
    /// The TCB Info, parsed.
    public let tcbInfo: TCBInfo
    /// `tcb_info_signature`: raw P-256 `r ‖ s` (64 bytes).
    public let tcbInfoSignature: [UInt8]
    /// `tcb_info_issuer_chain`: the TCB Signing certificate, then the root.
    public let tcbInfoIssuerChain: [EvidenceCertificate]
    /// The QE Identity JSON exactly as signed.
    public let qeIdentityBytes: [UInt8]
    /// The QE Identity, parsed.
    public let qeIdentity: QEIdentity
    /// `qe_identity_signature`: raw P-256 `r ‖ s` (64 bytes).
    public let qeIdentitySignature: [UInt8]
    /// `qe_identity_issuer_chain`.
    public let qeIdentityIssuerChain: [EvidenceCertificate]
    /// `root_ca_crl`: the CRL of the Intel SGX Root CA.
    public let rootCACRL: CertificateRevocationList
    /// `pck_crl`: the CRL of the PCK Platform (or Processor) CA.
    public let pckCRL: CertificateRevocationList
    /// `pck_crl_issuer_chain`.
    public let pckCRLIssuerChain: [EvidenceCertificate]

    private struct JSON: Decodable {
        let tcb_info, tcb_info_signature, tcb_info_issuer_chain: String
        let qe_identity, qe_identity_signature, qe_identity_issuer_chain: String
        let root_ca_crl, pck_crl, pck_crl_issuer_chain: String
    }

    /// Parses the collateral JSON. Throws `tooLarge` past ``maxCount``; `badCollateral` when a
    /// field is missing or not a string, a signature is not 128 hex characters, a CRL is not
    /// hex, or TCB Info or QE Identity is not of its form; `badCertificate` or `badCRL` from the
    /// chains and CRLs.
    public static func parse(json bytes: some Collection<UInt8>) throws(EvidenceError) -> Self {
        guard bytes.count <= maxCount else {
            throw EvidenceError(.tooLarge, "collateral of \(bytes.count) bytes is larger than \(maxCount)")
        }
        return try Self(DCAPHex.json(JSON.self, from: Array(bytes), what: "the collateral"))
    }

    private init(_ json: JSON) throws(EvidenceError) {
        tcbInfoBytes = Array(json.tcb_info.utf8)
        tcbInfo = try TCBInfo.parse(json: tcbInfoBytes)
        tcbInfoSignature = try DCAPHex.decode(json.tcb_info_signature, field: "tcb_info_signature", count: 64)
        tcbInfoIssuerChain = try EvidenceCertificate.parseAll(Array(json.tcb_info_issuer_chain.utf8))
        qeIdentityBytes = Array(json.qe_identity.utf8)
        qeIdentity = try QEIdentity.parse(json: qeIdentityBytes)
        qeIdentitySignature = try DCAPHex.decode(json.qe_identity_signature, field: "qe_identity_signature", count: 64)
        qeIdentityIssuerChain = try EvidenceCertificate.parseAll(Array(json.qe_identity_issuer_chain.utf8))
        rootCACRL = try CertificateRevocationList(bytes: DCAPHex.decode(json.root_ca_crl, field: "root_ca_crl"))
        pckCRL = try CertificateRevocationList(bytes: DCAPHex.decode(json.pck_crl, field: "pck_crl"))
        pckCRLIssuerChain = try EvidenceCertificate.parseAll(Array(json.pck_crl_issuer_chain.utf8))
    }
}
