// Counting every request that reaches the router, by route and status.
public import Hummingbird

/// Counts every request by its route pattern (not its path, so the label set stays small) and
/// status; an error counts with its `HTTPResponseError` status, any other error as 500.
public struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Where the counts go.
    public let metrics: HTTPMetrics

    /// A middleware counting into `metrics`.
    public init(metrics: HTTPMetrics) {
        self.metrics = metrics
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
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
