// Fetching receipt bundles from a log (specs/verify.md, "Writing and refreshing a bundle"): the
// published checkpoint, the entry and its proof against it, each checked before a bundle is made.
import LogAPI
import Merkle
import NIOHTTP1
public import Notes
import Statements
public import Verification

/// Makes receipt bundles from a log's answers, checking every answer before it goes into a
/// bundle: ``bundle(index:waiting:)`` and ``bundle(statement:waiting:)`` fetch one against the
/// log's published (witnessed) checkpoint, ``addingEvidence(statements:to:)`` makes it a v2
/// bundle with the evidence entries the receipt references, ``refresh(_:)`` moves a bundle to the
/// log's newer published checkpoint, and ``bundle(answer:statement:key:)`` builds one from
/// `submit`'s answer without the network.
///
/// With ``key`` the log's signature and origin are verified on every checkpoint; without it
/// (nil), nothing authenticates the checkpoints, and the caller must say so.
///
/// Errors are ``LogClientError``s: the client's own, ``LogClientError/Code/notFound`` (no such
/// entry or statement), ``LogClientError/Code/notPublished`` (not yet in the tree needed),
/// ``LogClientError/Code/inconsistent`` (a refresh the log's tree does not allow) and
/// ``LogClientError/Code/verificationFailed`` (an answer that does not verify).
public struct BundleFetcher: Sendable {
    /// The log.
    public let client: LogClient
    /// The log's verifier key, or nil to fetch without authenticating the checkpoints.
    public let key: VerifierKey?
    /// The clock the waits for the published tree run on.
    public let clock: any Clock<Duration>

    /// A fetcher from the log of `client`, checking its checkpoints with `key` (nil: unverified),
    /// waiting on `clock`.
    public init(client: LogClient, key: VerifierKey?, clock: any Clock<Duration> = ContinuousClock()) {
        self.client = client
        self.key = key
        self.clock = clock
    }

    /// The receipt bundle of entry `index` against the log's published checkpoint, waiting up to
    /// `waiting` for the published tree to hold it (``publishedCheckpoint(covering:waiting:)``).
    /// The inclusion path must lead from the entry to the published checkpoint's root, and with
    /// ``key`` the COSE receipt must verify, before the bundle is returned.
    public func bundle(index: UInt64, waiting: Duration? = nil) async throws(LogClientError) -> ReceiptBundle {
        let (note, checkpoint) = try await publishedCheckpoint(covering: index, waiting: waiting)
        let entry = try await client.entry(index)
        let answer = try await client.proof(index: index, treeSize: checkpoint.treeSize)
        let proof = try Self.tlogProof(answer, index: index)
        guard proof.checkpoint.treeSize == checkpoint.treeSize, proof.checkpoint.rootHash == checkpoint.rootHash else {
            throw LogClientError(
                .verificationFailed,
                "the log's proof leads to a tree of size \(proof.checkpoint.treeSize) that is not its published checkpoint of size \(checkpoint.treeSize)")
        }
        // The path must lead from the entry to the published checkpoint's root before anything is made.
        let published: TlogProof
        do {
            published = try TlogProof(index: index, inclusionProof: proof.inclusionProof, note: note)
        } catch {
            throw LogClientError(.malformedAnswer, "the log's proof does not fit its published checkpoint: \(error.message)", underlying: error)
        }
        try LogClient.verify(proof: published, entry: entry, key: key)
        let receipt = try Self.coseReceipt(answer, leafHash: Hash.leaf(entry), key: key)
        return try Self.assemble { () throws(VerificationError) in
            try ReceiptBundle(statement: entry, proof: published, coseReceipt: receipt)
        }
    }

    /// The receipt bundle of the log entry `statement` (a signed statement's leaf form, the exact
    /// entry bytes), found by its leaf hash (``index(of:)``); see ``bundle(index:waiting:)``.
    public func bundle(statement: [UInt8], waiting: Duration? = nil) async throws(LogClientError) -> ReceiptBundle {
        let bundle = try await self.bundle(index: try await index(of: statement), waiting: waiting)
        guard bundle.statement == statement else {
            throw LogClientError(.verificationFailed, "the log's entry \(bundle.index) is not the statement it looked up")
        }
        return bundle
    }

    /// The index of the log entry `statement` (`GET /lookup/<leaf hash>`); throws
    /// ``LogClientError/Code/notFound`` when the log does not hold it.
    public func index(of statement: [UInt8]) async throws(LogClientError) -> UInt64 {
        do {
            return try await client.lookup(leafHash: Hash.leaf(statement))
        } catch where error.code == .status {
            throw LogClientError(.notFound, "the statement with leaf hash \(Hash.leaf(statement)) is not in the log (\(error.message))", underlying: error)
        }
    }

