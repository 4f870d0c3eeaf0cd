import Hummingbird

/// Counts every request by its route pattern (not its path, so the label set stays small) and
/// status.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let metrics: HTTPMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            metrics.count(route: context.endpointPath ?? "unmatched", status: response.status.code)
            return response
        } catch let error as any HTTPResponseError {
            metrics.count(route: context.endpointPath ?? "unmatched", status: error.status.code)
            throw error
        } catch {
            metrics.count(route: context.endpointPath ?? "unmatched", status: 500)
            throw error
        }
    }
}
