// The content type header parameter (RFC 9052 §3.1, label 3): "tstr / uint", a media type or a
// CoAP Content-Format number.
public import CBOR

extension SignedStatement {
    /// The content type of a statement's payload.
    public enum ContentType: Sendable, Hashable, CustomStringConvertible {
        /// A CoAP Content-Format number (0…65535), such as 61 for `application/cwt`.
        case contentFormat(UInt16)
        /// A media type, such as `application/json`.
        case mediaType(String)

        /// The content type of an AIR v1 receipt wrapped as a statement's payload: the EAT media
        /// type with the AIR v1 profile as its `eat_profile` parameter (RFC 9782 §3). A statement
        /// with exactly this content type carries an AIR v1 receipt, unchanged, as its payload.
        public static let airReceipt = Self.mediaType(
            "application/eat+cwt; eat_profile=\"\(AIRClaims.profile)\"")

        /// The header value: an unsigned integer or a text string.
        public var cbor: CBOR {
            switch self {
            case .contentFormat(let n): .unsigned(UInt64(n))
            case .mediaType(let s): .text(s)
            }
        }

        /// The number, or the media type.
        public var description: String {
            switch self {
            case .contentFormat(let n): String(n)
            case .mediaType(let s): s
            }
        }

        /// Reads the content type header value; nil when the header has none.
        ///
        /// Throws `BAD_CONTENT_TYPE` unless the value is an unsigned integer up to 65535 or a
        /// non-empty text string.
        init?(header value: CBOR?) throws(StatementsError) {
            guard let value else { return nil }
            switch value {
            case .unsigned(let n):
                guard let format = UInt16(exactly: n) else {
                    throw StatementsError(
                        .badContentType, "the content type \(n) is not a CoAP Content-Format (0…65535)")
                }
                self = .contentFormat(format)
            case .text(let s):
                guard !s.isEmpty else {
                    throw StatementsError(.badContentType, "the content type is an empty text string")
                }
                self = .mediaType(s)
            default:
                throw StatementsError(
                    .badContentType, "the content type (label 3) is neither a text string nor an unsigned integer")
            }
        }
    }
}
