import CryptoPrimitives
import Foundation
import LogEngine
import LogStorage
import Merkle
import Notes
import Statements
import Testing

@Suite struct SequencerTests {
    /// Checks an answer the way a client does: the checkpoint carries the log's signature, the
    /// inclusion proof leads from the entry to its root, and the COSE receipt verifies.
    func check(_ answer: RegistrationAnswer, statement: [UInt8], log: TestLog, service: LogService) throws {
        _ = try answer.treeHead.note.verify(with: [log.logKey.verifierKey])
        let leaf = try service.entry(at: answer.index)
        #expect(answer.leafHash == Hash.leaf(leaf))
        try answer.inclusionProof.verify(leafHash: answer.leafHash, rootHash: answer.treeHead.rootHash)
        try answer.receipt.verify(entry: leaf, key: log.logKey.privateKey.publicKey)
        // The entry is the statement with an empty unprotected header.
        #expect(leaf == (try SignedStatement(parsing: statement)).leaf)
    }

    @Test func concurrentRegistrationsAllLandWithValidProofs() async throws {
        let log = try TestLog()
        let service = try log.open()
        let statements = try (0..<300).map { try log.statement("run-\($0)") }
        let answers = try await withThrowingTaskGroup(of: (Int, RegistrationAnswer).self) { group in
            for (i, s) in statements.enumerated() { group.addTask { (i, try await service.register(s)) } }
            return try await group.reduce(into: [Int: RegistrationAnswer]()) { $0[$1.0] = $1.1 }
        }
        #expect(Set(answers.values.map(\.index)) == Set(0..<300))
        for (i, answer) in answers { try check(answer, statement: statements[i], log: log, service: service) }
        // The tree recomputed from the stored entries matches the latest checkpoint.
        let head = service.treeHead
        #expect(head.treeSize == 300)
        let entries = (0..<300).map { try! service.entry(at: UInt64($0)) }
        #expect(Integration(appendingEntries: entries, to: .empty).rootHash == head.rootHash)
        await service.shutdown()
    }

    @Test func sameStatementConcurrentlyGivesOneLeafAndEqualAnswers() async throws {
        let log = try TestLog()
        let service = try log.open()
        _ = try await service.register(try log.statement("first"))
        let statement = try log.statement("repeated")
        let answers = try await withThrowingTaskGroup(of: RegistrationAnswer.self) { group in
            for _ in 0..<100 { group.addTask { try await service.register(statement) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.count == 100)
        #expect(Set(answers.map(\.index)) == [1])
        #expect(Set(answers.map(\.treeHead.treeSize)).count == 1)
        #expect(Set(answers.map { $0.receipt.encoded() }).count == 1)
        #expect(service.treeHead.treeSize == 2)
        // Later, the answer is still the same: the proof for the first tree that held it.
        let later = try await service.register(statement)
        #expect(later.index == 1 && later.receipt.encoded() == answers[0].receipt.encoded())
        await service.shutdown()
    }

    @Test func registrationChecksRunFirstAndStoreNothing() async throws {
        let log = try TestLog()
        let service = try log.open()
        await #expect(throws: StatementsError(.notCBOR, "")) { try await service.register([0xff, 0x00]) }
        let stranger = try SignedStatement.sign(
            issuer: "stranger.example", subject: "x", contentType: nil, payload: [1], key: Ed25519PrivateKey()
        ).message.encoded(tagged: true)
        await #expect(throws: StatementsError(.unknownIssuer, "")) { try await service.register(stranger) }
        #expect(service.treeHead.treeSize == 0)
        await service.shutdown()
    }

    @Test func aFullPoolRefusesWithOverloaded() async throws {
        let log = try TestLog()
        // Batches wait 2 s to fill; the pool holds 4.
        let service = try log.open(batchMaxCount: 4, batchMaxAge: .seconds(2), pendingLimit: 4)
        let statements = try (0..<5).map { try log.statement("s\($0)") }
        let results = await withTaskGroup(of: Result<RegistrationAnswer, any Error>.self) { group in
            for s in statements { group.addTask { await Result(catching: { try await service.register(s) }) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        // Four fill the batch (which then closes at once); at most one more can find the pool
        // full. Every answer is either durable or an overload refusal.
        let refused = results.filter {
            if case .failure(let e as LogEngineError) = $0 { return e.code == .overloaded }
            return false
        }
        let answered = results.filter { if case .success = $0 { return true } else { return false } }
        #expect(answered.count + refused.count == 5)
        #expect(service.treeHead.treeSize == UInt64(answered.count))
        await service.shutdown()
    }

    @Test func shutdownRefusesNewRegistrations() async throws {
        let log = try TestLog()
        let service = try log.open()
        _ = try await service.register(try log.statement("a"))
        await service.shutdown()
        await #expect(throws: LogEngineError(.shuttingDown, "")) { try await service.register(try log.statement("b")) }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
