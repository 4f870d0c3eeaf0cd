// AWS IAM User Guide, "Create a signed AWS API request", step 1 (canonical request): URI-encode
// every byte except the unreserved characters of RFC 3986 §2.3 (A-Z, a-z, 0-9, "-", ".", "_",
// "~"); a space is %20, never "+"; hex digits are upper case (RFC 3986 §2.1).

/// The percent-encoding of SigV4 for the path segments and the query names and values.
enum SigV4URIEncoding {
    /// `text` as UTF-8 with every byte outside the RFC 3986 unreserved set written as `%XX`.
    static func encode(_ text: some StringProtocol) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An absolute path with each segment encoded and the "/" between segments kept. S3 encodes
    /// the object key once: unlike other services it does not encode the encoded path again.
    static func encodePath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { encode($0) }.joined(separator: "/")
    }

    /// RFC 3986 §2.3 unreserved characters.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }
}
