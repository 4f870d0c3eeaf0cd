// The log's key, used for its checkpoints (c2sp.org/tlog-checkpoint) and its COSE receipts
// (RFC 9942).
import Merkle
public import Notes
import Statements

/// The log's signing key: an Ed25519 signed-note key whose name is the log's origin.
public struct LogSigner: Sendable {
    /// The private key.
    public let key: SignerKey

    /// The `kid` of the log's COSE receipts: the signed-note key ID, 4 bytes big-endian
    /// (specs/http-api.md, "Receipts").
    public var coseKeyID: [UInt8] { withUnsafeBytes(of: key.keyID.bigEndian) { Array($0) } }

    /// The matching verifier key.
    public var verifierKey: VerifierKey { key.verifierKey }

    /// Wraps `key`; throws ``LogEngineError/Code/badConfiguration`` unless it is an Ed25519 key
    /// named `origin` (c2sp.org/tlog-checkpoint: the key name is the origin).
    public init(key: SignerKey, origin: String) throws(LogEngineError) {
        guard key.name == origin else {
            throw LogEngineError(
                .badConfiguration, "the log key is named \"\(key.name)\", but the log's origin is \"\(origin)\"")
        }
        guard key.type == .ed25519 else {
            throw LogEngineError(.badConfiguration, "the log key must be an Ed25519 key")
        }
        self.key = key
    }

    /// Signs the checkpoint of the tree of `treeSize` leaves with root `rootHash`.
    func signTreeHead(treeSize: UInt64, rootHash: Hash) throws(LogEngineError) -> TreeHead {
        do {
            let checkpoint = try Checkpoint(origin: key.name, treeSize: treeSize, rootHash: rootHash)
            return TreeHead(note: try key.sign(checkpoint), checkpoint: checkpoint, signer: self)
        } catch {
            throw LogEngineError(.badConfiguration, "cannot sign a checkpoint: \(error.message)")
        }
    }
}
