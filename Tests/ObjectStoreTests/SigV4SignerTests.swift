import CryptoPrimitives
import Foundation
import ObjectStore
import Testing

/// One request of Vectors/sigv4-botocore.json, written by tools/sigv4-vectors.py with botocore's
/// S3SigV4Auth; tools/sigv4-check proves the file is botocore's output.
struct BotocoreCase: Decodable, CustomTestStringConvertible {
    struct Expected: Decodable {
        let url: String
        let canonicalRequest: String
        let stringToSign: String
        let signature: String
        let authorization: String
        let amzDate: String
        let contentSHA256: String
        let securityToken: String?

        enum CodingKeys: String, CodingKey {
            case url, canonicalRequest, stringToSign, signature, authorization
            case amzDate = "x-amz-date"
            case contentSHA256 = "x-amz-content-sha256"
            case securityToken = "x-amz-security-token"
        }
    }

    let name: String
    let method: String
    let scheme: String
    let host: String
    let port: Int?
    let path: String
    let query: [[String]]
    let headers: [[String]]
    let bodyHex: String?
    let unsignedPayload: Bool
    let accessKeyID: String
    let secretAccessKey: String
    let sessionToken: String?
    let region: String
    let service: String
    let expected: Expected

    var testDescription: String { name }
}

struct BotocoreVectors: Decodable {
    let botocore: String
    let signer: String
    let instant: String
    let instantEpochSeconds: Int
    let cases: [BotocoreCase]

    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Vectors/sigv4-botocore.json")

    static let loaded: BotocoreVectors = {
        do {
            return try JSONDecoder().decode(BotocoreVectors.self, from: Data(contentsOf: file))
        } catch {
            fatalError("cannot read \(file.path): \(error)")
        }
    }()
}

/// The AWS example credentials of the S3 API Reference's signature examples.
let exampleAccessKey = "AKIAIOSFODNN7EXAMPLE"
let exampleSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

func exampleSigner(region: String = "us-east-1", token: String? = nil) throws -> SigV4Signer {
    try SigV4Signer(
        credentials: S3Credentials(
            accessKeyID: exampleAccessKey, secretAccessKey: exampleSecret, sessionToken: token, region: region))
}

func instant(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text)!
}

@Suite struct SigV4SignerTests {
    // MARK: botocore, byte for byte

    @Test func vectorFileIsBotocores() {
        let vectors = BotocoreVectors.loaded
        #expect(vectors.botocore == "1.44.5")
        #expect(vectors.signer.hasPrefix("botocore.auth.S3SigV4Auth"))
        #expect(vectors.cases.count >= 60)
        #expect(Set(vectors.cases.map(\.method)) == ["GET", "PUT", "HEAD", "DELETE", "POST"])
        #expect(vectors.cases.contains { $0.sessionToken != nil })
        #expect(Set(vectors.cases.map(\.region)).count >= 2)
        #expect(instant(vectors.instant) == Date(timeIntervalSince1970: TimeInterval(vectors.instantEpochSeconds)))
    }

