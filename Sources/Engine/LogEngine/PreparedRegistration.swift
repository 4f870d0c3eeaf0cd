public import Merkle

/// A statement that passed the registration checks, ready to be sequenced.
public struct PreparedRegistration: Sendable {
    /// The bytes that enter the log.
    let leaf: [UInt8]
    /// Their RFC 6962 leaf hash.
    public let leafHash: Hash
    /// Where the log already holds the statement, when it does.
    let known: Sequenced?
}
