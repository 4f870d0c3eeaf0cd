import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogAPI
import Merkle
import NIOCore
import Notes
import Statements
import Testing

@Suite struct RegistrationRoutesTests {
    static let cose: HTTPFields = [.contentType: "application/cose"]

    @Test func registrationAnswersWithAReceiptOrJSON() async throws {
        let server = try TestServer()
        try await server.application.test(.router) { client in
            let statement = try server.statement("a")
            let r = try await client.execute(uri: "/entries", method: .post, headers: Self.cose, body: ByteBuffer(bytes: statement))
            #expect(r.status == .created)
            #expect(r.headers[.contentType] == "application/cose")
            let receipt = try COSEReceipt.parse(r.bytes)
            let entry = try await client.execute(uri: "/entries/0", method: .get)
            // Location names the entry's receipt resource (specs/scrapi.md): its entry ID.
            #expect(r.headers[.location] == "/entries/\(Hash.leaf(entry.bytes))")
            try receipt.verify(entry: entry.bytes, key: server.logKey.privateKey.publicKey)

            var json = Self.cose
            json[.accept] = "application/json"
            let j = try await client.execute(uri: "/entries", method: .post, headers: json, body: ByteBuffer(bytes: statement))
            #expect(j.status == .created)
            let answer = try RegistrationJSON(decoding: j.bytes)
            #expect(answer.index == 0 && answer.treeSize == 1)
            #expect(answer.leafHash == Hash.leaf(entry.bytes).description)
            let proof = try TlogProof(parsing: Array(answer.proof.utf8))
            _ = try proof.note.verify(with: [server.logKey.verifierKey])
            #expect(String(decoding: proof.note.encoded, as: UTF8.self) == answer.checkpoint)
        }
    }

    /// Every malformed request gets its documented 4xx (specs/http-api.md, "Errors"), and the
    /// server keeps serving.
    @Test func malformedRequestsGetTheirDocumentedStatus() async throws {
        let server = try TestServer()
        let good = try server.statement("good")
        let stranger = try server.statement("x", issuer: "stranger.example", key: .init())
        var badSignature = good
        badSignature[badSignature.count - 1] ^= 1
        var wrongTag = good
        wrongTag[0] = 0xd1  // tag 17 (COSE_Mac0), not 18
        let table: [(name: String, method: HTTPRequest.Method, uri: String, headers: HTTPFields, body: [UInt8]?, status: HTTPResponse.Status)] = [
            ("empty body", .post, "/entries", Self.cose, [], .badRequest),
            ("truncated CBOR", .post, "/entries", Self.cose, Array(good.prefix(good.count / 2)), .badRequest),
            ("not CBOR", .post, "/entries", Self.cose, Array("hello".utf8), .badRequest),
            ("wrong tag", .post, "/entries", Self.cose, wrongTag, .badRequest),
            ("bad signature", .post, "/entries", Self.cose, badSignature, .badRequest),
            ("unknown issuer", .post, "/entries", Self.cose, stranger, .forbidden),
            ("no content type", .post, "/entries", [:], good, .unsupportedMediaType),
            ("wrong content type", .post, "/entries", [.contentType: "application/json"], good, .unsupportedMediaType),
            ("body over the limit", .post, "/entries", Self.cose, [UInt8](repeating: 0xa0, count: (1 << 20) + 1), .contentTooLarge),
            ("unknown path", .get, "/nothing/here", [:], nil, .notFound),
            ("non-canonical tile path", .get, "/tile/0/0", [:], nil, .badRequest),
            ("tile index with x on last group", .get, "/tile/0/x001", [:], nil, .badRequest),
            ("partial width 256", .get, "/tile/0/000.p/256", [:], nil, .badRequest),
            ("tile beyond the tree", .get, "/tile/0/000", [:], nil, .notFound),
            ("entry bundle beyond the tree", .get, "/tile/entries/001", [:], nil, .notFound),
            ("negative index", .get, "/entries/-1", [:], nil, .badRequest),
            ("leading zero index", .get, "/entries/01", [:], nil, .badRequest),
            ("huge index", .get, "/entries/18446744073709551616", [:], nil, .badRequest),
            ("index beyond the tree", .get, "/entries/18446744073709551615", [:], nil, .notFound),
            ("proof at an unsigned size", .get, "/entries/0/proof?tree_size=7", [:], nil, .notFound),
            ("receipt with bad tree size", .get, "/entries/0/receipt?tree_size=x", [:], nil, .badRequest),
            ("lookup of a short hash", .get, "/lookup/abcd", [:], nil, .badRequest),
            ("lookup of an uppercase hash", .get, "/lookup/" + String(repeating: "AB", count: 32), [:], nil, .badRequest),
            ("lookup of an unknown hash", .get, "/lookup/" + String(repeating: "ab", count: 32), [:], nil, .notFound),
            ("consistency without from", .get, "/proof/consistency", [:], nil, .badRequest),
            ("consistency backwards", .get, "/proof/consistency?from=1&to=0", [:], nil, .badRequest),
            ("consistency past the tree", .get, "/proof/consistency?from=0&to=99", [:], nil, .notFound),
            ("wrong method", .delete, "/checkpoint", [:], nil, .methodNotAllowed),
        ]
        try await server.application.test(.router) { client in
            // One entry first, so that index 0 exists.
            let first = try await client.execute(uri: "/entries", method: .post, headers: Self.cose, body: ByteBuffer(bytes: try server.statement("first")))
            #expect(first.status == .created)
            for row in table {
                let r = try await client.execute(uri: row.uri, method: row.method, headers: row.headers, body: row.body.map { ByteBuffer(bytes: $0) })
                #expect(r.status == row.status, "\(row.name): \(r.status) \(r.text)")
                #expect(r.headers[.contentType] == "text/plain; charset=utf-8", "\(row.name)")
                #expect(ErrorAnswer(line: r.text) != nil, "\(row.name) has a coded message: \(r.text)")
                // Still serving.
                let again = try await client.execute(uri: "/checkpoint", method: .get)
                #expect(again.status == .ok)
            }
            #expect(server.service.treeHead.treeSize == 1)
        }
    }

    /// A 100 MB body over a real connection is refused with 413 before it is read, and the
    /// server keeps serving.
    @Test func aHundredMegabyteBodyGets413() async throws {
        let server = try TestServer()
        try await server.application.test(.live) { client in
            let huge = ByteBuffer(repeating: 0xa0, count: 100 << 20)
            let r = try await client.execute(uri: "/entries", method: .post, headers: Self.cose, body: huge)
            #expect(r.status == .contentTooLarge)
            let again = try await client.execute(uri: "/checkpoint", method: .get)
            #expect(again.status == .ok)
        }
    }
}
