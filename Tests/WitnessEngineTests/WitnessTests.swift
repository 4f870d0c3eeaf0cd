import Foundation
import Merkle
import Notes
import Testing
@testable import WitnessEngine
import WitnessTestSupport

/// The add-checkpoint checks, each failure from its own request, persistence and the key file.
@Suite struct WitnessTests {
    /// A witness over a fresh directory trusting `logs`, with a fixed clock.
    static func makeWitness(_ directory: TemporaryDirectory, logs: [TestLog]) throws -> Witness {
        let list = try LogList(parsing: Array(logs.map(\.logListLine).joined(separator: "\n").utf8))
        return try Witness(key: testWitnessKey, logs: list, statePath: directory.path + "/state", clock: { 1_700_000_000 })
    }

    @Test func cosignsFirstCheckpointThenConsistentOnes() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let log = TestLog(size: 100)
        let witness = try Self.makeWitness(directory, logs: [log])
        #expect(try witness.latestCheckpoint(origin: log.origin) == nil)

        let first = try witness.addCheckpoint(log.request(old: 0, new: 10))
        #expect(first.timestamp == 1_700_000_000)
        #expect(try testWitnessKey.verifierKey.verifyCosignature(first.noteSignature, on: log.checkpoint(size: 10)) == first.timestamp)

        let second = try witness.addCheckpoint(log.request(old: 10, new: 100))
        #expect(try testWitnessKey.verifierKey.verifyCosignature(second.noteSignature, on: log.checkpoint(size: 100)) > 0)
        let latest = try #require(try witness.latestCheckpoint(origin: log.origin))
        #expect(latest.treeSize == 100)
        // The stored note is the log's signature followed by the witness's cosignature.
        #expect(latest.note.signatures == [log.note(size: 100).signatures[0], second.noteSignature])
        #expect(try witness.latestCheckpoint(originHash: Witness.originHash(log.origin)) == latest)

