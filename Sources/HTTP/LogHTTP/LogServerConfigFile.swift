// The JSON config file of a log server (specs/http-api.md, "Running a log"): the settings of
// ``LogServerConfiguration`` that a file may give; a command's flags override them.
//
//     {"data": "demo/data", "listen": "127.0.0.1:8080", "origin": "localhost/demo",
//      "issuers": "demo/issuers.txt", "batch_max_count": 1024, "batch_max_age_ms": 5,
//      "pending_limit": 16384, "witnesses": "witnesses.txt", "witness_fail_open": false}
import Foundation

/// A log server's config file: every key optional, unknown keys an error.
public struct LogServerConfigFile: Decodable, Sendable {
    /// The data directory.
    public var data: String?
    /// `HOST:PORT` to listen on.
    public var listen: String?
    /// The log's origin.
    public var origin: String?
    /// The issuer list file.
    public var issuers: String?
    /// The most registrations in one batch.
    public var batchMaxCount: Int?
    /// How long, in milliseconds, a batch waits to fill.
    public var batchMaxAgeMs: Int?
    /// The most registrations waiting at once.
    public var pendingLimit: Int?
    /// The witness policy file.
    public var witnesses: String?
    /// Publish without the witness quorum.
    public var witnessFailOpen: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case data, listen, origin, issuers
        case batchMaxCount = "batch_max_count"
        case batchMaxAgeMs = "batch_max_age_ms"
        case pendingLimit = "pending_limit"
        case witnesses
        case witnessFailOpen = "witness_fail_open"
    }

    /// The longest config file read.
    public static let maximumFileSize = 1 << 16

    /// An empty file: every setting left to the flags or the defaults.
    public init() {}

    /// Reads a config file. Throws ``LogServerError/Code/badInput`` when it cannot be read, is
    /// longer than ``maximumFileSize``, is not a JSON object, has a key of the wrong type, or has
    /// an unknown key (so a misspelt key is never ignored).
    public static func read(_ path: String) throws(LogServerError) -> LogServerConfigFile {
        let bytes = try ServerInput.read(path, limit: maximumFileSize, what: "config file")
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw LogServerError(.badInput, "config file \(path) is not valid: it is not JSON", underlying: error)
        }
        guard let keys = (object as? [String: Any])?.keys else {
            throw LogServerError(.badInput, "config file \(path) is not a JSON object")
        }
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = keys.first(where: { !known.contains($0) }) {
            throw LogServerError(.badInput, "config file \(path) has an unknown key \"\(unknown)\"")
        }
        do {
            return try JSONDecoder().decode(LogServerConfigFile.self, from: Data(bytes))
        } catch {
            throw LogServerError(.badInput, "config file \(path) is not valid: \(Self.reason(error))", underlying: error)
        }
    }

    /// What is wrong with a config file, in words: which key has the wrong type.
    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        case DecodingError.keyNotFound(let key, _): "\"\(key.stringValue)\" is missing"
        default: "it is not JSON"
        }
    }
}
