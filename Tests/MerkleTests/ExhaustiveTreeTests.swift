import Merkle
import Testing

/// Every inclusion and consistency proof of every tree of 1…300 leaves, built from stored hashes
/// and checked against the RFC 6962 definitions, verified, then corrupted.
@Suite struct ExhaustiveTreeTests {
    static let chunks: [ClosedRange<Int>] = stride(from: 1, through: TestTree.maxSize, by: 30).map {
        $0...min($0 + 29, TestTree.maxSize)
    }

    /// Whether `body` throws; any error must be the one opaque proof failure.
    func fails(_ body: () throws -> Void) -> Bool {
        do {
            try body()
            return false
        } catch {
            #expect((error as? MerkleError)?.code == .invalidProof)
            return true
        }
    }

    @Test func storedHashesMatchTheIndexFunctions() throws {
        let t = TestTree.shared
        #expect(UInt64(t.stored.count) == storedHashCount(treeSize: UInt64(TestTree.maxSize)))
        for i in 0..<t.stored.count {
            let (level, n) = splitStoredHashIndex(UInt64(i))
            #expect(storedHashIndex(level: level, index: n) == UInt64(i))
            // The hash stored there is MTH of the subtree it names.
            let lo = Int(n) << level
            #expect(t.stored[i] == t.mth(lo..<lo + (1 << level)))
        }
        for n in 0...TestTree.maxSize {
            #expect(t.roots[n] == t.mth(0..<n))
        }
        #expect(t.roots[0] == Hash.emptyTree)
    }

    @Test(arguments: chunks) func inclusionProofs(sizes: ClosedRange<Int>) throws {
        let t = TestTree.shared
        var shapeTwins = 0
        for n in sizes {
            let size = UInt64(n)
            let root = t.roots[n]
            for i in 0..<n {
                let index = UInt64(i)
                let leaf = t.leaves[i]
                let proof = try InclusionProof(leafIndex: index, treeSize: size, reader: t.stored)
                #expect(proof.hashes == t.referencePath(i, n))
                try proof.verify(leafHash: leaf, rootHash: root)
                #expect(try rootFromInclusionProof(leafHash: leaf, index: index, treeSize: size, proof: proof.hashes) == root)

                let h = proof.hashes
                for j in h.indices {
                    var bad = h
                    bad[j] = bad[j].flipping(bit: 7 * j + i)
                    #expect(fails { try InclusionProof(leafIndex: index, treeSize: size, hashes: bad).verify(leafHash: leaf, rootHash: root) })
                }
                #expect(fails { try proof.verify(leafHash: leaf.flipping(bit: i), rootHash: root) })
                #expect(fails { try proof.verify(leafHash: leaf, rootHash: root.flipping(bit: i)) })
                // A different index has a different path shape, so it never verifies.
                for other in [index &- 1, index + 1] {
                    #expect(fails { try InclusionProof(leafIndex: other, treeSize: size, hashes: h).verify(leafHash: leaf, rootHash: root) })
                }
                // A different size verifies only when the leaf's path has exactly the same shape
                // (e.g. leaf 0 of 3 and of 4: both combine [leaf, h1, h2] left-to-right). Such a
                // proof is not wrong, it is ambiguous; any other size must fail.
                for other in [size - 1, size + 1] {
                    let failed = fails { try InclusionProof(leafIndex: index, treeSize: other, hashes: h).verify(leafHash: leaf, rootHash: root) }
                    let twin = index < other && TestTree.shape(index, other) == TestTree.shape(index, size)
                    #expect(failed == !twin, "leaf \(i) size \(n) as size \(other)")
                    if twin { shapeTwins += 1 }
                }
                if !h.isEmpty {
                    #expect(fails { try InclusionProof(leafIndex: index, treeSize: size, hashes: Array(h.dropLast())).verify(leafHash: leaf, rootHash: root) })
                    #expect(fails { try InclusionProof(leafIndex: index, treeSize: size, hashes: Array(h.dropFirst())).verify(leafHash: leaf, rootHash: root) })
                }
                #expect(fails { try InclusionProof(leafIndex: index, treeSize: size, hashes: h + [root]).verify(leafHash: leaf, rootHash: root) })
                #expect(fails { try InclusionProof(leafIndex: index, treeSize: size, hashes: [leaf] + h).verify(leafHash: leaf, rootHash: root) })
            }
        }
    }

