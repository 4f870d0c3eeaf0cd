import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Merkle
import NIOCore
import Notes
import Testing
import WitnessEngine
import WitnessHTTP
import WitnessTestSupport

/// The witness's status page at `/` (specs/http-api.md, "Pages"), from a real server.
@Suite struct WitnessPageTests {
    @Test func listsEachLogWithItsLastCosignedSizeAndTime() async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let cosigned = TestLog(origin: "log.example/<b>cosigned</b>", seed: 5, size: 40)
        let idle = TestLog(origin: "log.example/idle", seed: 6, size: 4)
        let list = try LogList(keys: [cosigned.origin: [cosigned.key.verifierKey], idle.origin: [idle.key.verifierKey]])
        let seconds: UInt64 = 1_777_636_800
        let witness = try Witness(key: testWitnessKey, logs: list, statePath: directory.path + "/state", clock: { seconds })
        _ = try witness.addCheckpoint(cosigned.request(old: 0, new: 40))
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let app = WitnessApplication.build(witness: witness, address: .hostname("127.0.0.1", port: 0), logger: logger)
        try await app.test(.live) { client in
            let r = try await client.execute(uri: "/", method: .get, headers: [.accept: "text/html"])
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "text/html; charset=utf-8")
            #expect(r.headers[.cacheControl] == "no-store")
            let page = String(buffer: r.body)
            #expect(page.contains(#"<span id="name">witness.example/w1</span>"#))
            #expect(page.contains(testWitnessKey.verifierKey.encoded))
            #expect(page.contains(#"<td id="log-count">2</td>"#))
            // The origin is escaped, and links to the checkpoint the witness serves for it.
            let hash = Witness.originHash(cosigned.origin)
            #expect(page.contains(#"<a href="/checkpoint/\#(hash)">log.example/&lt;b&gt;cosigned&lt;/b&gt;</a>"#))
            #expect(!page.contains("<b>"))
            #expect(page.contains("<td>40</td><td>2026-05-01T12:00:00Z (1777636800)</td>"))
            #expect(page.contains(cosigned.rootHash(size: 40).hex))
            #expect(page.contains(#"log.example/idle</a></td>"#) && page.contains("not cosigned yet"))
            #expect(page.contains(idle.key.verifierKey.encoded))
            let linked = try await client.execute(uri: "/checkpoint/\(hash)", method: .get)
            #expect(linked.status == .ok)
            // Clients that do not take HTML get 406 with a coded text message.
            let api = try await client.execute(uri: "/", method: .get, headers: [.accept: "application/json"])
            #expect(api.status == .notAcceptable)
            #expect(String(buffer: api.body).hasPrefix("NOT_ACCEPTABLE: "))
            #expect(String(buffer: api.body).contains("c2sp.org/tlog-witness"))
        }
    }
}
