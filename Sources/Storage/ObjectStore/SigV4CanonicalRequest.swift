// AWS IAM User Guide, "Create a signed AWS API request", step 1: the canonical request is
//
//   <HTTPMethod>\n<CanonicalURI>\n<CanonicalQueryString>\n<CanonicalHeaders>\n<SignedHeaders>\n<HashedPayload>
//
// where CanonicalHeaders ends with its own "\n" (so a blank line precedes SignedHeaders).
// AWS S3 API Reference, "Authenticating Requests (AWS Signature Version 4)": S3 encodes the path
// once (no double encoding, no normalisation of "." or "..").

/// The canonical request of a ``SigV4Request``, after every part of it is checked.
struct SigV4CanonicalRequest {
    /// The canonical request text.
    let text: String
    /// The signed header names, lower case, sorted, joined by ";".
    let signedHeaders: String
    /// The `Host` header value.
    let host: String
    /// The encoded path and query, in the order given.
    let target: String

    /// Bounds that keep a request within what S3 accepts (keys up to 1024 bytes, headers up to
    /// 8 KiB in all) with room to spare.
    static let maxPathBytes = 4096
    static let maxQueryItems = 100
    static let maxQueryBytes = 8192
    static let maxHeaders = 64
    static let maxHeaderValueBytes = 8192

