import AsyncHTTPClient
import CryptoPrimitives
import Foundation
import LogAPI
import LogClient
import Merkle
import Notes
import Statements

/// A data directory and an issuer list with one known issuer, for running `receiptlog serve`.
struct TestLogDirectory {
    static let issuerName = "issuer.example/crash"
    let origin: String
    let directory: TemporaryDirectory
    let issuer = Ed25519PrivateKey()

    init(origin: String) throws {
        self.origin = origin
        directory = try TemporaryDirectory("log")
        let key = try IssuerKey(name: Self.issuerName, publicKey: issuer.publicKey)
        try Data((key.verifierKey + "\n").utf8).write(to: URL(fileURLWithPath: issuersFile))
    }

    var dataDirectory: String { directory.path + "/data" }
    var issuersFile: String { directory.path + "/issuers.txt" }

    /// A statement about `subject`, signed by the known issuer: the bytes to POST and the entry
    /// the log stores for it (its leaf form).
    func statement(_ subject: String) throws -> (body: [UInt8], leaf: [UInt8]) {
        let body = try SignedStatement.sign(
            issuer: Self.issuerName, subject: subject, contentType: .mediaType("text/plain"),
            payload: Array("payload of \(subject)".utf8), key: issuer
        ).message.encoded(tagged: true)
        return (body, try SignedStatement(parsing: body).leaf)
    }

    /// Starts the server on the data directory, retrying while a killed predecessor's RocksDB
    /// lock is still held (for at most `attempts` tries).
    func start(attempts: Int = 100) async throws -> (server: LogServerProcess, lockRetries: Int) {
        var retries = 0
        while true {
            do {
                return (try await LogServerProcess.start(data: dataDirectory, origin: origin, issuers: issuersFile), retries)
            } catch let failure as LogServerProcess.StartFailure where failure.locked && retries + 1 < attempts {
                retries += 1
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    func remove() { directory.remove() }
}

/// Verified checkpoints: each note must carry the log's signature and name the log's origin.
struct CheckpointVerifier {
    let key: VerifierKey

    /// Parses and verifies a checkpoint note; throws when it does not verify.
    func verify(_ note: String) throws -> Checkpoint {
        let parsed = try Note(parsing: Array(note.utf8))
        _ = try parsed.verify(with: [key])
        let checkpoint = try Checkpoint(text: parsed.text)
        guard checkpoint.origin == key.name else {
            throw LogClientError(.verificationFailed, "checkpoint of \(checkpoint.origin), not \(key.name)")
        }
        return checkpoint
    }
}

extension LogClient {
    /// Every entry of the tree of size `treeSize`, from its entry bundles (c2sp.org/tlog-tiles:
    /// full bundles, then the partial bundle of the right edge).
    func allEntries(treeSize: UInt64) async throws -> [[UInt8]] {
        var entries: [[UInt8]] = []
        entries.reserveCapacity(Int(treeSize))
        var index: UInt64 = 0
        while index * UInt64(Tile.fullWidth) < treeSize {
            let width = Int(min(UInt64(Tile.fullWidth), treeSize - index * UInt64(Tile.fullWidth)))
            let bundle = try EntryBundle(parsing: try await tile(try .entries(index: index, width: width)))
            guard bundle.entries.count == width else {
                throw LogClientError(.malformedAnswer, "entry bundle \(index) holds \(bundle.entries.count) entries, not \(width)")
            }
            entries += bundle.entries
            index += 1
        }
        return entries
    }

    /// The consistency proof between two tree sizes, from `GET /proof/consistency`.
    func consistencyProof(from old: UInt64, to new: UInt64) async throws -> ConsistencyProof {
        let body = try await get("/proof/consistency?from=\(old)&to=\(new)")
        guard let hashes = ProofLines.parse(body) else {
            throw LogClientError(.malformedAnswer, "the consistency proof from \(old) to \(new) does not parse")
        }
        return ConsistencyProof(oldSize: old, newSize: new, hashes: hashes)
    }
}

/// Runs `body` with an HTTP client that fails a request at once when its connection cannot be
/// made (AsyncHTTPClient otherwise retries until the request's deadline, which would stall every
/// client for as long as a killed server is down), with up to `connections` connections per
/// host, and shuts the client down afterwards.
func withTestHTTPClient<R>(connections: Int = 8, _ body: (HTTPClient) async throws -> R) async throws -> R {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool.retryConnectionEstablishment = false
    configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
    let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    let result: R
    do {
        result = try await body(http)
    } catch {
        try await http.shutdown()
        throw error
    }
    try await http.shutdown()
    return result
}
