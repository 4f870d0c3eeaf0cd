import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogAPI
import LogClient
import Merkle
import NIOCore
import Statements
import Testing

/// draft-ietf-scitt-scrapi-09 on the log (specs/scrapi.md): each status, header and body the
/// draft asks for, against a real server on 127.0.0.1.
@Suite struct SCRAPITests {
    static let cose: HTTPFields = [.contentType: "application/cose"]

    /// The problem details of a response, checking its media type.
    static func problem(_ r: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProblemDetails {
        #expect(r.headers[.contentType] == ProblemDetails.mediaType, sourceLocation: sourceLocation)
        return try ProblemDetails(decoding: Array(r.body.readableBytesView))
    }

    /// §2.1, §2.2: the COSE Key Set, one key by base64url `kid`, and "No such key".
    @Test func transparencyServiceKeys() async throws {
        let server = try TestServer()
        try await server.application.test(.live) { client in
            let set = try await client.execute(uri: "/.well-known/scitt-keys", method: .get, headers: [.accept: "application/cbor"])
            #expect(set.status == .ok)
            #expect(set.headers[.contentType] == "application/cbor")
            let keys = try TransparencyServiceKey.decodeSet(Array(set.body.readableBytesView))
            #expect(keys.count == 1)
            let key = try #require(keys.first)
            #expect(key.publicKey == server.logKey.privateKey.publicKey.bytes)

            // The key's kid is the kid of the log's receipts.
            let registered = try await client.execute(
                uri: "/entries", method: .post, headers: Self.cose, body: ByteBuffer(bytes: try server.statement("a")))
            let receipt = try COSEReceipt.parse(Array(registered.body.readableBytesView))
            #expect(receipt.keyID == key.keyID)

            let one = try await client.execute(uri: "/.well-known/scitt-keys/\(key.urlKeyID)", method: .get, headers: [.accept: "application/cbor"])
            #expect(one.status == .ok)
            #expect(one.headers[.contentType] == "application/cbor")
            #expect(try TransparencyServiceKey(decoding: Array(one.body.readableBytesView)) == key)
            #expect(!key.urlKeyID.contains("=") && !key.urlKeyID.contains("+") && !key.urlKeyID.contains("/"))

            // Another kid, a padded one, and one that is not base64url: "No such key", 404.
            for kid in ["AAAAAA", key.urlKeyID + "==", "not*base64"] {
                let missing = try await client.execute(uri: "/.well-known/scitt-keys/\(kid)", method: .get)
                #expect(missing.status == .notFound, "\(kid)")
                let problem = try Self.problem(missing)
                #expect(problem.title == "No such key")
                #expect(problem.detail?.hasPrefix("NO_SUCH_KEY: ") == true)
            }
        }
    }

    /// §2.3.1: 201 with the receipt and a Location that resolves fresh receipts (§2.5.1: 200,
    /// Location, application/cose), for the same statement registered again too.
    @Test func registrationAndReceiptResolution() async throws {
        let server = try TestServer()
        try await server.application.test(.live) { client in
            let statement = try server.statement("resolved")
            let headers: HTTPFields = [.contentType: "application/cose", .accept: "application/cose"]
            let r = try await client.execute(uri: "/entries", method: .post, headers: headers, body: ByteBuffer(bytes: statement))
            #expect(r.status == .created)
            #expect(r.headers[.contentType] == "application/cose")
            let location = try #require(r.headers[.location])
            let entry = try await client.execute(uri: "/entries/0", method: .get)
            #expect(location == "/entries/\(Hash.leaf(Array(entry.body.readableBytesView)))")
            let first = try COSEReceipt.parse(Array(r.body.readableBytesView))
            try first.verify(entry: Array(entry.body.readableBytesView), key: server.logKey.privateKey.publicKey)

            // Two more entries, so the fresh receipt is against a larger tree.
            for name in ["b", "c"] {
                _ = try await client.execute(uri: "/entries", method: .post, headers: Self.cose, body: ByteBuffer(bytes: try server.statement(name)))
            }
            let resolved = try await client.execute(uri: location, method: .get, headers: [.accept: "application/cose"])
            #expect(resolved.status == .ok)
            #expect(resolved.headers[.contentType] == "application/cose")
            #expect(resolved.headers[.location] == location)
            let fresh = try COSEReceipt.parse(Array(resolved.body.readableBytesView))
            try fresh.verify(entry: Array(entry.body.readableBytesView), key: server.logKey.privateKey.publicKey)
            #expect(fresh.proof.leafIndex == 0 && fresh.proof.treeSize == 3)

            // The same statement again: 201, the same Location.
            let again = try await client.execute(uri: "/entries", method: .post, headers: headers, body: ByteBuffer(bytes: statement))
            #expect(again.status == .created && again.headers[.location] == location)
        }
    }

    /// §2.5.2: an unknown entry ID is 404 "Not Found"; a malformed one is 400 "Invalid locator";
    /// both as problem details without asking, since the path is SCRAPI's own.
    @Test func receiptResolutionErrors() async throws {
        let server = try TestServer()
        try await server.application.test(.live) { client in
            let unknown = try await client.execute(uri: "/entries/" + String(repeating: "ab", count: 32), method: .get)
            #expect(unknown.status == .notFound)
            let notFound = try Self.problem(unknown)
            #expect(notFound.title == "Not Found")
            #expect(notFound.detail?.hasPrefix("NOT_FOUND: receipt with entry ID abab") == true)

            let malformed = try await client.execute(uri: "/entries/xyz", method: .get, headers: [.accept: "application/cose"])
            #expect(malformed.status == .badRequest)
            let invalid = try Self.problem(malformed)
            #expect(invalid.title == "Invalid locator" && invalid.detail?.hasPrefix("BAD_ENTRY_ID: ") == true)
        }
    }

    /// §2: errors are Concise Problem Details for a client that asks for them or speaks CBOR or
    /// COSE; text `CODE: message` for one that asks for text or sends no Accept; §2.3.3 titles.
    @Test func errorFormats() async throws {
        let server = try TestServer()
        let stranger = try server.statement("x", issuer: "stranger.example", key: .init())
        try await server.application.test(.live) { client in
            let rows: [(accept: String?, problem: Bool)] = [
                (nil, false), ("*/*", false), ("text/plain", false), ("application/json", false),
                (ProblemDetails.mediaType, true), ("application/cbor", true), ("application/cose", true),
                ("application/cose, text/plain", false), ("application/concise-problem-details+cbor;q=0, application/cose", true),
                ("text/plain;q=0, application/json", false),
            ]
            for row in rows {
                var headers = Self.cose
                if let accept = row.accept { headers[.accept] = accept }
                let r = try await client.execute(uri: "/entries", method: .post, headers: headers, body: ByteBuffer(bytes: stranger))
                #expect(r.status == .forbidden)
                #expect(r.headers[.vary] == "Accept")
                let answer = ErrorAnswer(contentType: r.headers[.contentType], body: Array(r.body.readableBytesView))
                #expect(answer?.code == "UNKNOWN_ISSUER", "\(row.accept ?? "no Accept")")
                if row.problem {
                    #expect(try Self.problem(r).title == "Rejected", "\(row.accept ?? "")")
                } else {
                    #expect(r.headers[.contentType] == "text/plain; charset=utf-8", "\(row.accept ?? "no Accept")")
                }
            }
            // §2.3.3's titles for the conditions it names, §2's "Malformed request".
            let cbor: HTTPFields = [.contentType: "application/cose", .accept: ProblemDetails.mediaType]
            var unsigned = try server.statement("y")
            unsigned[unsigned.count - 1] ^= 1
            for (body, title, code) in [
                (Array("hello".utf8), "Malformed request", "NOT_CBOR"), ([], "Malformed request", "EMPTY_BODY"),
                (unsigned, "Rejected", "SIG_FAILED"),
            ] as [([UInt8], String, String)] {
                let r = try await client.execute(uri: "/entries", method: .post, headers: cbor, body: ByteBuffer(bytes: body))
                #expect(r.status == .badRequest)
                let problem = try Self.problem(r)
                #expect(problem.title == title && problem.detail?.hasPrefix(code + ": ") == true, "\(problem)")
            }
            // 503 keeps its Retry-After in either form.
            await server.service.shutdown()
            let late = try await client.execute(uri: "/entries", method: .post, headers: cbor, body: ByteBuffer(bytes: try server.statement("z")))
            #expect(late.status == .serviceUnavailable && late.headers[.retryAfter] == "1")
            #expect(try Self.problem(late).detail?.hasPrefix("SHUTTING_DOWN: ") == true)
        }
    }

    /// LogClient reads the log's errors in both forms.
    @Test func logClientReadsErrors() async throws {
        let server = try TestServer()
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            let log = try LogClient(baseURL: "http://127.0.0.1:\(port)")
            do {
                _ = try await log.entry(5)
                Issue.record("entry 5 of an empty log")
            } catch let error as LogClientError {
                #expect(error.code == LogClientError.Code.status && error.message.hasPrefix("GET /entries/5: 404 NOT_FOUND: "), "\(error.message)")
            }
            let answer = try await log.send(.GET, "/entries/5", headers: [("Accept", ProblemDetails.mediaType)])
            #expect(answer.error?.code == "NOT_FOUND")
            #expect(answer.statusText.hasPrefix("404 NOT_FOUND: "))
        }
    }
}