        // The same checkpoint again, from its own size, is cosigned again.
        let again = try witness.addCheckpoint(log.request(old: 100, new: 100))
        #expect(try testWitnessKey.verifierKey.verifyCosignature(again.noteSignature, on: log.checkpoint(size: 100)) > 0)
    }

    @Test func responseBodyIsOneSignatureLine() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let log = TestLog(size: 5)
        let witness = try Self.makeWitness(directory, logs: [log])
        let body = try witness.addCheckpoint(body: log.request(old: 0, new: 5).encoded)
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.hasPrefix("— witness.example/w1 "))
        #expect(text.hasSuffix("\n"))
        #expect(text.filter { $0 == "\n" }.count == 1)
        // "the client MAY concatenate it to the checkpoint, and use a note verification function"
        let cosigned = try Note(parsing: log.note(size: 5).encoded + body)
        #expect(try cosigned.verify(with: [testWitnessKey.verifierKey]).count == 1)
    }

    @Test func unknownOrigin() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let witness = try Self.makeWitness(directory, logs: [TestLog(size: 3)])
        let other = TestLog(origin: "log.example/other", seed: 1, size: 3)
        #expect(throws: WitnessEngineError(.unknownOrigin, "")) { try witness.addCheckpoint(other.request(old: 0, new: 3)) }
    }

    @Test func untrustedSignatures() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let log = TestLog(size: 3)
        let witness = try Self.makeWitness(directory, logs: [log])
        // Signed only by a key the witness does not trust for this origin.
        let impostor = TestLog(origin: log.origin, seed: 7, size: 3)
        #expect(throws: WitnessEngineError(.untrustedCheckpoint, "")) {
            try witness.addCheckpoint(impostor.request(old: 0, new: 3))
        }
        // A trusted key whose signature does not verify (the text changed after signing).
        let good = log.note(size: 3)
        let forged = try Note(text: log.checkpoint(size: 2).text, signatures: good.signatures)
        #expect(throws: WitnessEngineError(.untrustedCheckpoint, "")) {
            try witness.addCheckpoint(AddCheckpointRequest(oldSize: 0, proof: [], note: forged))
        }
        // Unknown signatures beside a trusted one are ignored.
        let both = try Note(text: good.text, signatures: impostor.note(size: 3).signatures + good.signatures)
        let cosignature = try witness.addCheckpoint(AddCheckpointRequest(oldSize: 0, proof: [], note: both))
        #expect(try witness.latestCheckpoint(origin: log.origin)?.note.signatures == [good.signatures[0], cosignature.noteSignature])
    }

    @Test func oldSizeLargerThanCheckpoint() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let log = TestLog(size: 3)
        let witness = try Self.makeWitness(directory, logs: [log])
        let request = try AddCheckpointRequest(oldSize: 4, proof: [], note: log.note(size: 3))
        #expect(throws: WitnessEngineError(.oldSizeTooLarge, "")) { try witness.addCheckpoint(request) }
    }

    @Test func oldSizeMismatchReportsTheKnownSize() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let log = TestLog(size: 30)
        let witness = try Self.makeWitness(directory, logs: [log])
        // Never cosigned: the known size is 0.
        do {
            _ = try witness.addCheckpoint(log.request(old: 5, new: 30))
            Issue.record("expected a conflict")
        } catch {
            #expect(error.code == .oldSizeMismatch)
            #expect(error.knownTreeSize == 0)
        }
        _ = try witness.addCheckpoint(log.request(old: 0, new: 20))
        for old: UInt64 in [0, 10, 25] {
            do {
                _ = try witness.addCheckpoint(log.request(old: old, new: 30))
                Issue.record("expected a conflict")
            } catch {
                #expect(error.code == .oldSizeMismatch)
                #expect(error.knownTreeSize == 20)
            }
        }
    }

    @Test func badConsistencyProofs() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let log = TestLog(size: 30)
        let witness = try Self.makeWitness(directory, logs: [log])
        // From 0 the proof must be empty.
        let nonEmpty = try AddCheckpointRequest(oldSize: 0, proof: [Hash.leaf([1])], note: log.note(size: 30))
        #expect(throws: WitnessEngineError(.inconsistentProof, "")) { try witness.addCheckpoint(nonEmpty) }
        _ = try witness.addCheckpoint(log.request(old: 0, new: 10))
        // A corrupted hash, a missing hash, an extra hash, no proof, and a proof for other sizes.
        var proof = log.proof(from: 10, to: 30)
        var corrupted = proof
        corrupted[0] = Hash.leaf([0xFF])
        let variants = [corrupted, Array(proof.dropLast()), proof + [Hash.leaf([2])], [], log.proof(from: 9, to: 30)]
        for hashes in variants {
            let request = try AddCheckpointRequest(oldSize: 10, proof: hashes, note: log.note(size: 30))
            #expect(throws: WitnessEngineError(.inconsistentProof, "")) { try witness.addCheckpoint(request) }
        }
        // A different history of the same origin and key is inconsistent with the stored one.
        let fork = TestLog(size: 0)
        fork.append(30, salt: "fork")
        proof = fork.proof(from: 10, to: 30)
        let forked = try AddCheckpointRequest(oldSize: 10, proof: proof, note: fork.note(size: 30))
        #expect(throws: WitnessEngineError(.inconsistentProof, "")) { try witness.addCheckpoint(forked) }
        #expect(try witness.latestCheckpoint(origin: log.origin)?.treeSize == 10)
        // A non-empty proof between equal sizes.
        let equal = try AddCheckpointRequest(oldSize: 10, proof: [Hash.leaf([3])], note: log.note(size: 10))
        #expect(throws: WitnessEngineError(.inconsistentProof, "")) { try witness.addCheckpoint(equal) }
    }

    @Test func sameSizeDifferentRootIsAConflict() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let log = TestLog(size: 8)
        let witness = try Self.makeWitness(directory, logs: [log])
        _ = try witness.addCheckpoint(log.request(old: 0, new: 8))
        let fork = TestLog(size: 0)
        fork.append(8, salt: "fork")
        do {
            _ = try witness.addCheckpoint(fork.request(old: 8, new: 8))
            Issue.record("expected a conflict")
        } catch {
            #expect(error.code == .rootMismatch)
            #expect(error.knownTreeSize == nil)
        }
    }

    @Test func emptyTreeCheckpoints() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let log = TestLog(size: 4)
        let witness = try Self.makeWitness(directory, logs: [log])
        let bogus = try log.key.sign(Checkpoint(origin: log.origin, treeSize: 0, rootHash: Hash.leaf([])))
        #expect(throws: WitnessEngineError(.inconsistentProof, "")) {
            try witness.addCheckpoint(AddCheckpointRequest(oldSize: 0, proof: [], note: bogus))
        }
        _ = try witness.addCheckpoint(log.request(old: 0, new: 0))
        #expect(try witness.latestCheckpoint(origin: log.origin)?.treeSize == 0)
        _ = try witness.addCheckpoint(log.request(old: 0, new: 4))
        #expect(try witness.latestCheckpoint(origin: log.origin)?.treeSize == 4)
    }

    @Test func stateSurvivesReopenAndExcludesASecondOpen() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let log = TestLog(size: 12)
        let list = try LogList(parsing: Array(log.logListLine.utf8))
        var created: SignerKey
        do {
            let (witness, createdKey) = try Witness.open(directory: directory.path + "/w", logs: list, name: "witness.example/new")
            #expect(createdKey)
            created = witness.key
            // One process per directory: a second open is refused while the first holds it.
            #expect(throws: WitnessEngineError(.storage, "")) {
                try Witness.open(directory: directory.path + "/w", logs: list, name: nil)
            }
            _ = try witness.addCheckpoint(log.request(old: 0, new: 12))
        }
        let keyPath = directory.path + "/w/" + Witness.keyFileName
        let mode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let (reopened, createdAgain) = try Witness.open(directory: directory.path + "/w", logs: list, name: nil)
        #expect(!createdAgain)
        #expect(reopened.key.verifierKey == created.verifierKey)
        #expect(try reopened.latestCheckpoint(origin: log.origin)?.treeSize == 12)
        let cosigned = try #require(try reopened.latestCheckpoint(origin: log.origin))
        #expect(try cosigned.note.verify(with: [created.verifierKey]).count == 1)
    }

    @Test func keyFileChecks() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let list = try LogList(parsing: Array(TestLog().logListLine.utf8))
        #expect(throws: WitnessEngineError(.badKeyFile, "")) {
            try Witness.open(directory: directory.path + "/a", logs: list, name: nil)
        }
        _ = try Witness.open(directory: directory.path + "/b", logs: list, name: "witness.example/b")
        #expect(throws: WitnessEngineError(.badKeyFile, "")) {
            try Witness.open(directory: directory.path + "/b", logs: list, name: "witness.example/other")
        }
        // A note key (type 0x01) is not a witness key.
        try FileManager.default.createDirectory(atPath: directory.path + "/c", withIntermediateDirectories: true)
        try Data((TestLog().key.encoded + "\n").utf8).write(to: URL(fileURLWithPath: directory.path + "/c/witness.key"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: directory.path + "/c/witness.key")
        #expect(throws: WitnessEngineError(.badKeyFile, "")) {
            try Witness.open(directory: directory.path + "/c", logs: list, name: nil)
        }
    }

    @Test func originHashIsLowercaseHexSHA256OfTheOrigin() {
        // SHA-256("abc"), FIPS 180-2 Appendix B.1.
        #expect(Witness.originHash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
