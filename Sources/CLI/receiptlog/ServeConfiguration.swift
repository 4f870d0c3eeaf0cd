// `receiptlog serve`'s settings: flags, or a JSON config file with the same keys (flags win).
//
//     {"data": "demo/data", "listen": "127.0.0.1:8080", "origin": "localhost/demo",
//      "issuers": "demo/issuers.txt", "batch_max_count": 1024, "batch_max_age_ms": 5,
//      "pending_limit": 16384, "witnesses": "witnesses.txt", "witness_fail_open": false}
import Foundation
import NIOCore
import NIOPosix

/// The config file of `receiptlog serve` (specs/http-api.md, "Running a log").
struct ServeConfiguration: Decodable {
    var data: String?
    var listen: String?
    var origin: String?
    var issuers: String?
    var batchMaxCount: Int?
    var batchMaxAgeMs: Int?
    var pendingLimit: Int?
    var witnesses: String?
    var witnessFailOpen: Bool?

    enum CodingKeys: String, CodingKey {
        case data, listen, origin, issuers
        case batchMaxCount = "batch_max_count"
        case batchMaxAgeMs = "batch_max_age_ms"
        case pendingLimit = "pending_limit"
        case witnesses
        case witnessFailOpen = "witness_fail_open"
    }

    /// Reads a config file; unknown keys are an error, so a misspelt key is never ignored.
    static func read(_ path: String) throws(CommandFailure) -> ServeConfiguration {
        let bytes = try InputFile.read(path, limit: 1 << 16, what: "config file")
        do {
            let object = try JSONSerialization.jsonObject(with: Data(bytes))
            guard let keys = (object as? [String: Any])?.keys else {
                throw CommandFailure("config file \(path) is not a JSON object")
            }
            let known = Set([
                "data", "listen", "origin", "issuers", "batch_max_count", "batch_max_age_ms", "pending_limit", "witnesses",
                "witness_fail_open",
            ])
            if let unknown = keys.first(where: { !known.contains($0) }) {
                throw CommandFailure("config file \(path) has an unknown key \"\(unknown)\"")
            }
            return try JSONDecoder().decode(ServeConfiguration.self, from: Data(bytes))
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("config file \(path) is not valid: \(Self.reason(error))")
        }
    }

    /// What is wrong with a config file, in words: which key has the wrong type.
    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        case DecodingError.keyNotFound(let key, _): "\"\(key.stringValue)\" is missing"
        case DecodingError.dataCorrupted: "it is not JSON"
        default: "it is not JSON"
        }
    }

    /// Splits `HOST:PORT` (the host may be a bracketed IPv6 address).
    static func hostAndPort(_ listen: String) throws(CommandFailure) -> (String, Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw CommandFailure("--listen takes HOST:PORT, not \(listen)")
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw CommandFailure("--listen takes HOST:PORT, not \(listen)") }
        return (host, port)
    }

    /// Checks that HOST:PORT can be listened on, by binding it (as the server does, with
    /// SO_REUSEADDR) and closing it again, so that `serve` and `witness serve` fail before they
    /// create a data directory or a key. Throws the failure ``listenFailure(_:host:port:)`` names.
    static func checkListen(host: String, port: Int) async throws(CommandFailure) {
        do {
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port).get()
            try? await channel.close()
        } catch {
            throw listenFailure(error, host: host, port: port)
        }
    }

    /// The one-line failure for a server that cannot listen on HOST:PORT because of `error`:
    /// `cannot listen on 127.0.0.1:8080: address already in use; is another server running there? choose another --listen`.
    static func listenFailure(_ error: any Error, host: String, port: Int) -> CommandFailure {
        let address = "\(host.contains(":") ? "[\(host)]" : host):\(port)"
        let reason: String
        switch error {
        case let error as IOError:
            switch error.errnoCode {
            case EADDRINUSE: reason = "address already in use; is another server running there?"
            case EADDRNOTAVAIL: reason = "the address is not one of this machine's"
            case EACCES: reason = "permission denied (ports below 1024 need privileges)"
            default: reason = String(cString: strerror(error.errnoCode)).lowercased()
            }
        case is SocketAddressError, is SocketAddressError.UnknownHost:
            reason = "the host \(host) does not resolve to an address"
        default:
            reason = String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
        }
        return CommandFailure("cannot listen on \(address): \(reason)\(reason.hasSuffix("?") ? " " : "; ")choose another --listen")
    }

    /// `error` as thrown by a server's run, with a listening failure (the port taken between
    /// ``checkListen(host:port:)`` and the server's own bind) named as that check names it.
    static func serverFailure(_ error: any Error, host: String, port: Int) -> any Error {
        if let error = error as? IOError, [EADDRINUSE, EADDRNOTAVAIL, EACCES].contains(error.errnoCode) {
            return listenFailure(error, host: host, port: port)
        }
        return error
    }
}
