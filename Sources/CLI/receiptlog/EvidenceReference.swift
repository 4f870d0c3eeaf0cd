import CryptoPrimitives
import Evidence
import Merkle
import Statements

/// The env_evidence reference of an evidence or collateral statement (specs/evidence.md
/// §Evidence in the log): an evidence statement is referenced by the SHA-256 of its raw evidence,
/// a collateral statement by the SHA-256 of its payload.
enum EvidenceReference {
    /// The env_evidence kind of each platform's evidence.
    static let kinds = ["nitro": "nitro-attestation-document", "sev-snp": "sev-snp-report", "tdx": "tdx-quote"]

    /// The reference to the statement in `bytes` (read from `path`, named in errors).
    static func of(statement bytes: [UInt8], path: String) throws(CommandFailure) -> InferenceReceiptEvidence {
        let statement: SignedStatement
        do { statement = try SignedStatement(parsing: bytes) } catch {
            throw CommandFailure("\(path) is not a signed statement: \(error.message)")
        }
        switch statement.contentType {
        case .mediaType(EvidenceStatementPayload.contentType)?:
            let payload: EvidenceStatementPayload
            do { payload = try EvidenceStatementPayload(encoded: statement.payload) } catch {
                throw CommandFailure("\(path): \(error.message)")
            }
            return try reference(kind: kinds[payload.platform]!, mediaType: "application/octet-stream", bytes: payload.evidence)
        case .mediaType(CollateralStatementPayload.contentType)?:
            do { _ = try CollateralStatementPayload(encoded: statement.payload) } catch {
                throw CommandFailure("\(path): \(error.message)")
            }
            return try reference(
                kind: CollateralStatementPayload.referenceKind, mediaType: CollateralStatementPayload.contentType,
                bytes: statement.payload)
        default:
            throw CommandFailure(
                "\(path) is a statement of content type \(statement.contentType.map { "\($0)" } ?? "none"), not evidence or collateral (receiptlog evidence statement writes those)")
        }
    }

    private static func reference(kind: String, mediaType: String, bytes: [UInt8]) throws(CommandFailure) -> InferenceReceiptEvidence {
        do {
            return try InferenceReceiptEvidence(kind: kind, mediaType: mediaType, digest: try! Hash(bytes: SHA256.digest(bytes)))
        } catch {
            throw CommandFailure(error.message)
        }
    }
}
