// draft-ietf-scitt-scrapi-09 (specs/scrapi.md): the Transparency Service Keys (§2.1, §2.2) and
// receipt resolution by entry ID (§2.5). Registration (§2.3) is `POST /entries`
// (LogRoutes+Registration.swift); errors are Concise Problem Details (ErrorFormat.swift).
import Hummingbird
import LogAPI
import LogEngine
import Merkle

extension LogRoutes {
    /// `Cache-Control` of the key resources: the log never changes its key (specs/http-api.md,
    /// "Start-up checks"), so the answer only ever grows if keys are added.
    static let keysCache = "public, max-age=86400"

    static func addSCRAPI(to router: Router<BasicRequestContext>, service: LogService) {
        let key = TransparencyServiceKey(keyID: service.signer.coseKeyID, publicKey: service.signer.verifierKey.publicKey.bytes)
        // §2.1: the COSE Key Set of the keys that sign the log's receipts.
        router.get(".well-known/scitt-keys") { _, _ -> Response in
            bytesResponse(TransparencyServiceKey.keySet([key]), type: MediaTypes.cbor, cache: keysCache)
        }
        // §2.2: one key by `kid`, base64url without padding since the log's `kid` (4 bytes) is
        // not URL-safe; "No such key" otherwise.
        router.get(".well-known/scitt-keys/:kid") { _, context -> Response in
            let segment = context.parameters.get("kid") ?? ""
            guard TransparencyServiceKey.keyID(urlSegment: segment) == key.keyID else {
                throw APIFailure(
                    .notFound, "NO_SUCH_KEY",
                    "no key could be found for this kid value; the log's key is \(key.urlKeyID) (base64url of its kid)")
            }
            return bytesResponse(key.encoded(), type: MediaTypes.cbor, cache: keysCache)
        }
    }

    /// §2.5: `GET /entries/<entry ID>`, a fresh receipt for the entry with `leafHash`, against the
    /// latest checkpoint, with `Location` naming this resource.
    static func resolveReceipt(leafHash: Hash, service: LogService) async throws -> Response {
        let answer: RegistrationAnswer
        do {
            answer = try await blocking {
                let index = try service.lookup(leafHash: leafHash)
                return try service.proof(index: index)
            }
        } catch let error as LogEngineError where error.code == .notFound {
            throw APIFailure(
                .notFound, "NOT_FOUND", "receipt with entry ID \(EntryID.text(leafHash)) not known to this log: \(error.message)")
        }
        var response = bytesResponse(answer.receipt.encoded(), type: MediaTypes.cose, cache: "no-cache")
        response.headers[.location] = "/entries/\(EntryID.text(leafHash))"
        return response
    }
}
