// The log's HTML pages (specs/http-api.md, "Pages"): `/` for a browser, an entry's page and the
// search. Each handler parses, calls the engine off the event loops, and renders; a failure is an
// HTML page with the status of ErrorStatus's table, never the API's text message.
import HTMLPages
import Hummingbird
import LogEngine
import Merkle
import Notes

extension LogRoutes {
    static func addPages(to router: Router<BasicRequestContext>, service: LogService) {
        let pages = LogPages.pages
        router.get("/") { request, _ -> Response in
            guard HTMLPages.acceptsHTML(request.headers[.accept]) else {
                throw HTTPError(.notAcceptable, message: "/ is an HTML page; the API is described in specs/http-api.md")
            }
            return await page(pages) {
                let status = service.status()
                let latest = service.treeHead.logSignedNote.encoded
                let published = service.isWitnessed ? try? await blocking { try service.publishedCheckpoint() } : nil
                return pages.response("status", StatusPage(status: status, latestNote: latest, publishedNote: published))
            }
        }
        router.get("ui/entries/:index") { request, context -> Response in
            await page(pages) {
                let index = try decimal(context.parameters.get("index"), name: "the entry index")
                let entry = try await blocking { try service.entry(at: index) }
                let proof = await entryProof(index: index, service: service)
                let host = request.head.authority ?? "HOST"
                let model = EntryPage(
                    index: index, entry: entry, proof: proof, logURL: "http://\(host)", vkey: service.signer.verifierKey.encoded)
                return pages.response("entry", model)
            }
        }
        router.get("ui/search") { request, _ -> Response in
            await page(pages) {
                let query: PageSearch
                do throws(PageSearchError) {
                    query = try PageSearch(request.uri.queryParameters.get("q"))
                } catch {
                    return pages.errorResponse(.badRequest, error.message)
                }
                let found: UInt64?
                let searched: String
                switch query {
                case .index(let index):
                    found = index < service.treeHead.treeSize ? index : nil
                    searched = "The published tree holds entries 0 to \(service.treeHead.treeSize) (exclusive)."
                case .hash(let hash):
                    found = try await blocking {
                        if let index = try? service.lookup(leafHash: hash) { return index }
                        return try PageSearch.entry(withSHA256: hash, in: service)
                    }
                    searched =
                        "Searched the leaf hashes of every entry, and the statement SHA-256 of the newest \(PageSearch.statementScanLimit) entries."
                }
                guard let found else {
                    return pages.response(
                        "notFound",
                        NotFoundPage(title: "Not found", message: "No entry matches \(query.text).", searched: searched),
                        status: .notFound)
                }
                return HTMLPages.redirect(to: "/ui/entries/\(found)")
            }
        }
        // Any other path under /ui/ is a page that does not exist: an HTML 404, not the API's text.
        router.get("ui/**") { request, _ -> Response in
            pages.errorResponse(.notFound, "There is no page at \(request.uri.path).")
        }
    }

    /// The proof of entry `index` against the published checkpoint, or against the latest one
    /// when the published tree does not hold the entry yet (or there is none yet, failing closed).
    static func entryProof(index: UInt64, service: LogService) async -> Result<(answer: RegistrationAnswer, against: String), any Error> {
        do {
            return .success(
                try await blocking {
                    if let bytes = try? service.publishedCheckpoint(), let note = try? Note(parsing: bytes),
                        let checkpoint = try? Checkpoint(text: note.text), index < checkpoint.treeSize
                    {
                        let against =
                            service.isWitnessed
                            ? "Against the published checkpoint (the one /checkpoint serves, with its cosignatures)."
                            : "Against the published checkpoint (this log has no witnesses: its latest)."
                        return (try service.proof(index: index, treeSize: checkpoint.treeSize), against)
                    }
                    return (
                        try service.proof(index: index),
                        "Against the latest signed checkpoint: no published (witnessed) checkpoint holds this entry yet."
                    )
                })
        } catch {
            return .failure(error)
        }
    }

    /// Runs `body`; a thrown error becomes an HTML page with the status and message of
    /// ErrorStatus's table.
    static func page(_ pages: HTMLPages, _ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch {
            let failure = ErrorStatus.failure(for: error)
            return pages.errorResponse(failure.status, failure.message)
        }
    }

    /// The model of a search that found nothing.
    struct NotFoundPage {
        let title: String
        let message: String
        let searched: String
    }
}

extension PageSearch {
    /// The query as people typed it, normalised.
    var text: String {
        switch self {
        case .index(let index): "entry \(index)"
        case .hash(let hash): hash.hex
        }
    }
}
