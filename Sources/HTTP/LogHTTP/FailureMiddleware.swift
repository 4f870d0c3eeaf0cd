// Turns every error a route throws into the response ErrorStatus's table gives, including
// Hummingbird's own (unknown path, wrong method), so that every failure has a text message.
import Hummingbird

struct FailureMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            throw APIFailure(error.status, error.body ?? "\(error.status.reasonPhrase.lowercased())")
        } catch {
            throw ErrorStatus.failure(for: error)
        }
    }
}
