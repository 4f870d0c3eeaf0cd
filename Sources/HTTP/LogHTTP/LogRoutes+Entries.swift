// Entries, receipts, proofs and lookup by leaf hash (specs/http-api.md); `GET /entries/<leaf
// hash>` is SCRAPI's receipt resolution (LogRoutes+SCRAPI.swift).
import CryptoPrimitives
import Hummingbird
import LogAPI
import LogEngine
import Merkle
import Notes

extension LogRoutes {
    static func addEntries(to router: Router<BasicRequestContext>, service: LogService) {
        router.get("entries/:index") { request, context -> Response in
            let id = context.parameters.get("index") ?? ""
            if let leafHash = EntryID.leafHash(id) {
                return try await resolveReceipt(leafHash: leafHash, service: service)
            }
            guard let index = Decimal64.parse(id.utf8) else {
                throw APIFailure(
                    .badRequest, "BAD_ENTRY_ID",
                    "an entry is named by its index (decimal, 0 to \(UInt64.max), no leading zeros) or its entry ID (64 lowercase hex digits of its leaf hash)")
            }
            let entry = try await blocking { try service.entry(at: index) }
            return bytesResponse(entry, type: MediaTypes.cose, cache: immutableCache)
        }
        router.get("entries/:index/receipt") { request, context -> Response in
            let index = try decimal(context.parameters.get("index"), name: "index")
            let size = try request.uri.queryParameters.get("tree_size").map { try decimal($0, name: "tree_size") }
            let answer = try await blocking { try service.proof(index: index, treeSize: size) }
            return bytesResponse(answer.receipt.encoded(), type: MediaTypes.cose, cache: size == nil ? "no-cache" : immutableCache)
        }
        router.get("entries/:index/proof") { request, context -> Response in
            let index = try decimal(context.parameters.get("index"), name: "index")
            let size = try request.uri.queryParameters.get("tree_size").map { try decimal($0, name: "tree_size") }
            let answer = try await blocking { try service.proof(index: index, treeSize: size) }
            let cache = size == nil ? "no-cache" : immutableCache
            if MediaTypes.acceptsJSON(request.headers[.accept]) {
                return bytesResponse(json(answer).encoded(), type: MediaTypes.json, cache: cache)
            }
            return bytesResponse(answer.tlogProof.encoded, type: MediaTypes.text, cache: cache)
        }
        router.get("entries/:index/witnessed") { _, context -> Response in
            let index = try decimal(context.parameters.get("index"), name: "index")
            let note = try await blocking { try service.firstWitnessedCheckpoint(covering: index) }
            // A round may add cosignatures to the same checkpoint when it ends: not immutable.
            return bytesResponse(note, type: MediaTypes.text, cache: "no-cache")
        }
        router.get("lookup/:hash") { _, context -> Response in
            let hex = context.parameters.get("hash") ?? ""
            guard hex.utf8.count == 2 * Hash.count, hex == hex.lowercased(), let hash = try? Hash(hex: hex) else {
                throw APIFailure(.badRequest, "BAD_PARAMETER", "a leaf hash is 64 lowercase hex digits")
            }
            let index = try await blocking { try service.lookup(leafHash: hash) }
            return bytesResponse(LookupJSON(index: index, leafHash: hex).encoded(), type: MediaTypes.json, cache: "no-cache")
        }
        router.get("proof/consistency") { request, _ -> Response in
            guard let from = request.uri.queryParameters.get("from") else {
                throw APIFailure(.badRequest, "MISSING_PARAMETER", "the query parameter from is required")
            }
            let old = try decimal(from, name: "from")
            let new = try request.uri.queryParameters.get("to").map { try decimal($0, name: "to") }
            let proof = try await blocking { try service.consistencyProof(from: old, to: new) }
            return bytesResponse(ProofLines.encode(proof.hashes), type: MediaTypes.text, cache: new == nil ? "no-cache" : immutableCache)
        }
    }

    /// Parses a canonical decimal `UInt64` (no sign, no leading zeros); throws 400 otherwise.
    static func decimal(_ text: String?, name: String) throws -> UInt64 {
        guard let text, let value = Decimal64.parse(text.utf8) else {
            throw APIFailure(.badRequest, "BAD_PARAMETER", "\(name) must be a decimal integer from 0 to \(UInt64.max), without leading zeros")
        }
        return value
    }

    /// The JSON form of an answer.
    static func json(_ answer: RegistrationAnswer) -> RegistrationJSON {
        RegistrationJSON(
            index: answer.index, leafHash: answer.leafHash.description, treeSize: answer.treeHead.treeSize,
            checkpoint: String(decoding: answer.treeHead.note.encoded, as: UTF8.self),
            receipt: Base64.encode(answer.receipt.encoded()),
            proof: String(decoding: answer.tlogProof.encoded, as: UTF8.self))
    }
}
