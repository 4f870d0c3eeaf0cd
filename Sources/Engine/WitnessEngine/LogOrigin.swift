// A log's origin as the witness keys it: by its bytes. c2sp.org/signed-note and
// c2sp.org/tlog-checkpoint compare origins and key names byte for byte, while Swift's String
// compares and hashes by Unicode canonical equivalence: "\u{212A}" (KELVIN SIGN) and "K" are one
// String key but two origins. Keyed by String, a witness would look up one log's state under
// another's origin, and after a restart let an older row win.

/// A log's origin, compared and hashed by its UTF-8 bytes.
public struct LogOrigin: Hashable, Sendable, CustomStringConvertible {
    /// The origin's UTF-8 bytes, as they appear on the checkpoint's first line.
    public let utf8: [UInt8]

    /// The origin `text`, by its exact bytes.
    public init(_ text: String) {
        utf8 = Array(text.utf8)
    }

    /// The origin with the bytes `utf8`; nil unless they are UTF-8.
    public init?(utf8: [UInt8]) {
        guard String(validating: utf8, as: UTF8.self) != nil else { return nil }
        self.utf8 = utf8
    }

    /// The origin as text.
    public var description: String { String(decoding: utf8, as: UTF8.self) }
}
