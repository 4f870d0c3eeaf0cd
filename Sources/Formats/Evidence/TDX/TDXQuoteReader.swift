// A bounded little-endian reader over the bytes of a DCAP quote (Intel TDX DCAP Quote Generation
// Library and Quote Verification Library API, appendix A: integers are little-endian).

/// Reads fixed-size fields front to back; every read is bounds-checked and throws `truncated`
/// naming the field that did not fit.
struct TDXQuoteReader {
    let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// The bytes not yet read.
    var remaining: Int { bytes.count - offset }

    /// The next `count` bytes, named `field` in the error when they are not there.
    mutating func read(_ count: Int, _ field: String) throws(EvidenceError) -> [UInt8] {
        guard count >= 0, count <= remaining else {
            throw EvidenceError(.truncated, "\(field): needs \(count) bytes at offset \(offset), \(max(remaining, 0)) remain")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func u16(_ field: String) throws(EvidenceError) -> UInt16 {
        let b = try read(2, field)
        return UInt16(b[0]) | UInt16(b[1]) << 8
    }

    mutating func u32(_ field: String) throws(EvidenceError) -> UInt32 {
        let b = try read(4, field)
        return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
    }
}
