// GET /entries/<index>/bundle: the entry's receipt bundle (specs/verify.md, "Receipt bundle") against
// the log's published checkpoint, built by the log from what `receiptlog bundle` fetches — the
// entry, the published (cosigned) checkpoint, the inclusion proof to it and the COSE receipt of
// that tree — so that a person can download it from the entry page and verify it offline.
import Hummingbird
import LogEngine
import Merkle
import Notes
import Verification

extension LogRoutes {
    static func addBundle(to router: Router<BasicRequestContext>, service: LogService) {
        router.get("entries/:index/bundle") { _, context -> Response in
            let index = try decimal(context.parameters.get("index"), name: "index")
            let bytes = try await blocking { try bundle(index: index, service: service) }
            var response = bytesResponse(bytes, type: MediaTypes.text, cache: "no-cache")
            response.headers[.contentDisposition] = "attachment; filename=\"entry-\(index).bundle\""
            return response
        }
    }

    /// The bundle of entry `index` against the published checkpoint; throws
    /// ``LogEngineError/Code/notFound`` while the published tree does not hold the entry.
    static func bundle(index: UInt64, service: LogService) throws -> [UInt8] {
        let note = try Note(parsing: try service.publishedCheckpoint())
        let checkpoint = try Checkpoint(text: note.text)
        guard index < checkpoint.treeSize else {
            throw LogEngineError(
                .notFound,
                "entry \(index) is not yet in the published tree of size \(checkpoint.treeSize); a bundle is served once a checkpoint that holds it is published")
        }
        let answer = try service.proof(index: index, treeSize: checkpoint.treeSize)
        let bundle = try ReceiptBundle(
            statement: try service.entry(at: index), index: index, inclusionProof: answer.inclusionProof.hashes,
            note: note, coseReceipt: answer.receipt)
        try bundle.checkInclusion()
        return bundle.encoded
    }
}