    /// The log's published checkpoint (`GET /checkpoint`: with witnesses, the newest one that
    /// met their quorum). With ``key``, the log's signature and origin are verified; without, the
    /// note must still parse as a checkpoint.
    public func publishedCheckpoint() async throws(LogClientError) -> (note: Note, checkpoint: Checkpoint) {
        if let key { return try await client.verifiedCheckpoint(key: key) }
        let bytes = try await client.checkpoint()
        do {
            let note = try Note(parsing: bytes)
            return (note, try Checkpoint(text: note.text))
        } catch {
            throw LogClientError(.malformedAnswer, "the log's checkpoint does not parse: \(LogClientError.message(of: error))", underlying: error)
        }
    }

    /// The log's published checkpoint once its tree holds entry `index` (specs/verify.md,
    /// "Waiting for the published tree"). Without `waiting` the checkpoint is fetched once; with
    /// it, it is fetched again after 0.25 s, 0.5 s, 1 s, 2 s, then every 4 s on ``clock`` (never
    /// past the deadline) until its tree holds the entry or `waiting` has passed. A log that has
    /// no published checkpoint yet (503 `NO_QUORUM`, failing closed) is waited for the same way.
    ///
    /// Throws ``LogClientError/Code/notFound`` at once when the log does not hold entry `index`
    /// at all (its `GET /entries/N` is 404), ``LogClientError/Code/notPublished`` when the time is
    /// up (saying why: no checkpoint has met the witness quorum yet, or the published tree is
    /// smaller, with how many cosignatures its checkpoint carries), and the client's errors for
    /// anything else.
    public func publishedCheckpoint(covering index: UInt64, waiting: Duration? = nil) async throws(LogClientError)
        -> (note: Note, checkpoint: Checkpoint)
    {
        try await publishedCheckpoint(covering: index, waiting: waiting, on: clock)
    }

    /// ``publishedCheckpoint(covering:waiting:)`` on `clock`, opened to its type.
    private func publishedCheckpoint<C: Clock<Duration>>(covering index: UInt64, waiting: Duration?, on clock: C)
        async throws(LogClientError) -> (note: Note, checkpoint: Checkpoint)
    {
        let deadline = clock.now.advanced(by: max(waiting ?? .zero, .zero))
        var delay = Duration.milliseconds(250)
        var checkedEntry = false
        while true {
            let published = try await publishedCheckpointIfAny()
            if let published, index < published.checkpoint.treeSize { return published }
            if !checkedEntry {
                // Waiting is for the witnesses; an entry the log does not hold never gets published.
                let answer = try await client.send(.GET, "/entries/\(index)")
                if answer.status == 404 {
                    throw LogClientError(
                        .notFound, "the log holds no entry \(index): its latest signed tree is smaller (\(answer.statusText)); check the index")
                }
                checkedEntry = true
            }
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else {
                throw LogClientError(.notPublished, Self.notPublished(index, published: published, waited: waiting))
            }
            do {
                try await clock.sleep(for: min(delay, remaining))
            } catch {
                throw LogClientError(
                    .transport, "waiting for \(client.baseURL) to publish entry \(index) was cancelled", underlying: error)
            }
            delay = min(delay * 2, .seconds(4))
        }
    }

    /// Why entry `index` is not in the published tree, and what to do.
    private static func notPublished(_ index: UInt64, published: (note: Note, checkpoint: Checkpoint)?, waited: Duration?) -> String {
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
            return "entry \(index) is not yet in \(tree): \(rule)"
        }
        let (whole, attoseconds) = waited.components
        let seconds = attoseconds == 0 ? String(whole) : String(Double(whole) + Double(attoseconds) / 1e18)
        return "entry \(index) is still not in \(tree) after waiting \(seconds) s: \(rule); "
            + "the log's status page (GET / with Accept: text/html) shows each witness's last error"
    }

    /// ``publishedCheckpoint()``, or nil while the log fails closed before any checkpoint has a
    /// witness quorum (`GET /checkpoint` answers 503 `NO_QUORUM`).
    private func publishedCheckpointIfAny() async throws(LogClientError) -> (note: Note, checkpoint: Checkpoint)? {
        do {
            return try await publishedCheckpoint()
        } catch where error.code == .status {
            // Which status it was: the error's message is for people, the answer says it exactly.
            let answer = try await client.send(.GET, "/checkpoint")
            if answer.status == 503, answer.error?.code == "NO_QUORUM" { return nil }
            throw error
        }
    }

    /// Runs `make`, a bundle constructor, turning its format errors into
    /// ``LogClientError/Code/malformedAnswer``: the log's answers do not make a bundle.
    static func assemble<T>(_ make: () throws(VerificationError) -> T) throws(LogClientError) -> T {
        do {
            return try make()
        } catch {
            throw LogClientError(.malformedAnswer, error.message, underlying: error)
        }
    }
}
