// AWS Signature Version 4 for S3 requests signed in the Authorization header.
// AWS IAM User Guide, "Create a signed AWS API request": step 1 canonical request, step 2 hash
// of the canonical request, step 3 string to sign, step 4 signing key
// (kDate → kRegion → kService → kSigning), step 5 signature, step 6 Authorization header.
// AWS S3 API Reference, "Authenticating Requests: Using the Authorization Header (AWS Signature
// Version 4)": x-amz-content-sha256 is required and signed.
public import Foundation
import CryptoPrimitives

/// Signs requests to an S3-compatible object store with AWS Signature Version 4.
///
/// Pure: the same request, credentials and instant give the same bytes, and the signer reads no
/// clock and no environment. It signs `host`, `x-amz-date`, `x-amz-content-sha256`,
/// `x-amz-security-token` (with a session token) and every header of the request, and matches
/// botocore's `S3SigV4Auth` byte for byte (Tests/ObjectStoreTests/Vectors/sigv4-botocore.json).
public struct SigV4Signer: Sendable {
    /// The algorithm name of the string to sign and the `Authorization` header.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// The credentials, including the region of the credential scope.
    public let credentials: S3Credentials
    /// The service of the credential scope: `s3`.
    public let service: String

    /// A signer for `service` (`s3` by default).
    ///
    /// - Throws: `ObjectStoreError.badService` for a service that is not 1...64 characters of
    ///   a-z, 0-9 and "-".
    public init(credentials: S3Credentials, service: String = "s3") throws(ObjectStoreError) {
        try Self.checkScopeElement(service, code: .badService, what: "service")
        self.credentials = credentials
        self.service = service
    }

    /// Signs `request` at `instant`.
    ///
    /// - Throws: `ObjectStoreError` when a part of the request cannot be signed as given (see
    ///   ``ObjectStoreError/Code``), or `.badInstant` for an instant outside 1970...9999.
    public func sign(_ request: SigV4Request, at instant: Date) throws(ObjectStoreError) -> SigV4SignedRequest {
        let timestamp = try SigV4Timestamp(instant)
        var amzHeaders = [
            ("x-amz-content-sha256", request.payloadHash.value),
            ("x-amz-date", timestamp.amzDate),
        ]
        if let token = credentials.sessionToken {
            amzHeaders.append(("x-amz-security-token", token))
        }
        let canonical = try SigV4CanonicalRequest(request, amzHeaders: amzHeaders)

        // Steps 2 and 3.
        let scope = "\(timestamp.dateStamp)/\(credentials.region)/\(service)/aws4_request"
        let stringToSign = [
            Self.algorithm, timestamp.amzDate, scope, Hex.encode(SHA256.digest(Array(canonical.text.utf8))),
        ].joined(separator: "\n")

        // Steps 4 and 5.
        let key = signingKey(dateStamp: timestamp.dateStamp)
        let signature = Hex.encode(HMACSHA256.authenticationCode(key: key, message: Array(stringToSign.utf8)))

        // Step 6, with the ", " separators AWS SDKs write.
        let authorization =
            "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"

        let authority = request.port.map { "\(request.host):\($0)" } ?? request.host
        return SigV4SignedRequest(
            canonicalRequest: canonical.text, stringToSign: stringToSign, credentialScope: scope,
            signedHeaders: canonical.signedHeaders, signature: signature, authorization: authorization,
            amzDate: timestamp.amzDate, contentSHA256: request.payloadHash.value,
            securityToken: credentials.sessionToken, host: canonical.host, target: canonical.target,
            url: "\(request.scheme.rawValue)://\(authority)\(canonical.target)")
    }

    /// The signing key of one day (step 4): HMAC-SHA256 chained over the date, the region, the
    /// service and "aws4_request", starting from "AWS4" + the secret key.
    public func signingKey(dateStamp: String) -> [UInt8] {
        var key = Array(("AWS4" + credentials.secretAccessKey).utf8)
        for element in [dateStamp, credentials.region, service, "aws4_request"] {
            key = HMACSHA256.authenticationCode(key: key, message: Array(element.utf8))
        }
        return key
    }

    /// Checks a region or service name: 1...64 characters of a-z, 0-9 and "-".
    static func checkScopeElement(_ text: String, code: ObjectStoreError.Code, what: String) throws(ObjectStoreError) {
        let allowed: (UInt8) -> Bool = {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "-")
        }
        guard (1...64).contains(text.utf8.count), text.utf8.allSatisfy(allowed) else {
            throw ObjectStoreError(code, "the \(what) '\(text.prefix(80))' is not 1 to 64 characters of a-z, 0-9 and '-'")
        }
    }
}
