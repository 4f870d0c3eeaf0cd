// What the server answers on its own, before or instead of a route: a request that broke one of
// the ServerLimits, a connection over the cap, a request that is not HTTP/1.1. Each carries a
// stable code, as route errors do (specs/http-api.md, "Errors").
public import NIOHTTP1

/// An answer the server gives without a route: its status, a stable UPPER_SNAKE code and a
/// one-line message.
public struct ServerRefusal: Sendable, Hashable, CustomStringConvertible {
    /// The response status.
    public let status: HTTPResponseStatus
    /// The stable code.
    public let code: String
    /// The message, one line, without a trailing newline.
    public let message: String

    /// A request body that did not arrive within ``ServerLimits/bodyTimeout``: 408.
    public static let requestTimeoutCode = "REQUEST_TIMEOUT"
    /// A request with a body while ``ServerLimits/maxBodiesInFlight`` bodies are being received: 503.
    public static let tooManyBodiesCode = "TOO_MANY_BODIES"
    /// A connection over ``ServerLimits/maxConnections``: 503.
    public static let tooManyConnectionsCode = "TOO_MANY_CONNECTIONS"
    /// Bytes that are not an HTTP/1.1 request (the decoder failed): 400.
    public static let malformedRequestCode = "MALFORMED_REQUEST"

    init(_ status: HTTPResponseStatus, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// `CODE: message`.
    public var description: String { "\(code): \(message)" }

    /// How a server writes a refusal's body: its `Content-Type` and bytes, given the refused
    /// request's `Accept` field (nil when there is none, or no request head was read). Called on
    /// an event loop: it must not block.
    public typealias Renderer = @Sendable (_ refusal: ServerRefusal, _ accept: String?) -> (contentType: String, body: [UInt8])

    /// The default body: `CODE: message` and a newline, as `text/plain; charset=utf-8`.
    public static let text: Renderer = { refusal, _ in
        ("text/plain; charset=utf-8", Array((refusal.description + "\n").utf8))
    }
}
