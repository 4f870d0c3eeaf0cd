// The environment variables are those every AWS SDK and the AWS CLI read (AWS CLI User Guide,
// "Environment variables to configure the AWS CLI"): AWS_REGION overrides AWS_DEFAULT_REGION.
public import Foundation

/// The access key, secret key, optional session token and region that requests to an
/// S3-compatible store are signed with.
///
/// ``description`` never shows the secret key or the session token.
public struct S3Credentials: Sendable, Hashable, CustomStringConvertible {
    /// The access key ID: the first element of the `Credential` of the `Authorization` header.
    public let accessKeyID: String
    /// The secret access key; the signing key is derived from it and it is never sent.
    public let secretAccessKey: String
    /// The session token of temporary credentials, sent as `x-amz-security-token`.
    public let sessionToken: String?
    /// The region of the credential scope: `us-east-1`, or the zonegroup name of a Ceph RGW
    /// (`default`).
    public let region: String

    /// Credentials from their parts.
    ///
    /// - Throws: `ObjectStoreError.badCredentials` when the access key is not 1...128 visible
    ///   ASCII characters without "/" (which would break the credential scope), the secret key is
    ///   not 1...256 visible ASCII characters, or the session token is not 1...16384 visible ASCII
    ///   characters; `ObjectStoreError.badRegion` for a region that is not 1...64 characters of
    ///   a-z, 0-9 and "-".
    public init(
        accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, region: String
    ) throws(ObjectStoreError) {
        try Self.check("access key ID", accessKeyID, maxBytes: 128, slashAllowed: false)
        try Self.check("secret access key", secretAccessKey, maxBytes: 256, slashAllowed: true)
        if let sessionToken {
            try Self.check("session token", sessionToken, maxBytes: 16_384, slashAllowed: true)
        }
        try SigV4Signer.checkScopeElement(region, code: .badRegion, what: "region")
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.region = region
    }

    /// Credentials from the standard AWS environment variables: `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (optional) and `AWS_REGION`, or
    /// `AWS_DEFAULT_REGION` when `AWS_REGION` is unset. An empty variable counts as unset.
    ///
    /// - Parameter environment: the variables; the process environment by default.
    /// - Throws: `ObjectStoreError.missingEnvironment` naming every required variable that is
    ///   unset, or the errors of ``init(accessKeyID:secretAccessKey:sessionToken:region:)``
    ///   (whose messages name the variable's role, never its value).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ObjectStoreError) {
        func value(_ name: String) -> String? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            return text
        }
        let accessKeyID = value("AWS_ACCESS_KEY_ID")
        let secretAccessKey = value("AWS_SECRET_ACCESS_KEY")
        let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION")
        var missing = [String]()
        if accessKeyID == nil { missing.append("AWS_ACCESS_KEY_ID") }
        if secretAccessKey == nil { missing.append("AWS_SECRET_ACCESS_KEY") }
        if region == nil { missing.append("AWS_REGION (or AWS_DEFAULT_REGION)") }
        guard let accessKeyID, let secretAccessKey, let region else {
            throw ObjectStoreError(
                .missingEnvironment,
                "the object store credentials are incomplete: set \(missing.joined(separator: ", "))")
        }
        try self.init(
            accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: value("AWS_SESSION_TOKEN"),
            region: region)
    }

    /// The access key ID, the region and whether there is a session token; never a secret.
    public var description: String {
        "S3Credentials(accessKeyID: \(accessKeyID), region: \(region), sessionToken: \(sessionToken == nil ? "none" : "set"))"
    }

    private static func check(_ what: String, _ text: String, maxBytes: Int, slashAllowed: Bool) throws(ObjectStoreError) {
        guard (1...maxBytes).contains(text.utf8.count) else {
            throw ObjectStoreError(.badCredentials, "the \(what) is \(text.utf8.count) bytes long, not 1 to \(maxBytes)")
        }
        guard text.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ObjectStoreError(.badCredentials, "the \(what) has a character that is not visible ASCII")
        }
        guard slashAllowed || !text.utf8.contains(UInt8(ascii: "/")) else {
            throw ObjectStoreError(.badCredentials, "the \(what) has a '/', which would break the credential scope")
        }
    }
}
