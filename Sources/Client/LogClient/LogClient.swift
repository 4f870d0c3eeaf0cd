// The HTTP client of a log's API (specs/http-api.md), over AsyncHTTPClient.
public import AsyncHTTPClient
import Foundation
public import LogAPI
public import Merkle
public import NIOCore
public import NIOHTTP1

/// A client of one log. Safe to share between tasks.
public struct LogClient: Sendable {
    /// The log's base URL, without a trailing slash.
    public let baseURL: String
    /// The HTTP client.
    public let http: HTTPClient
    /// How long one request may take, from sending to the last byte of the answer; at most
    /// ``defaultConnectTimeout`` of it goes to connecting when ``http`` is ``defaultHTTP``.
    public var timeout: TimeAmount = Self.defaultTimeout
    /// What runs at ``baseURL``, for messages: `log` (the default) or `witness`.
    public var server = "log"

    /// The default of ``timeout``.
    public static let defaultTimeout: TimeAmount = .seconds(30)
    /// How long ``defaultHTTP`` waits for a connection to open.
    public static let defaultConnectTimeout: TimeAmount = .seconds(5)

    /// The HTTP client a LogClient uses unless given another: it connects within
    /// ``defaultConnectTimeout`` and fails at once when a connection cannot be opened (a refused
    /// connection, a name that does not resolve) instead of trying again until the request's
    /// deadline. It lives as long as the process.
    public static let defaultHTTP: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = defaultConnectTimeout
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// The largest response read: a full entry bundle is at most 256 × 65,537 bytes.
    public static let maxResponseBytes = 17 << 20

    /// A response: the status, the headers and the body.
    public struct Answer: Sendable {
        /// The HTTP status code.
        public let status: Int
        /// The response headers.
        public let headers: HTTPHeaders
        /// The body.
        public let body: [UInt8]

        /// The body as text, for messages.
        public var text: String { String(decoding: body, as: UTF8.self) }

        /// The log's error answer (specs/http-api.md, "Errors"), from either form it sends:
        /// `CODE: message` as text, or RFC 9290 Concise Problem Details whose detail is
        /// `CODE: message`; nil for any other body (one from a proxy, say).
        public var error: ErrorAnswer? { ErrorAnswer(contentType: headers.first(name: "Content-Type"), body: body) }

        /// The status and what the body says, for messages: `404 NOT_FOUND: …`, or the body's
        /// text when it is not an error answer of the log.
        public var statusText: String {
            "\(status) \(error?.description ?? text.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
    }

    /// A client of the log at `baseURL` (`http://` or `https://`); throws
    /// ``LogClientError/Code/badURL`` otherwise.
    public init(baseURL: String, http: HTTPClient = LogClient.defaultHTTP) throws(LogClientError) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            throw LogClientError(.badURL, "\(baseURL) is not an http:// or https:// URL")
        }
        self.baseURL = url
        self.http = http
    }

    /// Sends a request and returns the answer, whatever its status. A failure below HTTP throws
    /// ``LogClientError/Code/transport`` with a one-line message that names ``baseURL`` and says
    /// what happened: `cannot connect to URL: connection refused; is the log running?`,
    /// `no answer from URL within N s; …`.
    public func send(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, headers: [(String, String)] = []
    ) async throws(LogClientError) -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(body) }
        let (http, timeout, prepared) = (self.http, self.timeout, request)
        do {
            // AsyncHTTPClient's deadline ends with the response head; the body gets the rest of
            // the same time here, so that a server that stalls mid-answer fails like one that
            // never answers (the exchange is cancelled when the time is up).
            return try await withThrowingTaskGroup(of: Answer?.self) { group in
                group.addTask {
                    let response = try await http.execute(prepared, timeout: timeout)
                    let buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
                    return Answer(status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
                }
                group.addTask {
                    try await Task.sleep(for: .nanoseconds(timeout.nanoseconds))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let answer = first else { throw HTTPClientError.deadlineExceeded }
                return answer
            }
        } catch {
            throw LogClientError.transport(
                error, url: baseURL, server: server, connectTimeout: Self.defaultConnectTimeout, timeout: timeout)
        }
    }

    /// GETs `path` and returns the body; throws ``LogClientError/Code/status`` unless the status
    /// is 200.
    public func get(_ path: String, headers: [(String, String)] = []) async throws(LogClientError) -> [UInt8] {
        let answer = try await send(.GET, path, headers: headers)
        guard answer.status == 200 else {
            throw LogClientError(.status, "GET \(path): \(answer.statusText)")
        }
        return answer.body
    }

    /// The latest checkpoint note, unverified.
    public func checkpoint() async throws(LogClientError) -> [UInt8] { try await get("/checkpoint") }

    /// A hash tile or entry bundle, unverified.
    public func tile(_ path: TilePath) async throws(LogClientError) -> [UInt8] { try await get("/" + path.path) }

    /// The entry at `index`, as stored.
    public func entry(_ index: UInt64) async throws(LogClientError) -> [UInt8] { try await get("/entries/\(index)") }

    /// Registers a statement; returns the JSON answer. Throws ``LogClientError/Code/status``
    /// with the log's message unless the log answers 201.
    public func submit(_ statement: [UInt8]) async throws(LogClientError) -> RegistrationJSON {
        let answer = try await send(
            .POST, "/entries", body: statement,
            headers: [("Content-Type", "application/cose"), ("Accept", "application/json")])
        guard answer.status == 201 else {
            throw LogClientError(.status, "POST /entries: \(answer.statusText)")
        }
        return try decode(answer.body)
    }

    /// The proof of entry `index` against the checkpoint of `treeSize` (the latest when nil).
    public func proof(index: UInt64, treeSize: UInt64? = nil) async throws(LogClientError) -> RegistrationJSON {
        let query = treeSize.map { "?tree_size=\($0)" } ?? ""
        return try decode(try await get("/entries/\(index)/proof\(query)", headers: [("Accept", "application/json")]))
    }

    /// The index of the entry whose RFC 6962 leaf hash is `leafHash` (`GET /lookup/<hex>`).
    public func lookup(leafHash: Hash) async throws(LogClientError) -> UInt64 {
        let body = try await get("/lookup/\(leafHash.hex)")
        guard let answer = try? LookupJSON(decoding: body), answer.leafHash == leafHash.hex else {
            throw LogClientError(.malformedAnswer, "the log's lookup answer does not parse or is for another leaf hash")
        }
        return answer.index
    }

    /// The first checkpoint with a witness quorum that covers entry `index`
    /// (`GET /entries/<index>/witnessed`), as the log stores it. Not verified here.
    public func firstWitnessedCheckpoint(covering index: UInt64) async throws(LogClientError) -> [UInt8] {
        try await get("/entries/\(index)/witnessed")
    }

    private func decode(_ body: [UInt8]) throws(LogClientError) -> RegistrationJSON {
        do {
            return try RegistrationJSON(decoding: body)
        } catch {
            throw LogClientError(.malformedAnswer, "the log's JSON answer does not parse: \(LogClientError.message(of: error))")
        }
    }
}
