import Statements

/// Finds the commitment to one field in a statement file written by `receiptlog issue`.
enum StatementCommitment {
    /// The commitment to `field` in `bytes`: a signed statement carrying an inference receipt,
    /// or an AIR v1 receipt written by `issue --air`, whose `request_hash` and `response_hash`
    /// hold the `hmac-sha256-v1` commitments to the request and response.
    static func find(_ field: CommitmentField, in bytes: [UInt8], path: String) throws -> Commitment {
        if let statement = try? SignedStatement(parsing: bytes) {
            let claims = try InferenceReceiptClaims(statement: statement)
            guard let commitment = claims.commitment(for: field) else {
                throw CommandFailure("the receipt in \(path) has no \(field) commitment")
            }
            return commitment
        }
        guard let receipt = try? AIRReceipt(parsing: bytes) else {
            throw CommandFailure("\(path) is neither a signed statement nor an AIR v1 receipt")
        }
        let claims = try receipt.validateClaims()
        switch field {
        case .request: return try Commitment(scheme: .hmacSHA256v1, field: field, value: claims.requestHash.bytes)
        case .response: return try Commitment(scheme: .hmacSHA256v1, field: field, value: claims.responseHash.bytes)
        default: throw CommandFailure("an AIR v1 receipt commits only to the request and the response, not \(field)")
        }
    }
}
