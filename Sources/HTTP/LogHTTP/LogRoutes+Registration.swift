// POST /entries: register a signed statement (RFC 9943 §6.3; draft-ietf-scitt-scrapi-09 §2.3;
// specs/http-api.md, specs/scrapi.md).
import Hummingbird
import LogEngine
import NIOCore
import Notes
import Statements

extension LogRoutes {
    /// The largest request body accepted: the largest statement the registration checks read.
    static let maxBodyBytes = SignedStatement.maximumInputSize

    static func addRegistration(to router: Router<BasicRequestContext>, service: LogService) {
        router.post("entries") { request, _ -> Response in
            guard MediaTypes.matches(request.headers[.contentType], MediaTypes.cose) else {
                throw APIFailure(
                    .unsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
                    "a statement is sent as \(MediaTypes.cose), not \(request.headers[.contentType] ?? "without a Content-Type")")
            }
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes {
                throw APIFailure(.contentTooLarge, "BODY_TOO_LARGE", "the body is \(length) bytes; a statement is at most \(maxBodyBytes)")
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: maxBodyBytes)
            } catch is NIOTooManyBytesError {
                throw APIFailure(.contentTooLarge, "BODY_TOO_LARGE", "the body is over \(maxBodyBytes) bytes; a statement is at most \(maxBodyBytes)")
            }
            let bytes = Array(body.readableBytesView)
            guard !bytes.isEmpty else {
                throw APIFailure(.badRequest, "EMPTY_BODY", "the body is empty; send a COSE_Sign1 signed statement")
            }
            // The answer is always the receipt: register returns once the entry is durable and
            // covered by a signed checkpoint, never before (draft-ietf-scitt-scrapi-09 §2.3.1);
            // a registration that cannot get there throws (503), so there is no 303 form.
            let answer = try await service.register(bytes)
            var response: Response
            if MediaTypes.acceptsJSON(request.headers[.accept]) {
                response = bytesResponse(json(answer).encoded(), type: MediaTypes.json, cache: "no-store", status: .created)
            } else {
                response = bytesResponse(answer.receipt.encoded(), type: MediaTypes.cose, cache: "no-store", status: .created)
            }
            // Where fresh receipts for the entry are (draft-ietf-scitt-scrapi-09 §2.3.1, §2.5).
            response.headers[.location] = "/entries/\(EntryID.text(answer.leafHash))"
            return response
        }
    }
}
