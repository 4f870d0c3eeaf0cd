/// An HTTP request to an S3-compatible object store, as the signer reads it: the method, the URL
/// in parts (unencoded path and query), the headers to sign and the payload hash.
///
/// The path and the query are given decoded (an object key as it is named, "a key/é"); the
/// signer encodes them once, and ``SigV4SignedRequest/target`` is the encoded form to send, so
/// the request on the wire is the one that was signed. Checks happen when it is signed
/// (``SigV4Signer/sign(_:at:)``), each with an `ObjectStoreError` that says what is wrong.
public struct SigV4Request: Sendable, Hashable {
    /// The URL scheme, which decides the port left out of the `host` header.
    public enum Scheme: String, Sendable, Hashable {
        /// Plain HTTP; port 80 is the default.
        case http
        /// HTTP over TLS; port 443 is the default.
        case https

        /// The port a URL of this scheme has when it names none.
        public var defaultPort: Int {
            switch self {
            case .http: 80
            case .https: 443
            }
        }
    }

    /// One query parameter, unencoded. A parameter without a value (`?uploads`) has the value
    /// "" and is signed as `uploads=`.
    public struct QueryItem: Sendable, Hashable {
        /// The parameter name, unencoded; never empty.
        public var name: String
        /// The parameter value, unencoded; may be empty.
        public var value: String

        /// A query parameter.
        public init(_ name: String, _ value: String = "") {
            self.name = name
            self.value = value
        }
    }

    /// One header to sign. Names compare case-insensitively and are signed in lower case.
    public struct Header: Sendable, Hashable {
        /// The field name: an RFC 9110 token.
        public var name: String
        /// The field value: visible ASCII, spaces and tabs.
        public var value: String

        /// A header.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The method, in upper case: `GET`, `PUT`, `HEAD`, `DELETE`, `POST`.
    public var method: String
    /// The URL scheme.
    public var scheme: Scheme
    /// The host in lower case: a DNS name, an IPv4 address or a bracketed IPv6 address, ASCII
    /// only (an internationalised name is given in its IDNA form).
    public var host: String
    /// The port, when the URL names one. A scheme's default port is left out of the `host`
    /// header, as AWS SDKs do.
    public var port: Int?
    /// The absolute path, unencoded: "/bucket/key" (path style) or "/key" (virtual-host style).
    public var path: String
    /// The query parameters, unencoded, in the order they are sent.
    public var query: [QueryItem]
    /// The headers to sign besides those the signer sets (`host`, `x-amz-date`,
    /// `x-amz-content-sha256`, `x-amz-security-token`).
    public var headers: [Header]
    /// The hash of the body, or `UNSIGNED-PAYLOAD`.
    public var payloadHash: SigV4PayloadHash

    /// A request; nothing is checked until it is signed.
    public init(
        method: String, scheme: Scheme, host: String, port: Int? = nil, path: String,
        query: [QueryItem] = [], headers: [Header] = [], payloadHash: SigV4PayloadHash
    ) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.query = query
        self.headers = headers
        self.payloadHash = payloadHash
    }
}
