// AWS S3 API Reference, "Authenticating Requests (AWS Signature Version 4)": the
// x-amz-content-sha256 header is the hex SHA-256 of the body, or UNSIGNED-PAYLOAD.
import CryptoPrimitives

/// The value of `x-amz-content-sha256` and the last line of the canonical request: the lower-case
/// hex SHA-256 of the request body, or `UNSIGNED-PAYLOAD` when the body is not signed.
///
/// S3 checks a signed hash against the body it receives and refuses a mismatch
/// (`XAmzContentSHA256Mismatch`); with `UNSIGNED-PAYLOAD` only TLS and the service's own
/// checksums protect the body.
public struct SigV4PayloadHash: Sendable, Hashable, CustomStringConvertible {
    /// The header value: 64 lower-case hex digits or `UNSIGNED-PAYLOAD`.
    public let value: String

    private init(checked value: String) {
        self.value = value
    }

    /// The body is not signed: `UNSIGNED-PAYLOAD`.
    public static let unsigned = SigV4PayloadHash(checked: "UNSIGNED-PAYLOAD")

    /// The hash of an empty body (the usual value for GET, HEAD and DELETE).
    public static let empty = sha256(of: [])

    /// The hash of `body`.
    public static func sha256(of body: some Collection<UInt8>) -> SigV4PayloadHash {
        SigV4PayloadHash(checked: Hex.encode(SHA256.digest(body)))
    }

    /// Parses a header value: 64 lower-case hex digits, or exactly `UNSIGNED-PAYLOAD`.
    ///
    /// - Throws: `ObjectStoreError.badPayloadHash` for anything else (upper-case hex included,
    ///   as AWS writes the hash in lower case).
    public init(_ value: String) throws(ObjectStoreError) {
        if value == Self.unsigned.value {
            self = .unsigned
            return
        }
        guard value.utf8.count == 64, let bytes = Hex.decode(value), bytes.count == 32 else {
            throw ObjectStoreError(
                .badPayloadHash,
                "the payload hash '\(value.prefix(80))' is neither 64 lower-case hex digits nor UNSIGNED-PAYLOAD")
        }
        self.value = value
    }

    /// The header value.
    public var description: String { value }
}
