// specs/receipt-profile.md §Claims, model_hash_scheme (-65549): how model_hash was computed.
// Unknown names are refused (fail closed), as AIR v1 requires of the same claim.

/// How an inference receipt's `model_hash` was computed.
public enum InferenceReceiptModelHashScheme: String, Sendable, Hashable, CaseIterable {
    /// SHA-256 of the canonical manifest of a model directory (``ModelManifest``): every file's
    /// path, size and SHA-256. The scheme `receiptlog model-digest` computes.
    case receiptlogManifestV1 = "receiptlog-sha256-manifest-v1"
    /// AIR v1 `sha256-single`: SHA-256 of a single weights file.
    case sha256Single = "sha256-single"
    /// AIR v1 `sha256-concat`: SHA-256 of the weight files concatenated in file name order.
    case sha256Concat = "sha256-concat"
    /// AIR v1 `sha256-manifest`: SHA-256 of a manifest listing per-file hashes, format unspecified.
    case sha256Manifest = "sha256-manifest"

    /// Looks a scheme up by name; throws `unknownModelHashScheme` for any other name.
    public init(name: some StringProtocol) throws(StatementsError) {
        guard let scheme = Self(rawValue: String(name)) else {
            throw StatementsError(
                .unknownModelHashScheme, "unknown model hashing scheme \"\(name.prefix(64))\" (known: "
                    + Self.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        self = scheme
    }

    /// The AIR v1 `model_hash_scheme` that describes this scheme: our manifest scheme is an AIR
    /// `sha256-manifest` whose manifest format our profile pins down.
    public var air: AIRModelHashScheme {
        switch self {
        case .receiptlogManifestV1, .sha256Manifest: .sha256Manifest
        case .sha256Single: .sha256Single
        case .sha256Concat: .sha256Concat
        }
    }
}
