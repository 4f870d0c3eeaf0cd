import CryptoPrimitives
import Foundation
import Merkle
import ModelDirectory
import Notes
import Statements
import Verification

/// Keys, receipts, logs and policies for the verification tests, all deterministic.
enum Fixtures {
    static func seed(_ byte: UInt8) -> Ed25519PrivateKey { try! Ed25519PrivateKey(seed: [UInt8](repeating: byte, count: 32)) }

    static let origin = "log.example/receipts"
    static let logSigner = try! SignerKey(name: origin, type: .ed25519, privateKey: seed(0x22))
    /// A key of the same name that is not the log's.
    static let otherLogSigner = try! SignerKey(name: origin, type: .ed25519, privateKey: seed(0x23))
    static let witnesses = (1...3).map { i in
        try! SignerKey(name: "witness\(i).example", type: .cosignatureV1, privateKey: seed(0x30 + UInt8(i)))
    }
    static let unknownWitness = try! SignerKey(name: "witness9.example", type: .cosignatureV1, privateKey: seed(0x39))

    static let issuerName = "inference.example"
    static let issuerPrivateKey = seed(0x11)
    static let issuerKey = try! IssuerKey(name: issuerName, publicKey: issuerPrivateKey.publicKey)
    /// An issuer the policies do not list.
    static let strangerPrivateKey = seed(0x12)

    static let now: UInt64 = 1_767_225_600
    static let nonce: [UInt8] = [0xde, 0xad, 0xbe, 0xef, 0xca, 0xfe, 0xba, 0xbe]
    static let image = try! InferenceReceiptDigest("sha256:" + String(repeating: "ab", count: 32))
    static let request = Array("What is 2+2?".utf8)
    static let response = Array("4".utf8)
    static let requestSalt = [UInt8](1...32)
    static let responseSalt = [UInt8](33...64)

    /// A model directory with two weight files and a config, created once.
    static let modelDirectory: URL = {
        let dir = temporaryDirectory("model")
        write(Array("{\"layers\":2}\n".utf8), "config.json", dir)
        write([UInt8](repeating: 7, count: 1000), "weights/model-00001.bin", dir)
        write([UInt8](repeating: 9, count: 1000), "weights/model-00002.bin", dir)
        return dir
    }()
    static let modelDigest = try! ModelManifest.hashing(directory: modelDirectory.path).digest

    /// The claims of the test receipt; `change` edits them before signing.
    static func claims(_ change: (inout InferenceReceiptClaims) -> Void = { _ in }) -> InferenceReceiptClaims {
        var claims = InferenceReceiptClaims(
            issuer: issuerName, subject: "deployment/llama-7b", issuedAt: now - 60, cwtID: [UInt8](repeating: 0x10, count: 16),
            nonce: nonce, modelID: "llama-7b", modelVersion: "2.0.0", modelHash: modelDigest,
            modelHashScheme: .receiptlogManifestV1,
            evidence: [try! InferenceReceiptEvidence(kind: "tdx-quote", mediaType: "application/octet-stream", digest: Hash.leaf([1]))],
            keyBinding: "report-data-sha512-pubkey",
            measurements: try! AIRMeasurements(
                platform: .tdx, pcr0: [UInt8](repeating: 1, count: 48), pcr1: [UInt8](repeating: 2, count: 48),
                pcr2: [UInt8](repeating: 3, count: 48)),
            imageDigest: image,
            commitments: [
                try! Commitment.commit(to: request, field: .request, salt: requestSalt),
                try! Commitment.commit(to: response, field: .response, salt: responseSalt),
            ])
        change(&claims)
        return claims
    }

    /// The leaf form of the statement carrying `claims`, signed with `key`.
    static func statement(_ claims: InferenceReceiptClaims = claims(), key: Ed25519PrivateKey = issuerPrivateKey) -> [UInt8] {
        try! claims.signedStatement(key: key).leaf
    }

    /// The policy every valid case passes: 2 of 3 witnesses, the issuer, and every expectation.
    static func policy(
        witnesses: [SignerKey]? = Fixtures.witnesses, quorum: Int = 2, issuers: [IssuerKey] = [issuerKey],
        _ change: (inout TrustPolicy.Expectations) -> Void = { _ in }
    ) -> TrustPolicy {
        var e = TrustPolicy.Expectations(
            modelHash: modelDigest, modelID: "llama-7b", imageDigest: image, platform: .tdx, nonce: nonce,
            maximumAge: 3600, evidenceKinds: ["tdx-quote"])
        change(&e)
        let quorum = witnesses.map { try! WitnessPolicy(witnesses: $0.map(\.verifierKey), threshold: quorum) }
        return try! TrustPolicy(
            logKey: logSigner.verifierKey, witnessPolicy: quorum, issuers: try! IssuerList(keys: issuers), expectations: e)
    }

