// Turns every error a route throws into the response ErrorStatus's table gives, including
// Hummingbird's own (unknown path), so that every failure carries a code.
import Hummingbird

struct FailureMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil {
            // The router found no route (Router's NotFoundResponder).
            throw APIFailure(.notFound, "NOT_FOUND", "no resource at \(request.method) \(request.uri.path)")
        } catch {
            throw ErrorStatus.failure(for: error)
        }
    }
}
