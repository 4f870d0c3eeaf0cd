extension UInt64 {
    /// The 8-byte big-endian encoding, as stored in metadata.
    var bigEndianBytes: [UInt8] { withUnsafeBytes(of: bigEndian) { Array($0) } }

    /// Decodes exactly 8 big-endian bytes; nil for any other length.
    init?(bigEndianBytes bytes: some Collection<UInt8>) {
        guard bytes.count == 8 else { return nil }
        self = bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
