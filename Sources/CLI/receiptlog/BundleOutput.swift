import LogAPI
import LogClient
import Merkle
import Notes
import Statements
import Verification

/// What `bundle` and `bundle refresh` share: reading the log's answers and writing the bundle.
enum BundleOutput {
    /// Writes `bundle` to the new file `path`, never replacing one, or to standard output.
    static func write(_ bundle: ReceiptBundle, to path: String?) throws(CommandFailure) {
        if let path {
            try InputFile.create(path, bytes: bundle.encoded, mode: 0o644, what: "bundle")
        } else {
            print(String(decoding: bundle.encoded, as: UTF8.self), terminator: "")
        }
    }

    /// The log's published checkpoint (`GET /checkpoint`: with witnesses, the newest one that
    /// met their quorum). With `key`, the log's signature and origin are verified; without, the
    /// note must still parse as a checkpoint.
    static func publishedCheckpoint(_ client: LogClient, key: VerifierKey?) async throws(LogClientError) -> (Note, Checkpoint) {
        if let key { return try await client.verifiedCheckpoint(key: key) }
        let bytes = try await client.checkpoint()
        do {
            let note = try Note(parsing: bytes)
            return (note, try Checkpoint(text: note.text))
        } catch {
            throw LogClientError(.malformedAnswer, "the log's checkpoint does not parse: \(error)")
        }
    }

    /// The tlog-proof of a JSON proof answer, which must be for `index`.
    static func tlogProof(_ answer: RegistrationJSON, index: UInt64) throws(LogClientError) -> TlogProof {
        let proof: TlogProof
        do {
            proof = try TlogProof(parsing: Array(answer.proof.utf8))
        } catch {
            throw LogClientError(.malformedAnswer, "the log's proof does not parse: \(error)")
        }
        guard proof.index == index, answer.index == index else {
            throw LogClientError(.verificationFailed, "the log sent a proof for index \(proof.index), not \(index)")
        }
        return proof
    }

    /// The COSE receipt of a JSON proof answer. It must be for the same index; with `key`, it
    /// must verify for the entry whose leaf hash is `leafHash` (RFC 9942 §5.2.1).
    static func coseReceipt(_ answer: RegistrationJSON, leafHash: Hash, key: VerifierKey?) throws(LogClientError) -> COSEReceipt {
        let receipt: COSEReceipt
        do {
            receipt = try COSEReceipt.parse(try Base64.decode(answer.receipt, maxCount: ReceiptBundle.maxCOSEReceiptCount))
        } catch {
            throw LogClientError(.malformedAnswer, "the log's COSE receipt does not parse: \(error)")
        }
        guard receipt.proof.leafIndex == answer.index else {
            throw LogClientError(
                .verificationFailed, "the log's COSE receipt is for index \(receipt.proof.leafIndex), not \(answer.index)")
        }
        if let key {
            do {
                try receipt.verify(leafHash: leafHash, key: key.publicKey)
            } catch {
                throw LogClientError(.verificationFailed, "the log's COSE receipt does not verify: \(error)")
            }
        }
        return receipt
    }
}
