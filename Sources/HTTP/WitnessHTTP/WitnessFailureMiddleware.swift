// Every failure the witness answers outside its engine's errors (an unknown path or method, a
// body over the limit, a thread pool that stopped) carries a code, as the engine's do:
// `CODE: message` as text/plain (specs/witness.md, "Errors").
import HTTPTypes
import Hummingbird
import NIOCore
import WitnessEngine

/// Turns errors that reach the router (Hummingbird's own, and anything unexpected) into
/// `text/plain` answers `CODE: message`.
struct WitnessFailureMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil {
            throw WitnessFailure(.notFound, "NOT_FOUND", "no resource at \(request.method) \(request.uri.path)")
        } catch is NIOTooManyBytesError {
            throw WitnessFailure(
                .contentTooLarge, "BODY_TOO_LARGE", "an add-checkpoint body is at most \(AddCheckpointRequest.maxCount) bytes")
        } catch let error as any HTTPResponseError {
            throw WitnessFailure(error.status, WitnessStatus.code(of: error.status), error.status.reasonPhrase.lowercased())
        } catch {
            context.logger.error("witness failure", metadata: ["error": "\(error)"])
            throw WitnessFailure(.internalServerError, "INTERNAL_ERROR", "internal error")
        }
    }
}

/// A failure answered as `text/plain` `CODE: message`.
struct WitnessFailure: HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        WitnessRoutes.response(status, Array("\(code): \(message)\n".utf8))
    }
}
