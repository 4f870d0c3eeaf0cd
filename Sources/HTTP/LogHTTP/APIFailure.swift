// The one error type the routes throw: a status, a stable code, a message for people, and
// optional headers; written as text or as Concise Problem Details (ErrorFormat).
import HTTPTypes
public import Hummingbird
public import LogAPI
import NIOCore

/// A failed request: its status and its error answer (a stable code and a one-line message),
/// sent as `text/plain` (`CODE: message`) or as RFC 9290 Concise Problem Details, whichever
/// ``ErrorFormat`` picks for the request.
public struct APIFailure: HTTPResponseError, CustomStringConvertible {
    /// The response status.
    public let status: HTTPResponse.Status
    /// The code and message.
    public let answer: ErrorAnswer
    /// The problem details `title`; nil for the one ``ErrorFormat/title(code:status:)`` gives.
    let title: String?
    /// Extra response headers (`Retry-After` on 503, `Allow` on 405).
    let headers: HTTPFields

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, title: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.answer = ErrorAnswer(code: code, message: message)
        self.title = title
        self.headers = headers
    }

    /// The code.
    public var code: String { answer.code }
    /// The message.
    public var message: String { answer.message }

    public var description: String { "\(status.code) \(answer)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let format = ErrorFormat.choose(accept: request.headers[values: .accept], path: request.uri.path)
        let (type, body) = format.render(answer, status: status, title: title)
        var fields = headers
        fields[.contentType] = type
        fields[.cacheControl] = "no-store"
        // The answer depends on Accept (RFC 9110 §12.5.5).
        fields[.vary] = "Accept"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
