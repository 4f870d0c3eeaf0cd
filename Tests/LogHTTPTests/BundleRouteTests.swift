import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Merkle
import NIOCore
import Statements
import Testing
import Verification

/// `GET /entries/<index>/bundle`: the receipt bundle the entry page links to, built by the log
/// against its published checkpoint.
@Suite struct BundleRouteTests {
    @Test func theBundleOfAnEntryVerifiesOffline() async throws {
        let server = try TestServer()
        try await server.application.test(.live) { client in
            var statements: [[UInt8]] = []
            for subject in ["a", "b", "c"] {
                let statement = try server.statement(subject)
                let registered = try await client.execute(
                    uri: "/entries", method: .post, headers: [.contentType: "application/cose"], body: ByteBuffer(bytes: statement))
                #expect(registered.status == .created)
                statements.append(statement)
            }
            let response = try await client.execute(uri: "/entries/1/bundle", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentDisposition] == "attachment; filename=\"entry-1.bundle\"")
            #expect(response.headers[.cacheControl] == "no-cache")
            let bundle = try ReceiptBundle(parsing: Array(response.body.readableBytesView))
            #expect(bundle.index == 1)
            #expect(bundle.checkpoint.treeSize == 3)
            #expect(bundle.checkpoint.origin == TestServer.origin)
            try bundle.checkInclusion()
            // The statement is the entry as logged: the signed statement's leaf form.
            let entry = try await client.execute(uri: "/entries/1", method: .get)
            #expect(bundle.statement == Array(entry.body.readableBytesView))
            #expect(bundle.statement == (try SignedStatement(parsing: statements[1]).leaf))
            let receipt = try #require(bundle.coseReceipt)
            try receipt.verify(entry: bundle.statement, key: server.logKey.privateKey.publicKey, leafIndex: 1)
            #expect(try bundle.note.verify(with: [server.logKey.verifierKey]).count == 1)

            // The entry page links to it.
            let page = try await client.execute(uri: "/ui/entries/1", method: .get, headers: [.accept: "text/html"])
            #expect(String(buffer: page.body).contains("href=\"/entries/1/bundle\""))

            // An entry the published tree does not hold, and a bad index.
            let missing = try await client.execute(uri: "/entries/3/bundle", method: .get)
            #expect(missing.status == .notFound)
            #expect(String(buffer: missing.body).hasPrefix("NOT_FOUND: entry 3 is not yet in the published tree of size 3"))
            let bad = try await client.execute(uri: "/entries/01/bundle", method: .get)
            #expect(bad.status == .badRequest)
            #expect(String(buffer: bad.body).hasPrefix("BAD_PARAMETER: "))
        }
    }
}
