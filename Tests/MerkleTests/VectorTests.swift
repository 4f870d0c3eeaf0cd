import Foundation
import Merkle
import Testing

/// The transparency-dev/merkle proof vectors in Tests/Vectors/merkle: each valid proof comes with
/// generated corruptions, and each file says whether verification must fail (`wantErr`).
@Suite struct VectorTests {
    struct InclusionVector: Decodable {
        let leafIdx: UInt64
        let treeSize: UInt64
        let root: String
        let leafHash: String
        let proof: [String]?
        let desc: String
        let wantErr: Bool
    }

    struct ConsistencyVector: Decodable {
        let size1: UInt64
        let size2: UInt64
        let root1: String
        let root2: String
        let proof: [String]?
        let desc: String
        let wantErr: Bool
    }

    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Vectors/merkle")

    static func files(_ kind: String) throws -> [URL] {
        let dir = root.appendingPathComponent(kind)
        guard let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else {
            return []
        }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }
            .sorted { $0.path < $1.path }
    }

    /// Decodes a vector's base64 hash; nil if it is not 32 bytes (`Hash` refuses those).
    static func hash(_ base64: String) throws -> Hash? {
        let bytes = try #require(Data(base64Encoded: base64), "not base64: \(base64)")
        guard bytes.count == Hash.count else {
            #expect(throws: MerkleError(.badHashLength, "")) { try Hash(bytes: bytes) }
            return nil
        }
        return try Hash(bytes: bytes)
    }

    /// Decodes a root. Some vectors use roots that are not 32 bytes ("ZG9uJ3QgY2FyZSAx", "don't
    /// care 1", or "") where only their equality matters: the reference implementation compares
    /// roots as byte strings, so such a root can match only an identical string. They map
    /// injectively (barring SHA-256 collisions) to the SHA-256 of a tag and the bytes, which
    /// keeps exactly that behaviour.
    static func root(_ base64: String) throws -> Hash {
        if let h = try hash(base64) { return h }
        return Hash.leaf(Array("not a 32-byte root:".utf8) + Data(base64Encoded: base64)!)
    }

    /// Decodes a leaf hash and proof. A leaf hash or proof element that is not 32 bytes cannot
    /// be passed to the verifiers at all (the reference implementation rejects it too), so the
    /// vector counts as rejected.
    static func hashes(_ leafHash: String?, _ proof: [String]?) throws -> (leaf: Hash?, proof: [Hash])? {
        var out: [Hash] = []
        for p in proof ?? [] {
            guard let h = try hash(p) else { return nil }
            out.append(h)
        }
        guard let leafHash else { return (nil, out) }
        guard let leaf = try hash(leafHash) else { return nil }
        return (leaf, out)
    }

    @Test func everyVectorGivesItsWantErr() throws {
        let inclusionFiles = try Self.files("inclusion")
        let consistencyFiles = try Self.files("consistency")
        var inclusionRan = 0
        var consistencyRan = 0
        var happy = 0

        for file in inclusionFiles {
            let v = try JSONDecoder().decode(InclusionVector.self, from: Data(contentsOf: file))
            inclusionRan += 1
            guard let (leafHash, hashes) = try Self.hashes(v.leafHash, v.proof), let leafHash else {
                #expect(v.wantErr, "\(file.path): \(v.desc) has no 32-byte leaf hash but must verify")
                continue
            }
            let proof = InclusionProof(leafIndex: v.leafIdx, treeSize: v.treeSize, hashes: hashes)
            let rootHash = try Self.root(v.root)
            let result = Result { () throws(MerkleError) in try proof.verify(leafHash: leafHash, rootHash: rootHash) }
            switch result {
            case .success:
                #expect(!v.wantErr, "\(file.path): \(v.desc) verified but must fail")
                happy += 1
            case .failure(let error):
                #expect(v.wantErr, "\(file.path): \(v.desc) failed: \(error)")
                #expect(error.code == .invalidProof)
            }
        }

        for file in consistencyFiles {
            let v = try JSONDecoder().decode(ConsistencyVector.self, from: Data(contentsOf: file))
            consistencyRan += 1
            guard let (_, hashes) = try Self.hashes(nil, v.proof) else {
                #expect(v.wantErr, "\(file.path): \(v.desc) has a proof hash that is not 32 bytes but must verify")
                continue
            }
            let proof = ConsistencyProof(oldSize: v.size1, newSize: v.size2, hashes: hashes)
            let oldRoot = try Self.root(v.root1)
            let newRoot = try Self.root(v.root2)
            let result = Result { () throws(MerkleError) in try proof.verify(oldRoot: oldRoot, newRoot: newRoot) }
            switch result {
            case .success:
                #expect(!v.wantErr, "\(file.path): \(v.desc) verified but must fail")
                happy += 1
            case .failure(let error):
                #expect(v.wantErr, "\(file.path): \(v.desc) failed: \(error)")
                #expect(error.code == .invalidProof)
            }
        }

        print("merkle vectors: \(inclusionRan) inclusion, \(consistencyRan) consistency (\(happy) valid)")
        #expect(inclusionRan == inclusionFiles.count)
        #expect(consistencyRan == consistencyFiles.count)
        // The vector set as copied: 98 inclusion and 98 consistency files, 12 of them valid.
        #expect(inclusionRan == 98)
        #expect(consistencyRan == 98)
        #expect(happy == 12)
    }

    /// The vectors' valid inclusion proofs, rebuilt: the root a proof implies is the vector's
    /// root, through the helper COSE receipts use.
    @Test func rootFromInclusionProofMatchesHappyPaths() throws {
        var checked = 0
        for file in try Self.files("inclusion") where file.lastPathComponent == "happy-path.json" {
            let v = try JSONDecoder().decode(InclusionVector.self, from: Data(contentsOf: file))
            let (leaf, proof) = try #require(try Self.hashes(v.leafHash, v.proof))
            let root = try rootFromInclusionProof(
                leafHash: #require(leaf), index: v.leafIdx, treeSize: v.treeSize, proof: proof)
            #expect(root == (try Self.root(v.root)))
            checked += 1
        }
        #expect(checked == 5)
    }
}
