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

    /// Posts `body` to `url + "/add-checkpoint"`. The whole exchange — connecting, sending,
    /// the response head and the whole response body — must finish within `timeout`, else this
    /// throws `HTTPClientError.deadlineExceeded` and the request is cancelled: a witness that
    /// answers its head and then trickles its body cannot hold a witnessing round.
    public func addCheckpoint(url: String, body: [UInt8], timeout: Duration) async throws -> WitnessAnswer {
        let deadline = ContinuousClock.now + timeout
        return try await withThrowingTaskGroup(of: WitnessAnswer.self) { group in
            group.addTask { try await exchange(url: url, body: body, timeout: timeout) }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                throw HTTPClientError.deadlineExceeded
            }
            // The first to finish wins; cancelling the other cancels the request or the timer.
            defer { group.cancelAll() }
            guard let answer = try await group.next() else { throw HTTPClientError.deadlineExceeded }
            return answer
        }
    }

    private func exchange(url: String, body: [UInt8], timeout: Duration) async throws -> WitnessAnswer {
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
