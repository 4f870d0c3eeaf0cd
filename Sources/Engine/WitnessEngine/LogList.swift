// The logs a witness cosigns for: each origin with the verifier keys trusted to sign its
// checkpoints (c2sp.org/tlog-witness §Introduction: "Each witness is configured with a list of
// supported log public keys").
public import Notes
import PolicyText

/// The logs a witness accepts checkpoints from, by origin, each with its trusted log keys.
///
/// The text form, one line per key (specs/witness.md §Log list):
///
/// ```
/// # comment lines start with '#'; empty lines are ignored
/// example.com/log1 example.com/log1+8d6fb1a4+AXpK3Y0Zl1R7pBhrZx5bK1m3a2Y1+1XqZ4Q3cXh1d2Tz
/// ```
///
/// An origin may appear on several lines to trust several keys (a key rotation). Keys are
/// Ed25519 note keys (type 0x01): a checkpoint's log signature is an ordinary note signature.
public struct LogList: Sendable {
    /// The trusted keys of each log, by origin (compared as bytes); every origin has at least
    /// one key.
    public let keys: [LogOrigin: [VerifierKey]]

    /// The trusted keys of the log whose origin has exactly the bytes of `origin`, or nil.
    public func keys(for origin: String) -> [VerifierKey]? { keys[LogOrigin(origin)] }

    /// The largest log list file accepted, in bytes.
    public static let maxCount = 1 << 20

    /// Creates a log list from keys by origin.
    ///
    /// Throws ``WitnessEngineError/Code/malformedLogList`` for an origin with no keys, an origin
    /// that is empty or holds a space or a control character, a key that is not an Ed25519 note
    /// key, or two keys of one origin with the same name and key ID.
    public init(keys: [String: [VerifierKey]]) throws(WitnessEngineError) {
        try self.init(byOrigin: Dictionary(uniqueKeysWithValues: keys.map { (LogOrigin($0.key), $0.value) }))
    }

    /// Creates a log list from keys by origin bytes; throws as ``init(keys:)`` does.
    init(byOrigin keys: [LogOrigin: [VerifierKey]]) throws(WitnessEngineError) {
        for (origin, originKeys) in keys {
            try Self.validateOrigin(origin.description, line: nil)
            guard !originKeys.isEmpty else {
                throw WitnessEngineError(.malformedLogList, "the log \(origin) has no key")
            }
            var seen = Set<String>()
            for key in originKeys {
                guard key.type == .ed25519 else {
                    throw WitnessEngineError(
                        .malformedLogList, "the key \(key.name) of \(origin) is not an Ed25519 note key (type 0x01)")
                }
                guard seen.insert("\(key.name)+\(key.keyID)").inserted else {
                    throw WitnessEngineError(
                        .malformedLogList, "the log \(origin) lists two keys named \(key.name) with the same key ID")
                }
            }
        }
        self.keys = keys
    }

    /// Parses a log list file.
    ///
    /// Each line is a comment (starting with `#`), empty, or `<origin> <verifier key>` with one
    /// space between them; every line ends in a newline except that the last one may omit it.
    /// Lexed as every policy file is (`PolicyLines`). Throws
    /// ``WitnessEngineError/Code/malformedLogList`` above ``maxCount`` bytes, for invalid UTF-8,
    /// a carriage return or other control character, a tab outside a comment, a line of another
    /// shape, a verifier
    /// key that does not parse (c2sp.org/signed-note vkey encoding), a repeated key, or when no
    /// log is listed. Messages name the line.
    public init(parsing input: some Collection<UInt8>) throws(WitnessEngineError) {
        let lines: PolicyLines
        do {
            lines = try PolicyLines(input, limit: Self.maxCount, what: "the log list")
        } catch {
            throw WitnessEngineError(.malformedLogList, error.message)
        }
        var keys: [LogOrigin: [VerifierKey]] = [:]
        for line in lines {
            let number = line.number
            guard let value = line.value, !value.contains(" ") else {
                throw WitnessEngineError(.malformedLogList, "line \(number): expected '<origin> <verifier key>'")
            }
            let origin = String(line.keyword)
            try Self.validateOrigin(origin, line: number)
            let key: VerifierKey
            do {
                key = try VerifierKey(parsing: value)
            } catch {
                throw WitnessEngineError(.malformedLogList, "line \(number): bad verifier key: \(error.message)")
            }
            keys[LogOrigin(origin), default: []].append(key)
        }
        guard !keys.isEmpty else {
            throw WitnessEngineError(.malformedLogList, "the log list names no log")
        }
        try self.init(byOrigin: keys)
    }

    /// Refuses an origin the list format cannot carry: empty, or holding a space or a control
    /// character. A checkpoint's origin line never holds a control character either
    /// (c2sp.org/tlog-checkpoint), so every listed origin can match a checkpoint.
    static func validateOrigin(_ origin: String, line: Int?) throws(WitnessEngineError) {
        let at = line.map { "line \($0): " } ?? ""
        guard !origin.isEmpty else {
            throw WitnessEngineError(.malformedLogList, "\(at)an origin is never empty")
        }
        for scalar in origin.unicodeScalars where scalar == " " || scalar.properties.generalCategory == .control {
            throw WitnessEngineError(.malformedLogList, "\(at)an origin holds no space or control character")
        }
    }
}
