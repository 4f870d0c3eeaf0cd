// The error a request's body stream fails with when the server gives up on the request.
public import Hummingbird
import NIOCore

/// A request the server stopped reading because it broke one of the ``ServerLimits``.
///
/// The connection has already been answered (`408`) and closed by the time a route sees this
/// error from the request body; the route's own answer goes nowhere. Routes that map errors to
/// responses should keep ``status``, so that request metrics count the request as refused.
public struct ServerLimitFailure: HTTPResponseError, CustomStringConvertible {
    /// `408 Request Timeout`.
    public let status: HTTPResponse.Status
    /// The stable code sent to the client (``ServerRefusal/requestTimeoutCode``).
    public let code: String
    /// The one-line message sent to the client.
    public let message: String

    init(status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8", .connection: "close"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "\(code): \(message)\n")))
    }
}
