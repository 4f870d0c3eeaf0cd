// Intel SGX report body (SGX Developer Reference, "sgx_report_body_t"; DCAP quote §A.3.10 "QE
// Report"): 384 bytes, the Quoting Enclave's report inside a TDX quote's certification data.

/// An SGX report body: the identity of the enclave that produced it (here, the TD Quoting
/// Enclave) and its 64 bytes of report data.
public struct SGXReportBody: Hashable, Sendable {
    /// The size of an SGX report body.
    public static let count = 384

    /// The 384 bytes exactly as they appear in the quote: what the PCK key signs.
    public let bytes: [UInt8]
    /// CPUSVN (16 bytes) @0.
    public let cpuSVN: [UInt8]
    /// MISCSELECT (4 bytes, as in the report) @16.
    public let miscSelect: [UInt8]
    /// ATTRIBUTES (16 bytes) @48: flags then XFRM; flags bit 1 is DEBUG.
    public let attributes: [UInt8]
    /// MRENCLAVE (32 bytes) @64.
    public let mrEnclave: [UInt8]
    /// MRSIGNER (32 bytes) @128.
    public let mrSigner: [UInt8]
    /// ISVPRODID @256.
    public let isvProdID: UInt16
    /// ISVSVN @258.
    public let isvSVN: UInt16
    /// REPORTDATA (64 bytes) @320.
    public let reportData: [UInt8]

    /// Parses exactly 384 bytes; `truncated` if fewer, `trailingBytes` if more.
    public init(bytes: some Collection<UInt8>) throws(EvidenceError) {
        let bytes = Array(bytes)
        guard bytes.count >= Self.count else {
            throw EvidenceError(.truncated, "an SGX report body is \(Self.count) bytes, found \(bytes.count)")
        }
        guard bytes.count == Self.count else {
            throw EvidenceError(.trailingBytes, "an SGX report body is \(Self.count) bytes, found \(bytes.count)")
        }
        func field(_ offset: Int, _ count: Int) -> [UInt8] { Array(bytes[offset..<offset + count]) }
        self.bytes = bytes
        cpuSVN = field(0, 16)
        miscSelect = field(16, 4)
        attributes = field(48, 16)
        mrEnclave = field(64, 32)
        mrSigner = field(128, 32)
        isvProdID = UInt16(bytes[256]) | UInt16(bytes[257]) << 8
        isvSVN = UInt16(bytes[258]) | UInt16(bytes[259]) << 8
        reportData = field(320, 64)
    }

    /// Whether ATTRIBUTES.DEBUG (flags bit 1) is set.
    public var isDebug: Bool { attributes[0] & 0x02 != 0 }
}
