// specs/receipt-profile.md §Claims: image_digest and config_digest are OCI content digests
// (OCI image-spec, descriptor.md "Digests"), restricted to the registered SHA-2 algorithms with
// lower-case hex so that each digest has exactly one spelling.

/// A content digest in OCI form: `sha256:<64 hex>`, `sha384:<96 hex>` or `sha512:<128 hex>`.
public struct InferenceReceiptDigest: Hashable, Sendable, CustomStringConvertible {
    /// The digest string, for example `sha256:6c3c…`.
    public let value: String

    private static let hexCounts = ["sha256": 64, "sha384": 96, "sha512": 128]

    /// Parses a digest; throws `badReceiptClaims` unless `value` is `<algorithm>:<hex>` with a
    /// known algorithm and the right number of lower-case hex digits.
    public init(_ value: some StringProtocol) throws(StatementsError) {
        let parts = value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Self.hexCounts[String(parts[0])], parts[1].utf8.count == count,
            parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else {
            throw StatementsError(
                .badReceiptClaims,
                "\"\(value.prefix(140))\" is not a digest of the form sha256:<64 hex>, sha384:<96 hex> or sha512:<128 hex>")
        }
        self.value = String(value)
    }

    /// The digest string.
    public var description: String { value }
}
