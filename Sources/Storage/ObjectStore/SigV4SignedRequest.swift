/// A signed request: the headers to add, what to send as the request target and `Host`, and the
/// intermediate strings of the signature (for logs and for comparing with other signers).
///
/// Send exactly ``host`` as the `Host` header, ``target`` as the request target, the headers of
/// the ``SigV4Request`` and ``headers``; any change to a signed part makes the server refuse the
/// request (`SignatureDoesNotMatch`).
public struct SigV4SignedRequest: Sendable, Hashable {
    /// The canonical request (AWS IAM User Guide, "Create a signed AWS API request", step 1).
    public let canonicalRequest: String
    /// The string to sign (step 3): algorithm, `x-amz-date`, credential scope, and the hex
    /// SHA-256 of the canonical request.
    public let stringToSign: String
    /// The credential scope: `<date>/<region>/<service>/aws4_request`.
    public let credentialScope: String
    /// The signed header names, lower case, sorted, joined by ";".
    public let signedHeaders: String
    /// The signature: the hex HMAC-SHA256 of the string to sign under the derived signing key.
    public let signature: String
    /// The `Authorization` header value, in the form AWS SDKs send:
    /// `AWS4-HMAC-SHA256 Credential=<key>/<scope>, SignedHeaders=<names>, Signature=<hex>`.
    public let authorization: String
    /// The `x-amz-date` header value.
    public let amzDate: String
    /// The `x-amz-content-sha256` header value.
    public let contentSHA256: String
    /// The `x-amz-security-token` header value, when the credentials have a session token.
    public let securityToken: String?
    /// The `Host` header value that was signed: the host, and the port unless it is the scheme's
    /// default.
    public let host: String
    /// The request target: the encoded path, then "?" and the encoded query in the order given
    /// when there is one.
    public let target: String
    /// The URL: scheme, host, the port as given, and the target.
    public let url: String

    /// The headers the signer adds, in this order: `Authorization`, `x-amz-date`,
    /// `x-amz-content-sha256`, and `x-amz-security-token` when there is a session token.
    public var headers: [SigV4Request.Header] {
        var out = [
            SigV4Request.Header("Authorization", authorization),
            SigV4Request.Header("x-amz-date", amzDate),
            SigV4Request.Header("x-amz-content-sha256", contentSHA256),
        ]
        if let securityToken {
            out.append(SigV4Request.Header("x-amz-security-token", securityToken))
        }
        return out
    }
}
