// DCAP quote v4 §A.3.9–A.3.11: certification data of type 6 ("QE Report Certification Data"),
// which holds the QE report, its signature by the PCK key, the QE authentication data, and a
// nested certification data of type 5 ("Concatenated PCK Cert Chain", PEM, leaf first).

/// The certification data a TDX quote's signature data ends with: the Quoting Enclave's report,
/// signed by the PCK leaf, and the PCK certificate chain.
public struct QECertificationData: Hashable, Sendable {
    /// Certification data type 6: QE report certification data.
    public static let qeReportType: UInt16 = 6
    /// Certification data type 5: the PCK certificate chain in PEM, leaf first.
    public static let pckChainType: UInt16 = 5

    /// The QE report.
    public let qeReport: SGXReportBody
    /// The QE report's signature by the PCK leaf key: raw P-256 `r ‖ s`, 64 bytes.
    public let qeReportSignature: [UInt8]
    /// The QE authentication data, bound into the QE report's REPORTDATA.
    public let qeAuthData: [UInt8]
    /// The PCK chain payload exactly as carried (PEM, leaf first, ending in one NUL).
    public let pckChainPEM: [UInt8]
    /// The PCK chain, leaf first.
    public let pckChain: [EvidenceCertificate]

    /// Reads `type u16, size u32, payload` at the reader's position, for type 6 with a nested
    /// type 5. The payload must be consumed exactly by its fields: `unsupported` for another
    /// type, `truncated` when a size runs past the data, `malformed` when a size leaves bytes over.
    init(reading reader: inout TDXQuoteReader) throws(EvidenceError) {
        let type = try reader.u16("certification data type")
        guard type == Self.qeReportType else {
            throw EvidenceError(.unsupported, "certification data type \(type); expected \(Self.qeReportType) (QE report certification data)")
        }
        let size = Int(try reader.u32("certification data size"))
        var inner = TDXQuoteReader(try reader.read(size, "certification data (type 6)"))
        qeReport = try SGXReportBody(bytes: try inner.read(SGXReportBody.count, "QE report"))
        qeReportSignature = try inner.read(64, "QE report signature")
        let authCount = Int(try inner.u16("QE authentication data size"))
        qeAuthData = try inner.read(authCount, "QE authentication data")
        let nestedType = try inner.u16("PCK certification data type")
        guard nestedType == Self.pckChainType else {
            throw EvidenceError(.unsupported, "nested certification data type \(nestedType); expected \(Self.pckChainType) (PCK certificate chain)")
        }
        let chainCount = Int(try inner.u32("PCK certification data size"))
        pckChainPEM = try inner.read(chainCount, "PCK certificate chain")
        guard inner.remaining == 0 else {
            throw EvidenceError(.malformed, "certification data type 6 has \(inner.remaining) bytes after the PCK certificate chain")
        }
        // The chain is PEM text ending in one NUL (DCAP §A.3.11); EvidenceCertificate.parseAll
        // accepts that NUL and rejects a payload without a certificate.
        pckChain = try EvidenceCertificate.parseAll(pckChainPEM)
    }
}