    static func openings(requestSalt: [UInt8] = requestSalt) -> [CommitmentField: VerificationInputs.Opening] {
        [.request: .init(salt: requestSalt, data: request), .response: .init(salt: responseSalt, data: response)]
    }

    static func inputs(
        model: URL? = modelDirectory, openings: [CommitmentField: VerificationInputs.Opening] = openings(),
        now: UInt64 = now
    ) -> VerificationInputs {
        VerificationInputs(now: now, modelFiles: model.map(modelFiles), openings: openings)
    }

    static func modelFiles(_ url: URL) -> VerificationInputs.ModelFiles {
        do throws(StatementsError) {
            return .manifest(try ModelManifest.hashing(directory: url.path), directory: url.path)
        } catch {
            return .unreadable(directory: url.path, error)
        }
    }

    static func temporaryDirectory(_ label: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("receiptlog-verify-\(label)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ bytes: [UInt8], _ relative: String, _ root: URL) {
        let url = root.appendingPathComponent(relative)
        try! FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! Data(bytes).write(to: url)
    }
}

/// An in-memory log: entries, their stored hashes, and bundles cut from any tree size.
struct TestLog {
    private(set) var entries: [[UInt8]] = []
    private var stored: [Hash] = []

    /// A log of `count` filler entries with `statement` at `index`.
    init(count: Int = 13, statement: [UInt8], at index: Int = 5) {
        for i in 0..<count { append(i == index ? statement : Array("filler entry \(i)".utf8)) }
    }

    init(entries: [[UInt8]]) {
        for entry in entries { append(entry) }
    }

    mutating func append(_ entry: [UInt8]) {
        stored += try! storedHashes(index: UInt64(entries.count), entry: entry, reader: stored)
        entries.append(entry)
    }

    func root(size: Int) -> Hash { try! treeHash(size: UInt64(size), reader: stored) }

    func path(_ index: Int, size: Int) -> [Hash] {
        try! InclusionProof(leafIndex: UInt64(index), treeSize: UInt64(size), reader: stored).hashes
    }

    /// The signed (and cosigned) checkpoint of the tree of `size` entries.
    func note(
        size: Int? = nil, signer: SignerKey = Fixtures.logSigner, cosigners: [SignerKey] = Array(Fixtures.witnesses.prefix(2)),
        timestamp: UInt64 = Fixtures.now - 30
    ) -> Note {
        let size = size ?? entries.count
        let checkpoint = try! Checkpoint(origin: signer.name, treeSize: UInt64(size), rootHash: root(size: size))
        var note = try! signer.sign(checkpoint)
        for witness in cosigners {
            note = try! note.adding(try! witness.cosign(checkpoint, timestamp: timestamp).noteSignature)
        }
        return note
    }

    /// The COSE receipt of entry `index` in the tree of `size` entries, signed by the log key.
    func coseReceipt(_ index: Int, size: Int? = nil, key: Ed25519PrivateKey = Fixtures.logSigner.privateKey) -> COSEReceipt {
        let size = size ?? entries.count
        let proof = InclusionProof(leafIndex: UInt64(index), treeSize: UInt64(size), hashes: path(index, size: size))
        let keyID = IssuerKey.bytes(ofKeyID: Fixtures.logSigner.keyID)
        return COSEReceipt.issue(proof: proof, rootHash: root(size: size), issuer: Fixtures.origin, keyID: keyID, key: key)
    }

    /// The bundle for entry `index`, with the parts the defaults give.
    func bundle(
        _ index: Int = 5, size: Int? = nil, note: Note? = nil, withCOSEReceipt: Bool = true
    ) -> ReceiptBundle {
        let size = size ?? entries.count
        return try! ReceiptBundle(
            statement: entries[index], index: UInt64(index), inclusionProof: path(index, size: size),
            note: note ?? self.note(size: size), coseReceipt: withCOSEReceipt ? coseReceipt(index, size: size) : nil)
    }
}
