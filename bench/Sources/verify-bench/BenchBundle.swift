// The bundle verify-bench verifies: an inference receipt at index 54,321 of a 100,000-entry
// in-memory log, its checkpoint signed by the log and cosigned by 2 of 3 witnesses, with its COSE
// receipt; the policy pins every key and sets every expectation but the model directory; the
// request and response commitments are opened.
import CryptoPrimitives
import Foundation
import Merkle
import Notes
import Statements
import Verification

struct BenchBundle {
    let bundle: [UInt8]
    let policy: [UInt8]
    let now: UInt64
    let openings: [CommitmentField: VerificationInputs.Opening]
    let statementCount: Int
    let pathCount: Int

    static func key(_ byte: UInt8) throws -> Ed25519PrivateKey { try Ed25519PrivateKey(seed: [UInt8](repeating: byte, count: 32)) }

    static func make(logSize: Int = 100_000, index: Int = 54_321) throws -> BenchBundle {
        let now: UInt64 = 1_767_225_600
        let logSigner = try SignerKey(name: "log.example/receipts", type: .ed25519, privateKey: key(0x22))
        let witnesses = try (1...3).map { i in
            try SignerKey(name: "witness\(i).example", type: .cosignatureV1, privateKey: key(0x30 + UInt8(i)))
        }
        let issuerKey = try key(0x11)
        let request = Array("What is 2+2?".utf8), response = Array("4".utf8)
        let requestSalt = [UInt8](1...32), responseSalt = [UInt8](33...64)
        let claims = InferenceReceiptClaims(
            issuer: "inference.example", subject: "deployment/llama-7b", issuedAt: now - 60,
            cwtID: [UInt8](repeating: 0x10, count: 16), nonce: [0xde, 0xad, 0xbe, 0xef, 0xca, 0xfe, 0xba, 0xbe],
            modelID: "llama-7b", modelVersion: "2.0.0", modelHash: Hash.leaf([1]), modelHashScheme: .receiptlogManifestV1,
            evidence: [try InferenceReceiptEvidence(kind: "tdx-quote", mediaType: "application/octet-stream", digest: Hash.leaf([2]))],
            keyBinding: "report-data-sha512-pubkey",
            measurements: try AIRMeasurements(
                platform: .tdx, pcr0: [UInt8](repeating: 1, count: 48), pcr1: [UInt8](repeating: 2, count: 48),
                pcr2: [UInt8](repeating: 3, count: 48)),
            imageDigest: try InferenceReceiptDigest("sha256:" + String(repeating: "ab", count: 32)),
            commitments: [
                try Commitment.commit(to: request, field: .request, salt: requestSalt),
                try Commitment.commit(to: response, field: .response, salt: responseSalt),
            ])
        let statement = try claims.signedStatement(key: issuerKey).leaf
        let stored = try Self.storedLayout(logSize: logSize, index: index, statement: statement)
        let size = UInt64(logSize)
        let root = try treeHash(size: size, reader: stored)
        let checkpoint = try Checkpoint(origin: logSigner.name, treeSize: size, rootHash: root)
        var note = try logSigner.sign(checkpoint)
        for witness in witnesses.prefix(2) {
            note = try note.adding(try witness.cosign(checkpoint, timestamp: now - 30).noteSignature)
        }
        let proof = try InclusionProof(leafIndex: UInt64(index), treeSize: size, reader: stored)
        let receipt = COSEReceipt.issue(
            proof: proof, rootHash: root, keyID: IssuerKey.bytes(ofKeyID: logSigner.keyID), key: logSigner.privateKey)
        let bundle = try ReceiptBundle(
            statement: statement, index: UInt64(index), inclusionProof: proof.hashes, note: note, coseReceipt: receipt)
        let issuer = try IssuerKey(name: "inference.example", publicKey: issuerKey.publicKey)
        let policy = """
            log \(logSigner.verifierKey.encoded)
            \(witnesses.map { "witness \($0.verifierKey.encoded)" }.joined(separator: "\n"))
            quorum 2
            issuer \(issuer.verifierKey)
            model-hash \(claims.modelHash.hex)
            model-id llama-7b
            image-digest sha256:\(String(repeating: "ab", count: 32))
            platform tdx-mrtd-rtmr
            nonce deadbeefcafebabe
            max-age \(UInt64(Date().timeIntervalSince1970) - now + 86_400 * 365)
            evidence tdx-quote

            """
        return BenchBundle(
            bundle: bundle.encoded, policy: Array(policy.utf8), now: now,
            openings: [
                .request: .init(salt: requestSalt, data: request), .response: .init(salt: responseSalt, data: response),
            ],
            statementCount: statement.count, pathCount: proof.hashes.count)
    }

    /// Every stored hash of the log, by stored-hash index.
    static func storedLayout(logSize: Int, index: Int, statement: [UInt8]) throws -> [Hash] {
        var stored = [Hash]()
        stored.reserveCapacity(2 * logSize)
        for i in 0..<logSize {
            let entry = i == index ? statement : Array("entry \(i)".utf8)
            stored += try storedHashes(index: UInt64(i), entry: entry, reader: stored)
        }
        return stored
    }
}
