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

    /// The log's published checkpoint once its tree holds entry `index` (specs/verify.md,
    /// "Waiting for the published tree"). Without `waiting` the checkpoint is fetched once; with
    /// it, it is fetched again after 0.25 s, 0.5 s, 1 s, 2 s, then every 4 s (never past the
    /// deadline) until its tree holds the entry or `waiting` has passed. A log that has no
    /// published checkpoint yet (503 `NO_QUORUM`, failing closed) is waited for the same way.
    ///
    /// Throws a ``CommandFailure`` that says why the entry is not published and how to wait for
    /// it, at once when the log does not hold entry `index` at all (its `GET /entries/N` is 404),
    /// and the client's errors for anything else.
    static func publishedCheckpoint(covering index: UInt64, _ client: LogClient, key: VerifierKey?, waiting: Duration?) async throws
        -> (Note, Checkpoint)
    {
        let clock = ContinuousClock()
        let deadline = clock.now + (waiting ?? .zero)
        var delay = Duration.milliseconds(250)
        var checkedEntry = false
        while true {
            let published = try await publishedCheckpointIfAny(client, key: key)
            if let published, index < published.1.treeSize { return published }
            if !checkedEntry {
                // Waiting is for the witnesses; an entry the log does not hold never gets published.
                let answer = try await client.send(.GET, "/entries/\(index)")
                if answer.status == 404 {
                    throw CommandFailure(
                        "the log holds no entry \(index): its latest signed tree is smaller (\(answer.statusText)); check the index")
                }
                checkedEntry = true
            }
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else {
                throw CommandFailure(notPublished(index, published: published, waited: waiting))
            }
            try await clock.sleep(for: min(delay, remaining))
            delay = min(delay * 2, .seconds(4))
        }
    }

    /// Why entry `index` is not in the published tree, and what to do.
    private static func notPublished(_ index: UInt64, published: (Note, Checkpoint)?, waited: Duration?) -> String {
        let rule = "the log publishes a checkpoint once its witness quorum (k of its witnesses) has cosigned it"
        let tree: String
        if let (note, checkpoint) = published {
            // Every signature line but the log's own is a cosignature (verified only with a trust policy).
            let cosignatures = max(0, note.signatures.count - 1)
            tree = "the published tree of size \(checkpoint.treeSize) (its checkpoint carries \(cosignatures) cosignature\(cosignatures == 1 ? "" : "s"))"
        } else {
            tree = "a published tree: no checkpoint of the log has reached its witness quorum yet"
        }
        guard let waited, waited > .zero else {
            return "entry \(index) is not yet in \(tree): \(rule); wait for it with --wait 30"
        }
        let seconds = waited.seconds.rounded() == waited.seconds ? String(Int64(waited.seconds)) : String(waited.seconds)
        return "entry \(index) is still not in \(tree) after waiting \(seconds) s: \(rule); "
            + "the log's status page (GET / with Accept: text/html) shows each witness's last error"
    }

    /// ``publishedCheckpoint(_:key:)``, or nil while the log fails closed before any checkpoint
    /// has a witness quorum (`GET /checkpoint` answers 503 `NO_QUORUM`).
    private static func publishedCheckpointIfAny(_ client: LogClient, key: VerifierKey?) async throws(LogClientError) -> (Note, Checkpoint)? {
        do {
            return try await publishedCheckpoint(client, key: key)
        } catch let error where error.code == .status {
            // Which status it was: the error's message is for people, the answer says it exactly.
            let answer = try await client.send(.GET, "/checkpoint")
            if answer.status == 503, answer.error?.code == "NO_QUORUM" { return nil }
            throw error
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
