// ASCII decimal numbers "with no leading zeroes", as in c2sp.org/tlog-checkpoint (tree size),
// c2sp.org/tlog-cosignature (the time line), c2sp.org/tlog-proof (the index), tlog-tiles paths,
// tlog-witness's old size, the log's query parameters, and the numbers of policy files, model
// manifests and receipt bundles: the one canonical-decimal reader of the project.

/// Strict parsing of unsigned 64-bit ASCII decimals.
public enum Decimal64 {
    /// Parses ASCII digits with no sign, no leading zero (except `0` itself) and no overflow;
    /// returns nil otherwise.
    public static func parse(_ digits: some Collection<UInt8>) -> UInt64? {
        guard let first = digits.first, digits.count <= 20 else { return nil }
        if first == UInt8(ascii: "0") && digits.count > 1 { return nil }
        var value: UInt64 = 0
        for c in digits {
            guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(c - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            value = sum
        }
        return value
    }
}
