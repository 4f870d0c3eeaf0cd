public import Statements
import CryptoPrimitives
import Evidence
import Merkle

/// The env_evidence reference of an evidence or collateral statement (specs/evidence.md
/// §Evidence in the log): an evidence statement is referenced by the SHA-256 of its raw evidence,
/// a collateral statement by the SHA-256 of its payload.
public enum EvidenceReference {
    /// The env_evidence kind of each platform's evidence.
    public static let kinds = ["nitro": "nitro-attestation-document", "sev-snp": "sev-snp-report", "tdx": "tdx-quote"]

    /// The largest evidence or collateral statement read from a file, in bytes.
    public static let maxStatementCount = 1 << 20

    /// The reference to the statement in `bytes` (read from `path`, which names it in messages).
    ///
    /// Throws `BAD_EVIDENCE_STATEMENT` when the bytes are not a signed statement, its payload is
    /// not a valid evidence or collateral payload, or its content type is neither.
    public static func of(statement bytes: [UInt8], path: String) throws(IssuanceError) -> InferenceReceiptEvidence {
        let statement: SignedStatement
        do { statement = try SignedStatement(parsing: bytes) } catch {
            throw IssuanceError(.badEvidenceStatement, "\(path) is not a signed statement: \(error.message)", underlying: error)
        }
        switch statement.contentType {
        case .mediaType(EvidenceStatementPayload.contentType)?:
            let payload: EvidenceStatementPayload
            do { payload = try EvidenceStatementPayload(encoded: statement.payload) } catch {
                throw IssuanceError(.badEvidenceStatement, "\(path): \(error.message)", underlying: error)
            }
            return try reference(kind: kinds[payload.platform]!, mediaType: "application/octet-stream", bytes: payload.evidence)
        case .mediaType(CollateralStatementPayload.contentType)?:
            do { _ = try CollateralStatementPayload(encoded: statement.payload) } catch {
                throw IssuanceError(.badEvidenceStatement, "\(path): \(error.message)", underlying: error)
            }
            return try reference(
                kind: CollateralStatementPayload.referenceKind, mediaType: CollateralStatementPayload.contentType,
                bytes: statement.payload)
        default:
            throw IssuanceError(
                .badEvidenceStatement,
                "\(path) is a statement of content type \(statement.contentType.map { "\($0)" } ?? "none"), not evidence or collateral (receiptlog evidence statement writes those)")
        }
    }

    private static func reference(kind: String, mediaType: String, bytes: [UInt8]) throws(IssuanceError) -> InferenceReceiptEvidence {
        do {
            return try InferenceReceiptEvidence(kind: kind, mediaType: mediaType, digest: try! Hash(bytes: SHA256.digest(bytes)))
        } catch {
            throw IssuanceError(.badEvidenceStatement, error.message, underlying: error)
        }
    }
}
