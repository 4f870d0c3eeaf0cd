// specs/verify.md, "Verification", step 8: the inference event. Each commitment of the receipt
// gets a line; one opened with the holder's salt and data (specs/receipt-profile.md, §Commitments)
// is VERIFIED or FAILED, one not opened is NOT_CHECKED. AIR v1's request_hash and response_hash
// open as hmac-sha256-v1 commitments (what `receiptlog issue --air` writes) or as the bare
// SHA-256 of the data (what AIR v1 defines).
import CryptoPrimitives
import Statements

extension Verifier {
    /// Step 8: one line per commitment of the receipt, and per field asked to be opened.
    func commitments(_ claims: ReceiptClaims?, openings: [CommitmentField: VerificationInputs.Opening]) -> [ClaimCheck] {
        var committed = [(field: CommitmentField, commitment: Commitment, bareHash: Bool)]()
        switch claims {
        case .inference(let c):
            committed = c.commitments.map { ($0.field, $0, false) }
        case .air(let air):
            for (field, hash) in [(CommitmentField.request, air.requestHash), (.response, air.responseHash)] {
                guard let commitment = try? Commitment(scheme: .hmacSHA256v1, field: field, value: hash.bytes) else {
                    preconditionFailure("a hash is 32 bytes")
                }
                committed.append((field, commitment, true))
            }
        case nil, .other:
            let code: VerificationError.Code = if case .other = claims { .unknownReceiptProfile } else { .unauthenticatedClaims }
            return openings.keys.sorted().map { field in
                ClaimCheck(
                    layer: .commitment(field), verdict: .notChecked, required: true,
                    code: code.description,
                    reason: "the statement's claims were not read, so no commitment can be opened")
            }
        }
        var checks = [ClaimCheck]()
        for (field, commitment, bareHash) in committed.sorted(by: { $0.field < $1.field }) {
            let value = Hex.encode(commitment.value)
            guard let opening = openings[field] else {
                checks.append(
                    ClaimCheck(
                        layer: .commitment(field), verdict: .notChecked, required: false,
                        code: VerificationError.Code.notRequested.description,
                        reason: "not opened (\(commitment.scheme) commitment \(value))"))
                continue
            }
            do {
                try commitment.open(field: field, salt: opening.salt, data: opening.data)
                checks.append(
                    ClaimCheck(
                        layer: .commitment(field), verdict: .verified, required: true,
                        reason: "\(opening.data.count) bytes and the salt open the \(commitment.scheme) commitment \(value)"))
            } catch {
                if bareHash, SHA256.digest(opening.data) == commitment.value {
                    checks.append(
                        ClaimCheck(
                            layer: .commitment(field), verdict: .verified, required: true,
                            reason: "\(opening.data.count) bytes hash to the AIR v1 \(field)_hash \(value) (a bare SHA-256; the salt is not used)"))
                } else {
                    checks.append(
                        ClaimCheck(
                            layer: .commitment(field), verdict: .failed, required: true, code: error.code.description,
                            reason: error.message))
                }
            }
        }
        for field in openings.keys.sorted() where !committed.contains(where: { $0.field == field }) {
            checks.append(
                ClaimCheck(
                    layer: .commitment(field), verdict: .notChecked, required: true,
                    code: VerificationError.Code.noSuchCommitment.description,
                    reason: "the receipt has no commitment to \(field)"))
        }
        return checks
    }
}
