// specs/receipt-profile.md §Commitments: the scheme is named by the name carried with every
// commitment; a name this implementation does not know is refused (fail closed).

/// A commitment scheme: how a commitment value is computed from a salt, a field name and bytes.
///
/// Only the schemes in ``all`` exist; ``init(name:)`` refuses any other name, so a commitment can
/// never be checked under a scheme its verifier does not implement.
public struct CommitmentScheme: Hashable, Sendable, CustomStringConvertible {
    /// The scheme's name, as carried with every commitment (for example `hmac-sha256-v1`).
    public let name: String
    /// The fixed domain-separation string that starts every committed message.
    public let domain: [UInt8]
    /// The exact salt length in bytes.
    public let saltCount: Int

    private init(name: String, domain: String, saltCount: Int) {
        self.name = name
        self.domain = Array(domain.utf8)
        self.saltCount = saltCount
    }

    /// `hmac-sha256-v1`: `HMAC-SHA256(salt, "receiptlog/commitment/v1" ‖ field ‖ 0x00 ‖ bytes)`
    /// with a fresh 32-byte salt per field.
    public static let hmacSHA256v1 = CommitmentScheme(
        name: "hmac-sha256-v1", domain: "receiptlog/commitment/v1", saltCount: 32)

    /// Every scheme this implementation knows.
    public static let all: [CommitmentScheme] = [.hmacSHA256v1]

    /// Looks a scheme up by its name; throws `unknownCommitmentScheme` for any other name.
    public init(name: some StringProtocol) throws(StatementsError) {
        guard let scheme = Self.all.first(where: { $0.name == name }) else {
            let shown = name.count <= 64 ? String(name) : String(name.prefix(64)) + "…"
            throw StatementsError(
                .unknownCommitmentScheme, "unknown commitment scheme \"\(shown)\" (known: "
                    + Self.all.map(\.name).joined(separator: ", ") + ")")
        }
        self = scheme
    }

    /// The scheme's name.
    public var description: String { name }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