    /// Headers the signer sets itself.
    static let reserved: Set<String> = [
        "host", "authorization", "date", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token",
    ]
    /// Headers that proxies and HTTP libraries add, change or drop, which AWS SDKs never sign
    /// (botocore's SIGNED_HEADERS_BLACKLIST).
    static let unsignable: Set<String> = [
        "baggage", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "traceparent", "tracestate", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// Checks `request` and builds its canonical form. `amzHeaders` are the headers the signer
    /// adds (lower-case names, values already checked).
    init(_ request: SigV4Request, amzHeaders: [(String, String)]) throws(ObjectStoreError) {
        try Self.checkMethod(request.method)
        let host = try Self.hostHeader(request)
        let path = try Self.canonicalPath(request.path)
        let query = try Self.canonicalQuery(request.query)

        var headers = try Self.canonicalHeaders(request.headers)
        headers.append(("host", host))
        headers.append(contentsOf: amzHeaders)
        headers.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        let signedHeaders = headers.map(\.0).joined(separator: ";")
        let headerLines = headers.map { "\($0.0):\($0.1)\n" }.joined()

        text = [request.method, path, query.canonical, headerLines, signedHeaders, request.payloadHash.value]
            .joined(separator: "\n")
        self.signedHeaders = signedHeaders
        self.host = host
        target = query.sent.isEmpty ? path : path + "?" + query.sent
    }

    static func checkMethod(_ method: String) throws(ObjectStoreError) {
        guard (1...16).contains(method.utf8.count),
            method.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) })
        else {
            throw ObjectStoreError(.badMethod, "the method '\(method.prefix(40))' is not 1 to 16 upper-case letters")
        }
    }

    /// The `Host` header: the host, then ":port" unless the port is the scheme's default.
    static func hostHeader(_ request: SigV4Request) throws(ObjectStoreError) -> String {
        let host = request.host
        guard host.unicodeScalars.allSatisfy(\.isASCII) else {
            throw ObjectStoreError(
                .badHost, "the host '\(host.prefix(100))' is not ASCII: give an internationalised name in its IDNA (xn--) form")
        }
        guard (1...253).contains(host.utf8.count) else {
            throw ObjectStoreError(.badHost, "the host is \(host.utf8.count) bytes long, not 1 to 253")
        }
        let bytes = Array(host.utf8)
        if bytes.first == UInt8(ascii: "[") {
            let inner = bytes.dropFirst().dropLast()
            guard bytes.last == UInt8(ascii: "]"), !inner.isEmpty,
                inner.allSatisfy({ isLowerHex($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") })
            else {
                throw ObjectStoreError(
                    .badHost, "the host '\(host)' is not a bracketed IPv6 address of lower-case hex digits, ':' and '.'")
            }
        } else {
            if bytes.contains(where: { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) {
                throw ObjectStoreError(.badHost, "the host '\(host)' is not lower case: give '\(host.lowercased())'")
            }
            let allowed: (UInt8) -> Bool = {
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
            }
            guard bytes.allSatisfy(allowed), bytes.first != UInt8(ascii: "."), bytes.first != UInt8(ascii: "-") else {
                throw ObjectStoreError(
                    .badHost, "the host '\(host)' has a character other than a-z, 0-9, '-' and '.' (or starts with '.' or '-')")
            }
        }
        guard let port = request.port else { return host }
        guard (1...65535).contains(port) else {
            throw ObjectStoreError(.badPort, "the port \(port) is not between 1 and 65535")
        }
        return port == request.scheme.defaultPort ? host : "\(host):\(port)"
    }

    /// The path, each segment encoded once, "/" kept.
    static func canonicalPath(_ path: String) throws(ObjectStoreError) -> String {
        guard path.utf8.first == UInt8(ascii: "/") else {
            throw ObjectStoreError(.badPath, "the path '\(path.prefix(100))' does not start with '/'")
        }
        guard path.utf8.count <= maxPathBytes else {
            throw ObjectStoreError(.badPath, "the path is \(path.utf8.count) bytes long, more than \(maxPathBytes)")
        }
        if let control = path.unicodeScalars.first(where: isControl) {
            throw ObjectStoreError(
                .badPath, "the path has the control character U+\(hex4(control.value)): object keys here never do")
        }
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) where segment == "." || segment == ".." {
            throw ObjectStoreError(
                .badPath,
                "the path '\(path.prefix(100))' has a '\(segment)' segment, which HTTP clients and servers may remove before the signature is checked"
            )
        }
        return SigV4URIEncoding.encodePath(path)
    }

    /// The canonical query (items encoded, sorted by encoded name, then by encoded value; "="
    /// always written) and the query as sent (the same items in the order given).
    static func canonicalQuery(_ items: [SigV4Request.QueryItem]) throws(ObjectStoreError) -> (
        canonical: String, sent: String
    ) {
        guard items.count <= maxQueryItems else {
            throw ObjectStoreError(.badQuery, "the query has \(items.count) parameters, more than \(maxQueryItems)")
        }
        var encoded = [(String, String)]()
        for item in items {
            guard !item.name.isEmpty else {
                throw ObjectStoreError(.badQuery, "a query parameter has an empty name (value '\(item.value.prefix(60))')")
            }
            if let control = (item.name + item.value).unicodeScalars.first(where: isControl) {
                throw ObjectStoreError(
                    .badQuery, "the query parameter '\(item.name.prefix(60))' has the control character U+\(hex4(control.value))")
            }
            encoded.append((SigV4URIEncoding.encode(item.name), SigV4URIEncoding.encode(item.value)))
        }
        let sent = encoded.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        guard sent.utf8.count <= maxQueryBytes else {
            throw ObjectStoreError(.badQuery, "the encoded query is \(sent.utf8.count) bytes long, more than \(maxQueryBytes)")
        }
        let sorted = encoded.sorted { a, b in
            a.0 == b.0 ? a.1.utf8.lexicographicallyPrecedes(b.1.utf8) : a.0.utf8.lexicographicallyPrecedes(b.0.utf8)
        }
        return (sorted.map { "\($0.0)=\($0.1)" }.joined(separator: "&"), sent)
    }

    /// The caller's headers: names lower-cased, values trimmed with every run of spaces and
    /// tabs turned into one space (the "Trimall" of the canonical headers).
    static func canonicalHeaders(_ headers: [SigV4Request.Header]) throws(ObjectStoreError) -> [(String, String)] {
        guard headers.count <= maxHeaders else {
            throw ObjectStoreError(.badHeaderName, "there are \(headers.count) headers to sign, more than \(maxHeaders)")
        }
        var seen = Set<String>()
        var out = [(String, String)]()
        for header in headers {
            guard !header.name.isEmpty, header.name.utf8.allSatisfy(isTokenByte) else {
                throw ObjectStoreError(
                    .badHeaderName,
                    "the header name '\(header.name.prefix(60))' is not an RFC 9110 token (letters, digits and !#$%&'*+-.^_`|~)")
            }
            let name = header.name.lowercased()
            guard !reserved.contains(name) else {
                throw ObjectStoreError(.reservedHeader, "the header '\(header.name)' is set by the signer: leave it out")
            }
            guard !unsignable.contains(name) else {
                throw ObjectStoreError(
                    .unsignableHeader,
                    "the header '\(header.name)' may be changed on the way to the server and is never signed: send it without signing it")
            }
            guard seen.insert(name).inserted else {
                throw ObjectStoreError(.duplicateHeader, "the header '\(name)' is given twice: join the values with ','")
            }
            out.append((name, try trimAll(header.value, name: name)))
        }
        return out
    }

    /// The value with leading and trailing spaces and tabs removed and each inner run of them
    /// written as one space.
    static func trimAll(_ value: String, name: String) throws(ObjectStoreError) -> String {
        guard value.utf8.count <= maxHeaderValueBytes else {
            throw ObjectStoreError(
                .badHeaderValue, "the value of '\(name)' is \(value.utf8.count) bytes long, more than \(maxHeaderValueBytes)")
        }
        var out = [UInt8]()
        var pendingSpace = false
        for byte in value.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                pendingSpace = !out.isEmpty
                continue
            }
            guard (0x21...0x7E).contains(byte) else {
                throw ObjectStoreError(
                    .badHeaderValue,
                    "the value of '\(name)' has the byte 0x\(String(byte, radix: 16)): only visible ASCII, spaces and tabs are signed")
            }
            if pendingSpace {
                out.append(UInt8(ascii: " "))
                pendingSpace = false
            }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 9110 §5.6.2 tchar.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    static func hex4(_ value: UInt32) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}
