// specs/receipt-profile.md §AIR v1 output: the AIR v1 receipt that carries what AIR v1 can of an
// inference receipt. AIR's request_hash and response_hash receive the salted commitments to the
// request and response (never bare hashes, DESIGN.md §2); AIR has no claim for the parameters
// commitment, the environment evidence or the workload identity, so those are not carried.
import Merkle

extension InferenceReceiptClaims {
    /// The AIR v1 claims for these claims.
    ///
    /// Throws `badReceiptClaims` naming every claim AIR v1 requires that these claims lack
    /// (attestation_doc_hash, enclave_measurements, policy_version, sequence_number,
    /// execution_time_ms, memory_peak_mb, security_mode), and what ``validate()`` throws.
    public func airClaims() throws(StatementsError) -> AIRClaims {
        try validate()
        let missing = [
            ("attestation_doc_hash", attestationDocHash == nil), ("enclave_measurements", measurements == nil),
            ("policy_version", policyVersion == nil), ("sequence_number", sequenceNumber == nil),
            ("execution_time_ms", executionTimeMilliseconds == nil), ("memory_peak_mb", memoryPeakMegabytes == nil),
            ("security_mode", securityMode == nil),
        ].filter(\.1).map(\.0)
        guard missing.isEmpty,
            let attestationDocHash, let measurements, let policyVersion, let sequenceNumber,
            let executionTimeMilliseconds, let memoryPeakMegabytes, let securityMode,
            let request = commitment(for: .request), let response = commitment(for: .response)
        else {
            throw StatementsError(.badReceiptClaims, "AIR v1 output needs " + missing.joined(separator: ", "))
        }
        func hash(_ c: Commitment) -> Hash {
            Hash { out in c.value.withUnsafeBytes { out.copyMemory(from: $0.baseAddress!, byteCount: 32) } }
        }
        return AIRClaims(
            issuer: issuer, issuedAt: issuedAt, cwtID: cwtID, nonce: nonce, modelID: modelID,
            modelVersion: modelVersion, modelHash: modelHash, requestHash: hash(request), responseHash: hash(response),
            attestationDocHash: attestationDocHash, measurements: measurements, policyVersion: policyVersion,
            sequenceNumber: sequenceNumber, executionTimeMilliseconds: executionTimeMilliseconds,
            memoryPeakMegabytes: memoryPeakMegabytes, securityMode: securityMode, modelHashScheme: modelHashScheme.air)
    }
}