    @Test(arguments: BotocoreVectors.loaded.cases)
    func signsAsBotocore(_ vector: BotocoreCase) throws {
        let body = try vector.bodyHex.map { hex in try #require(Hex.decode(hex)) }
        let payloadHash: SigV4PayloadHash
        if vector.unsignedPayload {
            payloadHash = .unsigned
        } else {
            payloadHash = .sha256(of: body ?? [])
        }
        let request = SigV4Request(
            method: vector.method, scheme: try #require(SigV4Request.Scheme(rawValue: vector.scheme)), host: vector.host,
            port: vector.port, path: vector.path, query: vector.query.map { SigV4Request.QueryItem($0[0], $0[1]) },
            headers: vector.headers.map { SigV4Request.Header($0[0], $0[1]) }, payloadHash: payloadHash)
        let signer = try SigV4Signer(
            credentials: S3Credentials(
                accessKeyID: vector.accessKeyID, secretAccessKey: vector.secretAccessKey,
                sessionToken: vector.sessionToken, region: vector.region),
            service: vector.service)
        let signed = try signer.sign(
            request, at: Date(timeIntervalSince1970: TimeInterval(BotocoreVectors.loaded.instantEpochSeconds)))

        #expect(signed.canonicalRequest == vector.expected.canonicalRequest)
        #expect(signed.stringToSign == vector.expected.stringToSign)
        #expect(signed.signature == vector.expected.signature)
        #expect(signed.authorization == vector.expected.authorization)
        #expect(signed.amzDate == vector.expected.amzDate)
        #expect(signed.contentSHA256 == vector.expected.contentSHA256)
        #expect(signed.securityToken == vector.expected.securityToken)
        #expect(signed.url == vector.expected.url)
        var headers = [
            "Authorization": vector.expected.authorization, "x-amz-date": vector.expected.amzDate,
            "x-amz-content-sha256": vector.expected.contentSHA256,
        ]
        headers["x-amz-security-token"] = vector.expected.securityToken
        #expect(Dictionary(uniqueKeysWithValues: signed.headers.map { ($0.name, $0.value) }) == headers)
    }

    // MARK: AWS's published examples

    /// AWS S3 API Reference, "Signature Calculations for the Authorization Header: Transferring
    /// Payload in a Single Chunk (AWS Signature Version 4)", Example: GET Object (the first 10
    /// bytes of test.txt). The page writes the Authorization header without the space after each
    /// comma that SDKs send; both forms are accepted by S3.
    @Test func awsExampleGetObject() throws {
        let request = SigV4Request(
            method: "GET", scheme: .https, host: "examplebucket.s3.amazonaws.com", path: "/test.txt",
            headers: [.init("Range", "bytes=0-9")], payloadHash: .empty)
        let signed = try exampleSigner().sign(request, at: instant("2013-05-24T00:00:00Z"))
        #expect(
            signed.canonicalRequest == """
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """)
        #expect(
            signed.stringToSign == """
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
                """)
        #expect(signed.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(
            signed.authorization.replacingOccurrences(of: ", ", with: ",")
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        )
    }

    /// The same page: Example: GET Bucket Lifecycle (`?lifecycle`, a parameter without a value)
    /// and Example: Get Bucket (List Objects) (`?max-keys=2&prefix=J`).
    @Test(arguments: [
        ([SigV4Request.QueryItem("lifecycle")], "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"),
        (
            [SigV4Request.QueryItem("max-keys", "2"), SigV4Request.QueryItem("prefix", "J")],
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"
        ),
    ])
    func awsExampleBucketQueries(query: [SigV4Request.QueryItem], signature: String) throws {
        let request = SigV4Request(
            method: "GET", scheme: .https, host: "examplebucket.s3.amazonaws.com", path: "/", query: query,
            payloadHash: .empty)
        let signed = try exampleSigner().sign(request, at: instant("2013-05-24T00:00:00Z"))
        #expect(signed.signature == signature)
        #expect(signed.signedHeaders == "host;x-amz-content-sha256;x-amz-date")
    }

    /// AWS General Reference, "Examples of how to derive a signing key for Signature Version 4":
    /// kSecret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20120215, us-east-1, iam.
    @Test func awsExampleSigningKey() throws {
        let signer = try SigV4Signer(
            credentials: S3Credentials(
                accessKeyID: exampleAccessKey, secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                region: "us-east-1"),
            service: "iam")
        #expect(
            Hex.encode(signer.signingKey(dateStamp: "20120215"))
                == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    // MARK: What is sent is what was signed

    @Test func targetIsTheEncodedPathAndQueryInOrder() throws {
        let request = SigV4Request(
            method: "PUT", scheme: .http, host: "127.0.0.1", port: 7480, path: "/tlog/tile/0/x001/234.p/7",
            query: [.init("z", "a b"), .init("a", "")], headers: [.init("If-None-Match", "*")],
            payloadHash: .sha256(of: Array("tile".utf8)))
        let signed = try exampleSigner(token: "token/+=").sign(request, at: instant("2026-12-02T10:20:30.999Z"))
        #expect(signed.target == "/tlog/tile/0/x001/234.p/7?z=a%20b&a=")
        #expect(signed.host == "127.0.0.1:7480")
        #expect(signed.amzDate == "20261202T102030Z")
        #expect(signed.credentialScope == "20261202/us-east-1/s3/aws4_request")
        #expect(signed.signedHeaders == "host;if-none-match;x-amz-content-sha256;x-amz-date;x-amz-security-token")
        #expect(signed.headers.map(\.name) == ["Authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token"])
        // Any change to a signed part changes the signature.
        var changed = request
        changed.headers = [.init("If-None-Match", "\"etag\"")]
        #expect(try exampleSigner(token: "token/+=").sign(changed, at: instant("2026-12-02T10:20:30Z")).signature != signed.signature)
        #expect(try exampleSigner(token: "token/+=").sign(request, at: instant("2026-12-02T10:20:31Z")).signature != signed.signature)
    }

    // MARK: Refusals

    static let base = SigV4Request(
        method: "GET", scheme: .https, host: "s3.example.test", path: "/tlog/checkpoint", payloadHash: .unsigned)

    static func with(_ change: (inout SigV4Request) -> Void) -> SigV4Request {
        var request = base
        change(&request)
        return request
    }

    @Test(arguments: [
        (with { $0.method = "get" }, ObjectStoreError.Code.badMethod),
        (with { $0.method = "" }, .badMethod),
        (with { $0.method = "GET " }, .badMethod),
        (with { $0.host = "bücher.example" }, .badHost),
        (with { $0.host = "S3.example.test" }, .badHost),
        (with { $0.host = "" }, .badHost),
        (with { $0.host = "s3.example.test:443" }, .badHost),
        (with { $0.host = "user@s3.example.test" }, .badHost),
        (with { $0.host = "[::1" }, .badHost),
        (with { $0.host = "[::g]" }, .badHost),
        (with { $0.host = String(repeating: "a", count: 254) }, .badHost),
        (with { $0.port = 0 }, .badPort),
        (with { $0.port = 65536 }, .badPort),
        (with { $0.path = "tlog/checkpoint" }, .badPath),
        (with { $0.path = "" }, .badPath),
        (with { $0.path = "/tlog/../checkpoint" }, .badPath),
        (with { $0.path = "/tlog/./checkpoint" }, .badPath),
        (with { $0.path = "/tlog/.." }, .badPath),
        (with { $0.path = "/tlog/a\nb" }, .badPath),
        (with { $0.path = "/tlog/a\u{7F}" }, .badPath),
        (with { $0.path = "/" + String(repeating: "k", count: 4096) }, .badPath),
        (with { $0.query = [.init("", "v")] }, .badQuery),
        (with { $0.query = [.init("a", "b\u{0}")] }, .badQuery),
        (with { $0.query = Array(repeating: .init("a", "b"), count: 101) }, .badQuery),
        (with { $0.query = [.init("a", String(repeating: "é", count: 2000))] }, .badQuery),
        (with { $0.headers = [.init("Bad Name", "x")] }, .badHeaderName),
        (with { $0.headers = [.init("", "x")] }, .badHeaderName),
        (with { $0.headers = [.init("X-Amz-Meta-Ä", "x")] }, .badHeaderName),
        (with { $0.headers = [.init("Content-Type:", "x")] }, .badHeaderName),
        (with { $0.headers = [.init("X-Amz-Meta-Note", "caf\u{E9}")] }, .badHeaderValue),
        (with { $0.headers = [.init("X-Amz-Meta-Note", "a\r\nInjected: yes")] }, .badHeaderValue),
        (with { $0.headers = [.init("X-Amz-Meta-Note", String(repeating: "v", count: 8193))] }, .badHeaderValue),
        (with { $0.headers = [.init("Host", "evil.example")] }, .reservedHeader),
        (with { $0.headers = [.init("authorization", "x")] }, .reservedHeader),
        (with { $0.headers = [.init("X-Amz-Date", "20261202T102030Z")] }, .reservedHeader),
        (with { $0.headers = [.init("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD")] }, .reservedHeader),
        (with { $0.headers = [.init("x-amz-security-token", "t")] }, .reservedHeader),
        (with { $0.headers = [.init("Date", "Wed, 02 Dec 2026 10:20:30 GMT")] }, .reservedHeader),
        (with { $0.headers = [.init("User-Agent", "receiptlog")] }, .unsignableHeader),
        (with { $0.headers = [.init("Expect", "100-continue")] }, .unsignableHeader),
        (with { $0.headers = [.init("Transfer-Encoding", "chunked")] }, .unsignableHeader),
        (with { $0.headers = [.init("If-Match", "\"a\""), .init("if-match", "\"b\"")] }, .duplicateHeader),
    ])
    func refusesBadRequests(request: SigV4Request, code: ObjectStoreError.Code) throws {
        let error = #expect(throws: ObjectStoreError.self) {
            try exampleSigner().sign(request, at: instant("2026-12-02T10:20:30Z"))
        }
        #expect(error?.code == code)
        #expect(error?.message.isEmpty == false)
    }

    @Test func errorMessagesSayWhatIsWrong() throws {
        let host = #expect(throws: ObjectStoreError.self) {
            try exampleSigner().sign(Self.with { $0.host = "bücher.example" }, at: instant("2026-12-02T10:20:30Z"))
        }
        #expect(host?.description == "badHost: the host 'bücher.example' is not ASCII: give an internationalised name in its IDNA (xn--) form")
        let name = #expect(throws: ObjectStoreError.self) {
            try exampleSigner().sign(Self.with { $0.headers = [.init("Bad Name", "x")] }, at: instant("2026-12-02T10:20:30Z"))
        }
        #expect(name?.message.contains("'Bad Name' is not an RFC 9110 token") == true)
    }

    @Test(arguments: ["", "UNSIGNED_PAYLOAD", "unsigned-payload", String(repeating: "A", count: 64), String(repeating: "a", count: 63), String(repeating: "g", count: 64)])
    func refusesBadPayloadHashes(_ text: String) {
        #expect(throws: ObjectStoreError(.badPayloadHash, "")) { try SigV4PayloadHash(text) }
    }

    @Test func parsesPayloadHashes() throws {
        #expect(try SigV4PayloadHash("UNSIGNED-PAYLOAD") == .unsigned)
        #expect(try SigV4PayloadHash("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == .empty)
    }

    @Test(arguments: [
        ("eu-central-1", "s3", nil as ObjectStoreError.Code?),
        ("", "s3", .badRegion),
        ("EU-CENTRAL-1", "s3", .badRegion),
        ("eu/central", "s3", .badRegion),
        ("us-east-1", "S3", .badService),
        ("us-east-1", "", .badService),
    ])
    func checksScope(region: String, service: String, code: ObjectStoreError.Code?) {
        do {
            _ = try SigV4Signer(
                credentials: S3Credentials(accessKeyID: exampleAccessKey, secretAccessKey: exampleSecret, region: region),
                service: service)
            #expect(code == nil)
        } catch {
            #expect(error.code == code)
        }
    }
}
