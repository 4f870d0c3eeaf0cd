import CryptoPrimitives
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogEngine
import LogHTTP
import LogStorage
import Logging
import Merkle
import Metrics
import NIOCore
import Prometheus
import Notes
import Statements
import Testing
import WitnessEngine

/// The log's HTML pages (specs/http-api.md, "Pages") served by a real server on loopback.
@Suite struct PagesTests {
    static let html = "text/html; charset=utf-8"
    static let script = "<script>alert(1)</script>"

    /// An inference receipt about `subject` with request and response commitments; returns the
    /// statement and the salts the issuer keeps.
    static func receipt(_ server: TestServer, subject: String) throws -> (statement: [UInt8], salts: [[UInt8]]) {
        let request = Commitment.commit(to: Array("the secret prompt".utf8), field: .request)
        let response = Commitment.commit(to: Array("the secret answer".utf8), field: .response)
        let claims = InferenceReceiptClaims(
            issuer: "issuer.example", subject: subject, issuedAt: 1_777_636_800, cwtID: Array(repeating: 7, count: 16),
            modelID: "demo-model", modelVersion: "3", modelHash: Hash.leaf(Array("weights".utf8)), modelHashScheme: .sha256Single,
            evidence: [try InferenceReceiptEvidence(kind: "sev-snp-report", mediaType: "application/cose", digest: Hash.leaf([1]))],
            keyBinding: "report-data-sha512-pubkey", commitments: [request.commitment, response.commitment])
        return (try claims.signedStatement(key: server.issuer).encoded(), [request.salt, response.salt])
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, accept: String = "text/html") async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [.accept: accept])
    }

    static func register(_ client: any TestClientProtocol, _ statement: [UInt8]) async throws {
        let r = try await client.execute(
            uri: "/entries", method: .post, headers: [.contentType: "application/cose"], body: ByteBuffer(bytes: statement))
        #expect(r.status == .created)
    }

    /// Every page carries the same two headers.
    static func expectPageHeaders(_ r: TestResponse, _ status: HTTPResponse.Status, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == status, sourceLocation: sourceLocation)
        #expect(r.headers[.contentType] == html, sourceLocation: sourceLocation)
        #expect(r.headers[.cacheControl] == "no-store", sourceLocation: sourceLocation)
    }

    @Test func statusPageShowsTheLogAndItsNewestEntries() async throws {
        let server = try TestServer()
        try await server.application.test(.live) { client in
            for i in 0..<3 { try await Self.register(client, try server.statement("s\(i)")) }
            let r = try await Self.get(client, "/")
            Self.expectPageHeaders(r, .ok)
            #expect(r.text.contains(#"<span id="origin">example.com/http-test</span>"#))
            #expect(r.text.contains(server.logKey.verifierKey.encoded))
            #expect(r.text.contains(#"<td id="tree-size">3</td>"#))
            #expect(r.text.contains(#"<a href="/ui/entries/2">entry 2</a>"#))
            // Signed by this process: an age on the log's clock, not "before this log process started".
            #expect(r.text.contains(#"<td id="latest-age">"#) && !r.text.contains("before this log process started"))
            #expect(r.text.contains("This log has no witnesses"))
            #expect(!r.text.contains("<script"), "a page carries no script")
            // A browser's Accept, and no Accept at all, get the page; an API client's does not.
            let browser = try await Self.get(client, "/", accept: "text/html,application/xhtml+xml,*/*;q=0.8")
            #expect(browser.status == .ok)
            let none = try await client.execute(uri: "/", method: .get)
            #expect(none.status == .ok)
            #expect(try await Self.get(client, "/", accept: "application/json").status == .notAcceptable)
            #expect(try await Self.get(client, "/", accept: "text/html;q=0").status == .notAcceptable)
        }
    }

    @Test func entryPageDecodesTheStatementEscapedAndWithoutSalts() async throws {
        let server = try TestServer()
        let (statement, salts) = try Self.receipt(server, subject: "run \(Self.script) & co")
        try await server.application.test(.live) { client in
            try await Self.register(client, statement)
            let r = try await Self.get(client, "/ui/entries/0")
            Self.expectPageHeaders(r, .ok)
            let page = r.text
            #expect(page.contains(#"<td id="issuer">issuer.example</td>"#))
            #expect(page.contains(#"<td id="subject">run &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</td>"#))
            #expect(!page.contains(Self.script))
            #expect(page.contains("2026-05-01T12:00:00Z (1777636800)"))
            #expect(page.contains("demo-model 3"))
            #expect(page.contains(Hash.leaf(Array("weights".utf8)).hex))
            #expect(page.contains("sev-snp-report") && page.contains(Hash.leaf([1]).hex))
            #expect(page.contains("<td>report-data-sha512-pubkey</td>"))
            let claims = try InferenceReceiptClaims(statement: try SignedStatement(parsing: statement))
            for c in claims.commitments { #expect(page.contains(Hex.encode(c.value))) }
            for salt in salts { #expect(!page.contains(Hex.encode(salt)), "the page never shows a salt") }
            #expect(!page.contains("the secret prompt") && !page.contains("the secret answer"))
            #expect(page.contains(Hash.leaf(statement).hex))
            #expect(page.contains(Hex.encode(SHA256.digest(statement))))
            // The proof is against the published checkpoint (no witnesses: the latest), size 1.
            #expect(page.contains(#"<td id="proof-size">1</td>"#))
            #expect(page.contains("Against the published checkpoint"))
            // Every download link is a route that answers.
            for link in ["/entries/0", "/entries/0/receipt?tree_size=1", "/entries/0/proof?tree_size=1"] {
                #expect(page.contains(#"href="\#(link)""#))
                #expect(try await client.execute(uri: link, method: .get).status == .ok, "\(link)")
            }
            #expect(page.contains("receiptlog bundle --log http://"))
        }
    }

    @Test func searchRedirectsToTheEntryOrSaysNotFound() async throws {
        let server = try TestServer()
        let (statement, _) = try Self.receipt(server, subject: "found-me")
        try await server.application.test(.live) { client in
            try await Self.register(client, try server.statement("first"))
            try await Self.register(client, statement)
            let sha = Hex.encode(SHA256.digest(statement))
            for q in ["1", Hash.leaf(statement).hex, sha, sha.uppercased(), "%20\(sha)%20"] {
                let r = try await Self.get(client, "/ui/search?q=\(q)")
                #expect(r.status == .seeOther, "\(q)")
                #expect(r.headers[.location] == "/ui/entries/1", "\(q)")
                #expect(r.headers[.cacheControl] == "no-store")
            }
            let missing = try await Self.get(client, "/ui/search?q=2")
            Self.expectPageHeaders(missing, .notFound)
            #expect(missing.text.contains("No entry matches entry 2."))
            let unknown = try await Self.get(client, "/ui/search?q=\(String(repeating: "ab", count: 32))")
            Self.expectPageHeaders(unknown, .notFound)
            #expect(unknown.text.contains("No entry matches \(String(repeating: "ab", count: 32))."))
        }
    }

    @Test func badInputGetsAnHTMLPageWithTheReason() async throws {
        let server = try TestServer()
        try await server.application.test(.live) { client in
            try await Self.register(client, try server.statement("only"))
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("/ui/search?q=", .badRequest, "The search is empty"),
                ("/ui/search", .badRequest, "Enter an entry index"),
                ("/ui/search?q=01", .badRequest, "01 is not an entry index"),
                ("/ui/search?q=%3Cb%3Exyz", .badRequest, "&lt;b&gt;xyz is neither an entry index nor a hash"),
                ("/ui/search?q=\(String(repeating: "g", count: 64))", .badRequest, "neither an entry index nor a hash"),
                ("/ui/entries/abc", .badRequest, "the entry index must be a decimal integer"),
                ("/ui/entries/-1", .badRequest, "the entry index must be a decimal integer"),
                ("/ui/entries/1", .notFound, "entry 1 is not in the tree of size 1"),
                ("/ui/nothing/here", .notFound, "There is no page at /ui/nothing/here."),
            ]
            for (uri, status, message) in cases {
                let r = try await Self.get(client, uri)
                Self.expectPageHeaders(r, status)
                #expect(r.text.contains(#"<h1>\#(status.code) \#(status.reasonPhrase)</h1>"#), "\(uri)")
                #expect(r.text.contains(message), "\(uri): \(r.text)")
                #expect(!r.text.contains("<b>"), "\(uri)")
            }
        }
    }

    /// A witnessed log shows each witness's last cosigned size and latency, and the last error
    /// once a witness stops answering.
    @Test func statusPageShowsWitnesses() async throws {
        let dir = NSTemporaryDirectory() + "pages-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let origin = "example.com/paged-log"
        let logKey = try SignerKey.generate(name: origin, type: .ed25519)
        let witness = try RunningWitness(directory: "\(dir)/w0", logs: try LogList(keys: [origin: [logKey.verifierKey]]))
        try await witness.start()
        var policy = try WitnessingPolicy(file: Array("witness w0 \(witness.key.encoded) http://127.0.0.1:\(witness.port)\nquorum 1\n".utf8))
        // Long enough for a loaded machine; a stopped witness costs the round this long.
        policy.timeout = .seconds(5)
        let issuer = Ed25519PrivateKey()
        let registry = PrometheusCollectorRegistry()
        let service = try LogService(
            storage: MemoryLogStorage(), record: MemorySignedHeadRecord(), newLog: true,
            signer: LogSigner(key: logKey, origin: origin),
            policy: RegistrationPolicy(issuers: IssuerList(keys: [IssuerKey(name: "issuer.example", publicKey: issuer.publicKey)])),
            configuration: LogConfiguration(origin: origin, batchMaxCount: 16, batchMaxAge: .milliseconds(1)),
            metrics: LogMetrics(factory: NOOPMetricsHandler.instance),
            logger: Logger(label: "log", factory: { _ in SwiftLogNoOpLogHandler() }),
            witnessing: (policy, HTTPWitnessTransport()))
        let app = LogServer.application(
            service: service, registry: registry, host: "127.0.0.1", port: 0,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await app.test(.live) { client in
            let before = try await Self.get(client, "/")
            #expect(before.text.contains("No checkpoint has reached the witness quorum yet."))
            #expect(before.text.contains("<td>w0</td>") && before.text.contains("none yet") && before.text.contains("no answer yet"))

            let statement = try SignedStatement.sign(
                issuer: "issuer.example", subject: "s", contentType: nil, payload: [1], key: issuer)
            try await Self.register(client, statement.encoded())
            await service.witnessNow()
            let after = try await Self.get(client, "/")
            Self.expectPageHeaders(after, .ok)
            #expect(after.text.contains(#"<td id="published-size">1</td>"#))
            #expect(after.text.contains(#"<td>w0</td><td><code>http://127.0.0.1:\#(witness.port)</code></td><td>1</td>"#))
            #expect(after.text.contains(" ms</td>"))
            #expect(after.text.contains("none</td></tr>"), "no error yet")
            #expect(after.text.contains(#"<pre id="published-note">"#) && after.text.contains("— \(witness.witness.key.name) "))

            // The entry page proves against the published (cosigned) checkpoint.
            let entry = try await Self.get(client, "/ui/entries/0")
            #expect(entry.text.contains("Against the published checkpoint (the one /checkpoint serves"))
            #expect(entry.text.contains("— \(witness.witness.key.name) "))

            await witness.stop()
            try await Self.register(client, try SignedStatement.sign(
                issuer: "issuer.example", subject: "t", contentType: nil, payload: [2], key: issuer).encoded())
            await service.witnessNow()
            let failed = try await Self.get(client, "/")
            #expect(failed.text.contains(#"<span class="error">unreachable, or no answer within"#), "\(failed.text)")
            // The last cosigned size stays 1 while the witness is down.
            #expect(failed.text.contains(#"<td>1</td>"#))
            #expect(failed.text.contains(#"<td id="tree-size">2</td>"#))
        }
    }
}
