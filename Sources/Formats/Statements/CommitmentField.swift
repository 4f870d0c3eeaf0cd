// specs/receipt-profile.md §Commitments: field names are 1…64 bytes of [a-z0-9_.-], so a field
// never contains the 0x00 byte that ends it in the committed message.

/// The name of the field a commitment binds: which part of the inference it commits to.
///
/// Valid names are 1…64 characters from `a`–`z`, `0`–`9`, `_`, `.` and `-`; the profile uses
/// ``request``, ``response`` and ``parameters``.
public struct CommitmentField: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The field name.
    public let name: String

    /// The longest field name, in bytes.
    public static let maxCount = 64

    /// The inference request (the prompt and any input the model saw).
    public static let request = CommitmentField(checked: "request")
    /// The inference response (the model output as returned).
    public static let response = CommitmentField(checked: "response")
    /// The inference parameters (sampling settings and similar).
    public static let parameters = CommitmentField(checked: "parameters")

    private init(checked name: String) { self.name = name }

    /// Creates a field from its name; throws `badCommitmentField` unless the name is 1…64
    /// characters of `[a-z0-9_.-]`.
    public init(_ name: some StringProtocol) throws(StatementsError) {
        let bytes = Array(name.utf8)
        guard (1...Self.maxCount).contains(bytes.count) else {
            throw StatementsError(.badCommitmentField, "a commitment field name is 1…64 characters, not \(bytes.count)")
        }
        for b in bytes {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"):
                continue
            default:
                throw StatementsError(
                    .badCommitmentField, "a commitment field name uses only a-z, 0-9, '_', '.' and '-'")
            }
        }
        self.name = String(name)
    }

    /// The field name.
    public var description: String { name }

    /// Orders fields by name, bytewise.
    public static func < (lhs: Self, rhs: Self) -> Bool { Array(lhs.name.utf8).lexicographicallyPrecedes(rhs.name.utf8) }
}
