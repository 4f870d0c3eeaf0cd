// specs/receipt-profile.md §Commitments and DESIGN.md §2: a commitment is a salted HMAC, never a
// bare hash, so a short request cannot be found by guessing; the salt holder can open one
// commitment to an auditor without revealing anything else.
internal import CryptoPrimitives

/// A salted commitment to the bytes of one field of an inference.
///
/// Under ``CommitmentScheme/hmacSHA256v1`` the value is
/// `HMAC-SHA256(key: salt, message: domain ‖ field ‖ 0x00 ‖ bytes)`, where `domain` is
/// `receiptlog/commitment/v1` and `field` the field name in UTF-8. The salt is 32 fresh random
/// bytes per field and stays with the issuer. Values are immutable and `Sendable`.
public struct Commitment: Hashable, Sendable {
    /// The scheme the value was computed under.
    public let scheme: CommitmentScheme
    /// The field the commitment binds.
    public let field: CommitmentField
    /// The 32-byte commitment value.
    public let value: [UInt8]

    /// The length of a commitment value in bytes.
    public static let valueCount = 32

    /// Creates a commitment from its parts, as read from a receipt; throws
    /// `badCommitmentLength` unless `value` is 32 bytes.
    public init(scheme: CommitmentScheme, field: CommitmentField, value: some Collection<UInt8>) throws(StatementsError) {
        guard value.count == Self.valueCount else {
            throw StatementsError(.badCommitmentLength, "a commitment is \(Self.valueCount) bytes, not \(value.count)")
        }
        self.scheme = scheme
        self.field = field
        self.value = Array(value)
    }

    /// Commits to `data` as `field` with a fresh salt from the system's secure generator.
    ///
    /// Returns the commitment and the salt; keep the salt private; it opens the commitment.
    public static func commit(
        to data: some Collection<UInt8>, field: CommitmentField, scheme: CommitmentScheme = .hmacSHA256v1
    ) -> (commitment: Commitment, salt: [UInt8]) {
        let salt = SecureRandom.bytes(scheme.saltCount)
        let value = HMACSHA256.authenticationCode(key: salt, message: message(scheme, field, data))
        return (Commitment(checked: scheme, field, value), salt)
    }

    /// Commits to `data` as `field` with a given salt; throws `badSaltLength` unless the salt
    /// has the scheme's length. For tests and for recomputing a known commitment.
    public static func commit(
        to data: some Collection<UInt8>, field: CommitmentField, salt: some Collection<UInt8>,
        scheme: CommitmentScheme = .hmacSHA256v1
    ) throws(StatementsError) -> Commitment {
        try checkSalt(salt, scheme)
        let value = HMACSHA256.authenticationCode(key: salt, message: message(scheme, field, data))
        return Commitment(checked: scheme, field, value)
    }

    /// Checks that `data` and `salt` open this commitment as `field`.
    ///
    /// Throws `wrongCommitmentField` when `field` is not the committed field, `badSaltLength`
    /// when the salt has the wrong length, and `commitmentMismatch` when the recomputed value
    /// differs. The value comparison takes the same time whichever byte differs.
    public func open(
        field: CommitmentField, salt: some Collection<UInt8>, data: some Collection<UInt8>
    ) throws(StatementsError) {
        guard field == self.field else {
            throw StatementsError(
                .wrongCommitmentField, "the commitment binds field \"\(self.field)\", not \"\(field)\"")
        }
        try Self.checkSalt(salt, scheme)
        guard HMACSHA256.isValid(value, key: salt, message: Self.message(scheme, field, data)) else {
            throw StatementsError(
                .commitmentMismatch, "the data and salt do not open the \"\(field)\" commitment")
        }
    }

    private init(checked scheme: CommitmentScheme, _ field: CommitmentField, _ value: [UInt8]) {
        precondition(value.count == Self.valueCount, "HMAC-SHA256 returned \(value.count) bytes")
        self.scheme = scheme
        self.field = field
        self.value = value
    }

    private static func checkSalt(_ salt: some Collection<UInt8>, _ scheme: CommitmentScheme) throws(StatementsError) {
        guard salt.count == scheme.saltCount else {
            throw StatementsError(
                .badSaltLength, "a \(scheme.name) salt is \(scheme.saltCount) bytes, not \(salt.count)")
        }
    }

    /// `domain ‖ field ‖ 0x00 ‖ data` (specs/receipt-profile.md §Commitments).
    private static func message(
        _ scheme: CommitmentScheme, _ field: CommitmentField, _ data: some Collection<UInt8>
    ) -> [UInt8] {
        var message = [UInt8]()
        message.reserveCapacity(scheme.domain.count + field.name.utf8.count + 1 + data.count)
        message += scheme.domain
        message += field.name.utf8
        message.append(0)
        message += data
        return message
    }
}
