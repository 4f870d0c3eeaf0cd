// The one error type the routes throw: a status, a message for people, and optional headers.
import HTTPTypes
public import Hummingbird
import NIOCore

/// A failed request: its status and a one-line message, sent as `text/plain`.
public struct APIFailure: HTTPResponseError, CustomStringConvertible {
    /// The response status.
    public let status: HTTPResponse.Status
    /// The message, without a trailing newline.
    public let message: String
    /// Extra response headers (`Retry-After` on 503).
    let headers: HTTPFields

    init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = MediaTypes.text
        fields[.cacheControl] = "no-store"
        return Response(
            status: status, headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}
