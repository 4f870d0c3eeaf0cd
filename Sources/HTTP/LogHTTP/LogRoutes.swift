// The log's HTTP API (specs/http-api.md): c2sp.org/tlog-tiles reads, registration, entries,
// proofs, lookup, health and metrics, and SCRAPI (specs/scrapi.md). Routes parse, call the
// engine (blocking calls off the event loops), and encode; every failure goes through
// ErrorStatus's table.
public import HTTPServing
public import Hummingbird
public import LogEngine
import NIOCore
public import Prometheus

/// Builds the router of a log.
public enum LogRoutes {
    /// The router for `service`, with `/metrics` served from `registry`.
    public static func router(
        service: LogService, registry: PrometheusCollectorRegistry, metrics: HTTPMetrics
    ) -> Router<BasicRequestContext> {
        // HEAD is answered wherever GET is (RFC 9110 §9.3.2).
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: FailureMiddleware())
        addTiles(to: router, service: service)
        addRegistration(to: router, service: service)
        addEntries(to: router, service: service)
        addBundle(to: router, service: service)
        addSCRAPI(to: router, service: service)
        addPages(to: router, service: service)
        router.get("healthz") { _, _ -> Response in
            if let alarm = service.alarm {
                throw APIFailure(.serviceUnavailable, "STOPPED", "sequencer stopped: \(alarm.message)", headers: [.retryAfter: "1"])
            }
            return textResponse("ok\n", cache: "no-store")
        }
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: MediaTypes.prometheus, .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        addMethodNotAllowed(to: router)
        return router
    }

    /// A `text/plain` response.
    static func textResponse(_ text: String, cache: String) -> Response {
        bytesResponse(Array(text.utf8), type: MediaTypes.text, cache: cache)
    }

    /// A 200 response with `bytes`.
    static func bytesResponse(_ bytes: [UInt8], type: String, cache: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: type, .cacheControl: cache],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
