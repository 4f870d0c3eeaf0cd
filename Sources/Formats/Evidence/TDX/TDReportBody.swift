// Intel TDX DCAP quote v4/v5 §A.3.2 "TD Quote Body" (TD 1.0, 584 bytes) and the TD 1.5 body
// (648 bytes: TEE_TCB_SVN_2 and MRSERVICETD appended). Offsets: Tests/Vectors/tee/tdx/README.md
// §Quote layout.

/// The TD report body of a TDX quote: the TD's measurements and attributes as the TDX module
/// reported them. Every field is the raw bytes of the quote.
public struct TDReportBody: Hashable, Sendable {
    /// The body's size for a TD 1.0 report (quote v4, or v5 body type 2).
    public static let td10Count = 584
    /// The body's size for a TD 1.5 report (quote v5 body type 3).
    public static let td15Count = 648

    /// TEE_TCB_SVN (16 bytes): byte 0 is the TDX module SVN, byte 1 its major version.
    public let teeTCBSVN: [UInt8]
    /// MRSEAM (48 bytes): the measurement of the TDX module.
    public let mrSEAM: [UInt8]
    /// MRSIGNERSEAM (48 bytes): the TDX module signer; zero for Intel's module.
    public let mrSignerSEAM: [UInt8]
    /// SEAMATTRIBUTES (8 bytes).
    public let seamAttributes: [UInt8]
    /// TDATTRIBUTES (8 bytes, a little-endian bit field): bit 0 DEBUG, bit 28 SEPT_VE_DISABLE.
    public let tdAttributes: [UInt8]
    /// XFAM (8 bytes).
    public let xfam: [UInt8]
    /// MRTD (48 bytes): the measurement of the TD's initial contents.
    public let mrTD: [UInt8]
    /// MRCONFIGID (48 bytes).
    public let mrConfigID: [UInt8]
    /// MROWNER (48 bytes).
    public let mrOwner: [UInt8]
    /// MROWNERCONFIG (48 bytes).
    public let mrOwnerConfig: [UInt8]
    /// RTMR0–RTMR3 (4 × 48 bytes), in order.
    public let rtmrs: [[UInt8]]
    /// REPORTDATA (64 bytes): the TD's own data, where a key binding lives.
    public let reportData: [UInt8]
    /// TEE_TCB_SVN_2 (16 bytes): TD 1.5 bodies only.
    public let teeTCBSVN2: [UInt8]?
    /// MRSERVICETD (48 bytes): TD 1.5 bodies only.
    public let mrServiceTD: [UInt8]?

    /// Parses a body of exactly 584 (TD 1.0) or 648 (TD 1.5) bytes; `malformed` for any other size.
    public init(bytes: some Collection<UInt8>) throws(EvidenceError) {
        let bytes = Array(bytes)
        guard bytes.count == Self.td10Count || bytes.count == Self.td15Count else {
            throw EvidenceError(.malformed, "a TD report body is \(Self.td10Count) or \(Self.td15Count) bytes, not \(bytes.count)")
        }
        func field(_ offset: Int, _ count: Int) -> [UInt8] { Array(bytes[offset..<offset + count]) }
        teeTCBSVN = field(0, 16)
        mrSEAM = field(16, 48)
        mrSignerSEAM = field(64, 48)
        seamAttributes = field(112, 8)
        tdAttributes = field(120, 8)
        xfam = field(128, 8)
        mrTD = field(136, 48)
        mrConfigID = field(184, 48)
        mrOwner = field(232, 48)
        mrOwnerConfig = field(280, 48)
        rtmrs = (0..<4).map { field(328 + 48 * $0, 48) }
        reportData = field(520, 64)
        if bytes.count == Self.td15Count {
            teeTCBSVN2 = field(584, 16)
            mrServiceTD = field(600, 48)
        } else {
            teeTCBSVN2 = nil
            mrServiceTD = nil
        }
    }

    /// TDATTRIBUTES as the little-endian 64-bit value the TDX module defines.
    public var tdAttributesValue: UInt64 {
        tdAttributes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }

    /// Whether TDATTRIBUTES bit 0 (DEBUG) is set.
    public var isDebug: Bool { tdAttributesValue & 1 != 0 }
}
