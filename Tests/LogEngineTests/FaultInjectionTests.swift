import CryptoPrimitives
import LogEngine
import LogStorage
import Merkle
import Notes
import Testing

/// Every write step of the log fails in turn, once before it persists and once after (as
/// Sunlight tests its stages); the restarted log must be consistent with everything it
/// acknowledged or signed, and go on (Sequencer.swift narrates each case).
@Suite struct FaultInjectionTests {
    static let statements = 3

    /// The writes of a clean run: start-up, then three one-entry batches.
    @Test func theWriteStepsAreTheOnesNarrated() async throws {
        let plan = FaultPlan(nil)
        let key = try SignerKey.generate(name: TestLog.origin, type: .ed25519)
        let log = try TestLog(
            storage: FaultyLogStorage(MemoryLogStorage(), plan: plan), record: FaultySignedHeadRecord(MemorySignedHeadRecord(), plan: plan),
            logKey: key)
        let service = try log.open(batchMaxCount: 1)
        for i in 0..<Self.statements { _ = try await service.register(try log.statement("s\(i)")) }
        await service.shutdown()
        let batch = ["commit entries+tiles+tree", "record", "commit checkpoint"]
        #expect(plan.writes == ["record", "commit checkpoint+origin+verifier_key"] + batch + batch + batch)
    }

    static var points: [FaultPoint] {
        (0..<(2 + 3 * statements)).flatMap { [FaultPoint(step: $0, when: .before), FaultPoint(step: $0, when: .after)] }
    }

    @Test(arguments: points) func aFaultAtAnyWriteRecoversConsistently(_ point: FaultPoint) async throws {
        let key = try SignerKey.generate(name: TestLog.origin, type: .ed25519)
        let issuer = Ed25519PrivateKey()
        let storage = MemoryLogStorage()
        let record = MemorySignedHeadRecord()
        let plan = FaultPlan(point)
        let faulty = try TestLog(
            storage: FaultyLogStorage(storage, plan: plan), record: FaultySignedHeadRecord(record, plan: plan),
            logKey: key, issuer: issuer)
        var acknowledged: [(subject: String, answer: RegistrationAnswer)] = []
        var failed = false
        do {
            let service = try faulty.open(batchMaxCount: 1)
            for i in 0..<Self.statements {
                do {
                    acknowledged.append(("s\(i)", try await service.register(try faulty.statement("s\(i)"))))
                } catch {
                    failed = true
                    // After a failed write the log is in alarm: nothing more is accepted.
                    #expect(service.alarm != nil, "\(point)")
                    await #expect(throws: (any Error).self) { try await service.register(try faulty.statement("late")) }
                    break
                }
            }
            await service.shutdown()
        } catch {
            failed = true  // a write of start-up failed: the log did not start
        }
        #expect(failed, "the fault \(point) struck")

        // Restart on what persisted, without faults. A record means the key has signed: the log
        // must start without being told it is new.
        let clean = try TestLog(storage: storage, record: record, logKey: key, issuer: issuer)
        let restarted = try clean.open(batchMaxCount: 1, newLog: try record.load() == nil)
        let head = restarted.treeHead

        // Everything acknowledged is there, at its index, in a tree that extends the one it was
        // acknowledged in.
        for (subject, answer) in acknowledged {
            #expect(Hash.leaf(try restarted.entry(at: answer.index)) == answer.leafHash, "\(point) \(subject)")
            try expectConsistent(answer.treeHead.treeSize, answer.treeHead.rootHash, with: head, in: restarted)
            #expect(try await restarted.register(try clean.statement(subject)).index == answer.index)
        }
        // Every checkpoint that was ever written anywhere is consistent with the new head.
        for bytes in plan.signedNotes {
            let signed = try Checkpoint(text: try Note(parsing: bytes).text)
            #expect(signed.treeSize <= head.treeSize, "\(point): signed \(signed.treeSize), restarted at \(head.treeSize)")
            try expectConsistent(signed.treeSize, signed.rootHash, with: head, in: restarted)
        }
        // The record is never behind what the store holds signed.
        let recorded = try Checkpoint(text: try Note(parsing: try #require(try record.load())).text)
        #expect(recorded.treeSize == head.treeSize && recorded.rootHash == head.rootHash)
        // And the log goes on.
        let next = try await restarted.register(try clean.statement("after \(point)"))
        #expect(next.index == head.treeSize)
        await restarted.shutdown()
    }

    /// Checks that the tree of `size` with `root` is a prefix of `head`'s tree.
    func expectConsistent(_ size: UInt64, _ root: Hash, with head: TreeHead, in log: LogService) throws {
        if size == 0 {
            #expect(root == Hash.emptyTree)
        } else if size == head.treeSize {
            #expect(root == head.rootHash)
        } else {
            try log.consistencyProof(from: size, to: head.treeSize).verify(oldRoot: root, newRoot: head.rootHash)
        }
    }

    /// A read that fails while a batch is answered fails each waiter once: the import of a new
    /// entry beside one already stored gets an error (before: the new entry's waiter was told
    /// twice, and the process trapped).
    @Test func aReadErrorWhileAnsweringFailsEachWaiterOnce() async throws {
        let plan = FaultPlan(nil)
        let storage = FaultyLogStorage(MemoryLogStorage(), plan: plan)
        let log = try TestLog(storage: storage)
        let service = try log.open(batchMaxCount: 16)
        let stored = try log.statement("stored")
        _ = try await service.register(stored)
        let entry = try service.entry(at: 0)
        storage.failCheckpointReads.store(true, ordering: .relaxed)
        await #expect(throws: (any Error).self) { try await service.importEntries([Array("new".utf8), entry]) }
        #expect(service.alarm != nil)
        await service.shutdown()
    }
}
