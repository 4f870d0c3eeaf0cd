import Foundation
import LogClient
import Merkle
import Notes
import Statements
import Testing

/// The same statement registered many times at once, over HTTP with the real server: one leaf,
/// and byte-identical answers (DESIGN.md §6, "Duplicates").
@Suite struct DuplicateRegistrationTests {
    static let copies = 100

    @Test(.timeLimit(.minutes(3)))
    func concurrentCopiesMakeOneLeafAndIdenticalReceipts() async throws {
        let log = try TestLogDirectory(origin: "example.com/duplicates-test")
        defer { log.remove() }
        let (server, _) = try await log.start()
        defer { server.killNow() }
        // One connection per request, so that the copies reach the server at once.
        try await withTestHTTPClient(connections: Self.copies) { http in
            try await Self.check(LogClient(baseURL: server.baseURL, http: http), key: VerifierKey(parsing: server.verifierKey), log)
        }
        let stopped = try await server.stop(signal: SIGTERM)
        #expect(!stopped.bySignal && stopped.status == 0)
    }

    static func check(_ client: LogClient, key: VerifierKey, _ log: TestLogDirectory) async throws {
        let verifier = CheckpointVerifier(key: key)
        // A first statement, so that the duplicates do not land at index 0.
        _ = try await client.submit(try log.statement("first").body)
        let before = try verifier.verify(String(decoding: try await client.checkpoint(), as: UTF8.self))
        #expect(before.treeSize == 1)

        let statement = try log.statement("registered \(copies) times")
        let first = try await post(statement.body, copies: copies, client)
        let after = try verifier.verify(String(decoding: try await client.checkpoint(), as: UTF8.self))
        #expect(after.treeSize == before.treeSize + 1, "\(copies) copies grew the tree from \(before.treeSize) to \(after.treeSize)")

        // 100 × 201 with one body and one Location; the body is a COSE receipt for the entry at
        // the new index, against the first checkpoint that holds it.
        #expect(first.allSatisfy { $0.status == 201 }, "statuses: \(Set(first.map(\.status)))")
        #expect(Set(first.map(\.body)).count == 1, "\(Set(first.map(\.body)).count) different bodies")
        // Location names the entry's receipt resource: its entry ID, the leaf hash (specs/scrapi.md).
        let entryID = Hash.leaf(try await client.entry(before.treeSize)).description
        #expect(Set(first.map(\.location)) == ["/entries/\(entryID)"])
        let receipt = try COSEReceipt.parse(try #require(first.first).body)
        try receipt.verify(entry: statement.leaf, key: key.publicKey)
        #expect(receipt.proof.leafIndex == before.treeSize && receipt.proof.treeSize == after.treeSize)
        #expect(try await client.entry(before.treeSize) == statement.leaf)

        // Once the statement is in the log, more copies get the very same answer and add nothing.
        let again = try await post(statement.body, copies: copies, client)
        #expect(again.allSatisfy { $0.status == 201 && $0.body == first[0].body })
        let last = try verifier.verify(String(decoding: try await client.checkpoint(), as: UTF8.self))
        #expect(last.treeSize == after.treeSize)
    }

    /// POSTs `body` `copies` times at once with the default `Accept`; returns every answer.
    static func post(_ body: [UInt8], copies: Int, _ client: LogClient) async throws -> [(status: Int, body: [UInt8], location: String)] {
        try await withThrowingTaskGroup(of: (status: Int, body: [UInt8], location: String).self) { group in
            for _ in 0..<copies {
                group.addTask {
                    let answer = try await client.send(.POST, "/entries", body: body, headers: [("Content-Type", "application/cose")])
                    return (answer.status, answer.body, answer.headers.first(name: "Location") ?? "")
                }
            }
            var answers: [(status: Int, body: [UInt8], location: String)] = []
            for try await answer in group { answers.append(answer) }
            return answers
        }
    }
}
