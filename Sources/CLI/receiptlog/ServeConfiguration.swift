// `receiptlog serve`'s settings: flags, or a JSON config file with the same keys (flags win).
//
//     {"data": "demo/data", "listen": "127.0.0.1:8080", "origin": "localhost/demo",
//      "issuers": "demo/issuers.txt", "batch_max_count": 1024, "batch_max_age_ms": 5,
//      "pending_limit": 16384, "witnesses": "witnesses.txt", "witness_fail_open": false}
import Foundation

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
            throw CommandFailure("config file \(path) is not valid: \(error)")
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
}
