// Intel TDX DCAP quote, versions 4 and 5 (Intel TDX DCAP Quoting Library API, appendix A;
// layout in Tests/Vectors/tee/tdx/README.md §Quote layout):
//
//   header (48)  version u16 · attestation key type u16 · TEE type u32 · reserved u16 u16 ·
//                QE vendor ID (16) · user data (20)
//   body         v4: TD 1.0 report body (584) at 48
//                v5: body type u16 · body size u32 · body (type 2: 584, type 3: 648) at 54
//   sig_data_len u32, then signature data of exactly that length:
//                quote signature (64) · attestation key (64) · certification data (type 6)
//
// The signed bytes are everything before sig_data_len. Parsing follows the length fields; bytes
// after the signature data are accepted only when all zero, since real quotes are written into
// fixed-size buffers (the dcap-qvl sample `tdx_quote` carries 70 zero bytes there).

/// A TDX DCAP quote: header, TD report body, and the signature data that certifies it.
public struct TDXQuote: Hashable, Sendable {
    /// The largest quote accepted, in bytes (real quotes are about 5 KB, mostly the PEM chain).
    public static let maxCount = 64 * 1024
    /// TEE type of a TDX quote.
    public static let teeTypeTDX: UInt32 = 0x81
    /// Attestation key type 2: ECDSA-256 with P-256.
    public static let attestationKeyTypeP256: UInt16 = 2
    /// Intel's QE vendor ID.
    public static let intelQEVendorID: [UInt8] = [
        0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c, 0x4c, 0xa9, 0x94, 0x0a, 0x0d, 0xb3, 0x95, 0x7f, 0x06, 0x07,
    ]

    /// The quote version: 4 or 5.
    public let version: UInt16
    /// The attestation key type: 2 (ECDSA P-256).
    public let attestationKeyType: UInt16
    /// The TEE type: 0x81 (TDX).
    public let teeType: UInt32
    /// The QE vendor ID (16 bytes).
    public let qeVendorID: [UInt8]
    /// The header's user data (20 bytes).
    public let userData: [UInt8]
    /// The body type: 2 (TD 1.0) or 3 (TD 1.5); 2 for version 4 quotes, which carry no type.
    public let bodyType: UInt16
    /// The TD report body.
    public let body: TDReportBody
    /// The bytes the attestation key signs: header and body (v5: with body type and size).
    public let signedBytes: [UInt8]
    /// The quote signature: raw P-256 `r ‖ s` (64 bytes) over ``signedBytes`` with SHA-256.
    public let signature: [UInt8]
    /// The attestation public key: raw P-256 `X ‖ Y` (64 bytes).
    public let attestationKey: [UInt8]
    /// The QE report, the PCK signature over it, the QE authentication data and the PCK chain.
    public let certificationData: QECertificationData

    /// The QE report (its raw 384 bytes are `qeReport.bytes`).
    public var qeReport: SGXReportBody { certificationData.qeReport }
    /// The QE report's signature by the PCK leaf: raw P-256 `r ‖ s`.
    public var qeReportSignature: [UInt8] { certificationData.qeReportSignature }
    /// The QE authentication data.
    public var qeAuthData: [UInt8] { certificationData.qeAuthData }
    /// The PCK chain from the quote, leaf first.
    public var pckChain: [EvidenceCertificate] { certificationData.pckChain }

    /// Parses a quote. Throws `tooLarge` past ``maxCount``; `unsupported` for a version other than
    /// 4 or 5, an attestation key type other than 2, a TEE type other than 0x81, a v5 body type
    /// other than 2 or 3, or a certification data type other than 6 (nested 5); `malformed` for
    /// a v5 body size that does not match its type or signature data whose fields do not fill
    /// sig_data_len exactly; `truncated` when the input ends inside the structure;
    /// `trailingBytes` for a non-zero byte after it; `badCertificate` for a PCK chain that does
    /// not parse.
    public static func parse(_ bytes: some Collection<UInt8>) throws(EvidenceError) -> Self {
        guard bytes.count <= maxCount else {
            throw EvidenceError(.tooLarge, "a quote of \(bytes.count) bytes is larger than \(maxCount)")
        }
        return try Self(Array(bytes))
    }

    private init(_ bytes: [UInt8]) throws(EvidenceError) {
        var reader = TDXQuoteReader(bytes)
        version = try reader.u16("quote version")
        guard version == 4 || version == 5 else {
            throw EvidenceError(.unsupported, "quote version \(version); TDX quotes are version 4 or 5")
        }
        attestationKeyType = try reader.u16("attestation key type")
        guard attestationKeyType == Self.attestationKeyTypeP256 else {
            throw EvidenceError(.unsupported, "attestation key type \(attestationKeyType); expected 2 (ECDSA P-256)")
        }
        teeType = try reader.u32("TEE type")
        guard teeType == Self.teeTypeTDX else {
            throw EvidenceError(.unsupported, "TEE type 0x\(String(teeType, radix: 16)); expected 0x81 (TDX)")
        }
        _ = try reader.read(4, "header reserved fields")
        qeVendorID = try reader.read(16, "QE vendor ID")
        userData = try reader.read(20, "header user data")

        let bodyCount: Int
        if version == 4 {
            bodyType = 2
            bodyCount = TDReportBody.td10Count
        } else {
            bodyType = try reader.u16("body type")
            let size = try reader.u32("body size")
            switch bodyType {
            case 2: bodyCount = TDReportBody.td10Count
            case 3: bodyCount = TDReportBody.td15Count
            default:
                throw EvidenceError(.unsupported, "v5 body type \(bodyType); expected 2 (TD 1.0) or 3 (TD 1.5)")
            }
            guard size == bodyCount else {
                throw EvidenceError(.malformed, "v5 body type \(bodyType) is \(bodyCount) bytes, body size says \(size)")
            }
        }
        body = try TDReportBody(bytes: try reader.read(bodyCount, "TD report body"))
        signedBytes = Array(bytes[0..<reader.offset])

        let sigDataCount = Int(try reader.u32("signature data length"))
        var sigData = TDXQuoteReader(try reader.read(sigDataCount, "signature data"))
        signature = try sigData.read(64, "quote signature")
        attestationKey = try sigData.read(64, "attestation key")
        certificationData = try QECertificationData(reading: &sigData)
        guard sigData.remaining == 0 else {
            throw EvidenceError(.malformed, "signature data length \(sigDataCount) leaves \(sigData.remaining) bytes after the certification data")
        }
        // Zero padding after the structure is tolerated (see the file comment); nothing else.
        if let index = bytes[reader.offset...].firstIndex(where: { $0 != 0 }) {
            throw EvidenceError(.trailingBytes, "non-zero byte 0x\(String(bytes[index], radix: 16)) at offset \(index), after the quote ends at \(reader.offset)")
        }
    }
}