    @Test(arguments: chunks) func consistencyProofs(sizes: ClosedRange<Int>) throws {
        let t = TestTree.shared
        for n in sizes {
            let newSize = UInt64(n)
            let r2 = t.roots[n]
            for m in 1...n {
                let oldSize = UInt64(m)
                let r1 = t.roots[m]
                let proof = try ConsistencyProof(oldSize: oldSize, newSize: newSize, reader: t.stored)
                #expect(proof.hashes == t.referenceConsistency(m, n))
                try proof.verify(oldRoot: r1, newRoot: r2)
                #expect(TestTree.referenceVerifyConsistency(oldSize, newSize, proof.hashes, r1, r2))

                let h = proof.hashes
                func check(_ old: UInt64, _ new: UInt64, _ hashes: [Hash], _ a: Hash, _ b: Hash) -> Bool {
                    fails { try ConsistencyProof(oldSize: old, newSize: new, hashes: hashes).verify(oldRoot: a, newRoot: b) }
                }
                for j in h.indices {
                    var bad = h
                    bad[j] = bad[j].flipping(bit: 5 * j + m)
                    #expect(check(oldSize, newSize, bad, r1, r2))
                }
                #expect(check(oldSize, newSize, h, r1.flipping(bit: m), r2))
                #expect(check(oldSize, newSize, h, r1, r2.flipping(bit: n)))
                if m != n { #expect(check(oldSize, newSize, h, r2, r1)) }
                if !h.isEmpty {
                    #expect(check(oldSize, newSize, Array(h.dropLast()), r1, r2))
                    #expect(check(oldSize, newSize, Array(h.dropFirst()), r1, r2))
                }
                #expect(check(oldSize, newSize, h + [r2], r1, r2))
                #expect(check(oldSize, newSize, [r1] + h, r1, r2))
                // Other sizes with the same roots: these verify exactly when the independent
                // recursive verifier says the hashes prove that claim too.
                for (old, new) in [(oldSize - 1, newSize), (oldSize + 1, newSize), (oldSize, newSize - 1), (oldSize, newSize + 1)] {
                    let expected = TestTree.referenceVerifyConsistency(old, new, h, r1, r2)
                    #expect(check(old, new, h, r1, r2) == !expected, "\(m)→\(n) as \(old)→\(new)")
                }
            }
        }
    }

    /// Nothing can be built for impossible ranges.
    @Test func buildingRejectsImpossibleRanges() throws {
        let t = TestTree.shared
        #expect(throws: MerkleError(.indexOutOfRange, "")) { try InclusionProof(leafIndex: 5, treeSize: 5, reader: t.stored) }
        #expect(throws: MerkleError(.indexOutOfRange, "")) { try ConsistencyProof(oldSize: 0, newSize: 5, reader: t.stored) }
        #expect(throws: MerkleError(.indexOutOfRange, "")) { try ConsistencyProof(oldSize: 6, newSize: 5, reader: t.stored) }
        #expect(throws: MerkleError(.treeTooLarge, "")) { try treeHash(size: maxTreeSize + 1, reader: t.stored) }
        #expect(throws: MerkleError(.badHashReader, "")) { try treeHash(size: 301, reader: t.stored) }
        let short = HashReaderFunction { _ in [] }
        #expect(throws: MerkleError(.badHashReader, "")) { try treeHash(size: 3, reader: short) }
        #expect(try ConsistencyProof(oldSize: 7, newSize: 7, reader: t.stored).hashes.isEmpty)
    }
}
