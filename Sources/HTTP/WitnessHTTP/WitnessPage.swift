// The witness's status page at `/` (specs/http-api.md, "Pages"): the logs it witnesses, and
// for each the last checkpoint it cosigned and when (the timestamp of its cosignature). Read from
// memory; rendered with the shared HTMLPages (escaped values, inline style, no script).
import Foundation
import HTMLPages
public import Hummingbird
import Notes
public import WitnessEngine

/// The witness's HTML status page.
public struct WitnessPage: Sendable {
    /// The witness the page describes.
    public let witness: Witness

    /// The page of `witness`.
    public init(witness: Witness) {
        self.witness = witness
    }

    /// Adds `GET /` to `router`: the page for clients that accept HTML, 406 for others.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        let witness = self.witness
        router.get("/") { request, _ -> Response in
            guard HTMLPages.acceptsHTML(request.headers[.accept]) else {
                return WitnessRoutes.response(.notAcceptable, Array("NOT_ACCEPTABLE: / is an HTML page; the protocol is c2sp.org/tlog-witness\n".utf8))
            }
            return Self.pages.response("status", Model(witness: witness))
        }
    }

    /// The model of the page.
    struct Model {
        /// One witnessed log.
        struct Log {
            let origin: String
            let originHash: String
            let keys: String
            let cosigned: Bool
            let treeSize: String
            let rootHash: String
            let when: String
        }

        let title: String
        let name: String
        let verifierKey: String
        let logCount: String
        let logs: [Log]

        init(witness: Witness) {
            name = witness.key.name
            title = "Witness \(witness.key.name)"
            verifierKey = witness.key.verifierKey.encoded
            let origins = witness.logs.keys.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            logCount = "\(origins.count)"
            logs = origins.map { origin in
                let text = origin.description
                let latest = try? witness.latestCheckpoint(origin: text)
                let cosignature = latest?.note.signatures
                    .last { $0.keyID == witness.key.keyID && $0.name.utf8.elementsEqual(witness.key.name.utf8) }
                    .flatMap { try? Cosignature($0) }
                return Log(
                    origin: text, originHash: Witness.originHash(text),
                    keys: (witness.logs.keys[origin] ?? []).map(\.encoded).joined(separator: "\n"),
                    cosigned: latest != nil, treeSize: latest.map { "\($0.treeSize)" } ?? "",
                    rootHash: latest?.rootHash.hex ?? "", when: cosignature.map { Self.time($0.timestamp) } ?? "")
            }
        }

        /// A cosignature timestamp (UNIX seconds) as "2026-05-01T12:00:00Z (1777636800)".
        static func time(_ seconds: UInt64) -> String {
            guard seconds <= UInt64(Int64.max) else { return "\(seconds)" }
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = TimeZone(identifier: "UTC")
            return "\(formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))) (\(seconds))"
        }
    }

    /// The compiled templates, constants of this file.
    static let pages: HTMLPages = {
        do {
            return try HTMLPages(templates: ["header": header, "footer": footer, "status": status])
        } catch {
            preconditionFailure("the witness's page templates do not compile: \(error)")
        }
    }()

    static let header = """
        {{>head}}
        <header><a href="/">ReceiptLog witness</a></header>
        <main>
        """

    static let footer = """
        </main>
        <footer>A c2sp.org/tlog-witness witness. The protocol is described in specs/witness.md.</footer>
        </body>
        </html>
        """

    static let status = """
        {{>header}}
        <h1>Witness <span id="name">{{name}}</span></h1>
        <table>
        <tr><th>Verifier key</th><td><code id="vkey">{{verifierKey}}</code></td></tr>
        <tr><th>Logs witnessed</th><td id="log-count">{{logCount}}</td></tr>
        </table>
        <h2>Logs</h2>
        <table id="logs">
        <tr><th>Origin</th><th>Last cosigned size</th><th>Cosigned at</th><th>Root hash</th><th>Log keys</th></tr>
        {{#logs}}
        <tr><td><a href="/checkpoint/{{originHash}}">{{origin}}</a></td>
        {{#cosigned}}<td>{{treeSize}}</td><td>{{when}}</td><td><code>{{rootHash}}</code></td>{{/cosigned}}
        {{^cosigned}}<td colspan="3">not cosigned yet</td>{{/cosigned}}
        <td><pre>{{keys}}</pre></td></tr>
        {{/logs}}
        </table>
        {{>footer}}
        """
}
