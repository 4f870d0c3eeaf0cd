import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Merkle
import NIOCore
import Notes
import Synchronization
import Testing
import WitnessEngine
import WitnessTestSupport
import WitnessHTTP

/// Every status of c2sp.org/tlog-witness v1.0.0 §add-checkpoint, each from its own request, and
/// GET /checkpoint/<origin-hash>.
@Suite struct WitnessHTTPTests {
    static let log = TestLog(origin: "log.example/http", seed: 4, size: 64)

    /// Runs `body` against a fresh witness trusting ``log`` that has cosigned size 16.
    func withWitness(
        _ setup: TestingSetup = .router, cosigned: UInt64? = 16,
        _ body: @escaping @Sendable (any TestClientProtocol, Witness) async throws -> Void
    ) async throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let list = try LogList(parsing: Array(Self.log.logListLine.utf8))
        let witness = try Witness(key: testWitnessKey, logs: list, statePath: directory.path + "/state")
        if let cosigned { _ = try witness.addCheckpoint(Self.log.request(old: 0, new: cosigned)) }
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let app = WitnessApplication.build(witness: witness, address: .hostname("127.0.0.1", port: 0), logger: logger)
        try await app.test(setup) { client in try await body(client, witness) }
    }

    static func post(_ client: any TestClientProtocol, _ body: [UInt8]) async throws -> TestResponse {
        try await client.execute(uri: "/add-checkpoint", method: .post, body: ByteBuffer(bytes: body))
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test func ok200WithCosignatureLines() async throws {
        try await withWitness { client, _ in
            let response = try await Self.post(client, Self.log.request(old: 16, new: 40).encoded)
            #expect(response.status == .ok)
            let lines = Array(response.body.readableBytesView)
            #expect(lines.starts(with: Array("— witness.example/w1 ".utf8)))
            // The response lines appended to the checkpoint make a note the witness key verifies.
            let note = try Note(parsing: Self.log.note(size: 40).encoded + lines)
            let cosignature = try Cosignature(note.signatures[1])
            #expect(cosignature.timestamp > 0)
            #expect(try testWitnessKey.verifierKey.verifyCosignature(note.signatures[1], on: Self.log.checkpoint(size: 40)) > 0)
        }
    }

    @Test func notFound404ForUnknownOrigin() async throws {
        try await withWitness { client, _ in
            let other = TestLog(origin: "log.example/unknown", seed: 4, size: 20)
            let response = try await Self.post(client, other.request(old: 16, new: 20).encoded)
            #expect(response.status == .notFound)
        }
    }

    @Test func forbidden403WhenNoTrustedSignatureVerifies() async throws {
        try await withWitness { client, _ in
            let impostor = TestLog(origin: Self.log.origin, seed: 5, size: 64)
            let response = try await Self.post(client, impostor.request(old: 16, new: 40).encoded)
            #expect(response.status == .forbidden)
        }
    }

    @Test func badRequest400WhenOldSizeExceedsCheckpointSize() async throws {
        try await withWitness { client, _ in
            let request = try AddCheckpointRequest(oldSize: 41, proof: [], note: Self.log.note(size: 40))
            let response = try await Self.post(client, request.encoded)
            #expect(response.status == .badRequest)
        }
    }

    @Test func badRequest400ForMalformedBody() async throws {
        try await withWitness { client, _ in
            var body = Self.log.request(old: 16, new: 40).encoded
            body.removeFirst()  // "ld 16": no old size line
            let response = try await Self.post(client, body)
            #expect(response.status == .badRequest)
            #expect(Self.text(response).hasSuffix("\n"))
        }
    }

    @Test func conflict409WithTheWitnessSize() async throws {
        try await withWitness { client, _ in
            let response = try await Self.post(client, Self.log.request(old: 8, new: 40).encoded)
            #expect(response.status == .conflict)
            #expect(response.headers[.contentType] == "text/x.tlog.size")
            #expect(Self.text(response) == "16\n")
        }
    }

    @Test func unprocessable422ForBadProof() async throws {
        try await withWitness { client, _ in
            var proof = Self.log.proof(from: 16, to: 40)
            proof[proof.count - 1] = Hash.leaf([7])
            let request = try AddCheckpointRequest(oldSize: 16, proof: proof, note: Self.log.note(size: 40))
            let response = try await Self.post(client, request.encoded)
            #expect(response.status == .unprocessableContent)
        }
    }

    /// v1.0.0 answers 409 for a checkpoint of the stored size with another root (later drafts:
    /// 422). The body is a message, not a tree size: resyncing cannot resolve a fork.
    @Test func conflict409ForSameSizeDifferentRoot() async throws {
        try await withWitness { client, _ in
            let fork = TestLog(origin: Self.log.origin, seed: 4, size: 0)
            fork.append(16, salt: "fork")
            let response = try await Self.post(client, fork.request(old: 16, new: 16).encoded)
            #expect(response.status == .conflict)
            #expect(response.headers[.contentType] != "text/x.tlog.size")
        }
    }

    @Test func oversizedBodyIsA4xx() async throws {
        try await withWitness { client, _ in
            let body = [UInt8](repeating: UInt8(ascii: "a"), count: AddCheckpointRequest.maxCount + 1)
            let response = try await Self.post(client, body)
            #expect(response.status == .contentTooLarge)
        }
    }

    @Test func getCheckpointByOriginHash() async throws {
        try await withWitness(cosigned: nil) { client, witness in
            let uri = "/checkpoint/" + Witness.originHash(Self.log.origin)
            #expect(try await client.execute(uri: uri, method: .get).status == .notFound)
            #expect(try await Self.post(client, Self.log.request(old: 0, new: 33).encoded).status == .ok)
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .ok)
            let note = try Note(parsing: Array(response.body.readableBytesView))
            #expect(try Checkpoint(text: note.text) == Self.log.checkpoint(size: 33))
            #expect(try note.verify(with: [Self.log.key.verifierKey]).count == 1)
            #expect(try note.verify(with: [testWitnessKey.verifierKey]).count == 1)
            let unknown = "/checkpoint/" + Witness.originHash("log.example/unknown")
            #expect(try await client.execute(uri: unknown, method: .get).status == .notFound)
            let upper = "/checkpoint/" + Witness.originHash(Self.log.origin).uppercased()
            #expect(try await client.execute(uri: upper, method: .get).status == .notFound)
        }
    }

    /// Many concurrent requests with mixed old sizes over a live server and a pool of connections: the successes form one
    /// chain from 16 and the stored size only grows.
    @Test func concurrentRequestsNeverRollBack() async throws {
        let sizes: [UInt64] = Array(stride(from: 16, through: 64, by: 4))
        var bodies: [(old: UInt64, new: UInt64, body: [UInt8])] = []
        for (i, old) in sizes.enumerated() {
            for new in sizes[(i + 1)...] { bodies.append((old, new, Self.log.request(old: old, new: new).encoded)) }
        }
        let requests = (bodies + bodies).shuffled()
        try await withWitness(.ahc(.http)) { client, witness in
            let results = try await withThrowingTaskGroup(of: (UInt64, UInt64, HTTPResponse.Status, UInt64).self) { group in
                for request in requests {
                    group.addTask {
                        let response = try await Self.post(client, request.body)
                        let stored = try witness.latestCheckpoint(origin: Self.log.origin)?.treeSize ?? 0
                        return (request.old, request.new, response.status, stored)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0.2 == .ok || $0.2 == .conflict })
            let chain = results.filter { $0.2 == .ok }.sorted { $0.1 < $1.1 }
            var expectedOld: UInt64 = 16
            for step in chain {
                #expect(step.0 == expectedOld)
                #expect(step.3 >= step.1)  // read after the 200: never below what was cosigned
                expectedOld = step.1
            }
            #expect(try witness.latestCheckpoint(origin: Self.log.origin)?.treeSize == chain.last?.1)
        }
    }
}
