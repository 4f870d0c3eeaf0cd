// The log's outbound HTTP to its witnesses (c2sp.org/tlog-witness §add-checkpoint).
public import AsyncHTTPClient
public import LogEngine
import NIOCore
import NIOHTTP1

/// Sends add-checkpoint requests over HTTP with AsyncHTTPClient.
public struct HTTPWitnessTransport: WitnessTransport {
    private let http: HTTPClient

    /// A transport over `http` (the shared client by default).
    public init(http: HTTPClient = .shared) {
        self.http = http
    }

    public func addCheckpoint(url: String, body: [UInt8], timeout: Duration) async throws -> WitnessAnswer {
        var request = HTTPClientRequest(url: url + "/add-checkpoint")
        request.method = .POST
        request.body = .bytes(body)
        let response = try await http.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
        // A cosignature answer is a few lines; a witness that sends more is not one.
        let answer = try await response.body.collect(upTo: 1 << 16)
        return WitnessAnswer(
            status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
            body: Array(answer.readableBytesView))
    }
}
