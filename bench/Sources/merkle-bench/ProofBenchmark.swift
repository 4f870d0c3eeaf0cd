// (d) Inclusion and consistency proofs, built from stored hashes and verified, per second, at
// several tree sizes. The trees are built with the integrator (every level stored) into an
// in-memory array laid out by stored-hash index, the layout Merkle's proof builders read.
import BenchSupport
import Merkle

enum ProofBenchmark {
    /// A tree of `size` golden leaves as an array indexed by stored-hash index, and its root.
    static func storedTree(size: Int) throws -> (stored: [Hash], root: Hash) {
        var stored = [Hash](repeating: .zero, count: Int(storedHashCount(treeSize: UInt64(size))))
        var range = CompactRange.empty
        let batch = 1 << 20
        for start in stride(from: 0, to: size, by: batch) {
            let leaves = (start..<min(start + batch, size)).map { i in
                // Leaf i is the 8-byte big-endian i repeated 8 times, as in (b).
                let word = UInt64(i).bigEndian
                return withUnsafeBytes(of: (word, word, word, word, word, word, word, word)) { Hash.leaf($0) }
            }
            let step = Integration(appending: leaves, to: range, storingEvery: 1)
            for level in step.storedLevels {
                for (i, h) in level.hashes.enumerated() {
                    stored[Int(storedHashIndex(level: level.level, index: level.startIndex + UInt64(i)))] = h
                }
            }
            range = step.range
        }
        // The layout is right only if Merkle's own tree hash over it gives the integrator's root.
        let root = try treeHash(size: UInt64(size), reader: stored)
        guard root == range.rootHash else {
            throw BenchError("stored-hash layout of size \(size) gives root \(root), integrator \(range.rootHash)")
        }
        return (stored, root)
    }

    /// Measures the four proof operations at each size and prints one table row per size.
    static func run(sizes: [Int], seconds: Double) throws {
        print("leaves      | inclusion build | inclusion verify | consistency build | consistency verify  (per CPU-second)")
        for size in sizes {
            let setUp = Instant.now()
            let (stored, root) = try storedTree(size: size)
            let built = Instant.now()
            var generator = SystemRandomNumberGenerator()
            let n = UInt64(size)
            let leafIndexes = (0..<1024).map { _ in UInt64.random(in: 0..<n, using: &generator) }
            let oldSizes = (0..<1024).map { _ in UInt64.random(in: 1...n, using: &generator) }
            let oldRoots = try oldSizes.map { try treeHash(size: $0, reader: stored) }
            let leafHashes = leafIndexes.map { stored[Int(storedHashIndex(level: 0, index: $0))] }

            var k = 0
            var inclusion: [InclusionProof] = []
            let inclusionBuild = measure(forAtLeast: seconds) {
                let p = try! InclusionProof(leafIndex: leafIndexes[k & 1023], treeSize: n, reader: stored)
                if inclusion.count < 1024 { inclusion.append(p) }
                k += 1
            }
            k = 0
            let inclusionVerify = measure(forAtLeast: seconds) {
                try! inclusion[k & 1023].verify(leafHash: leafHashes[k & 1023], rootHash: root)
                k += 1
            }
            k = 0
            var consistency: [ConsistencyProof] = []
            let consistencyBuild = measure(forAtLeast: seconds) {
                let p = try! ConsistencyProof(oldSize: oldSizes[k & 1023], newSize: n, reader: stored)
                if consistency.count < 1024 { consistency.append(p) }
                k += 1
            }
            k = 0
            let consistencyVerify = measure(forAtLeast: seconds) {
                try! consistency[k & 1023].verify(oldRoot: oldRoots[k & 1023], newRoot: root)
                k += 1
            }
            func cell(_ r: Rate, _ width: Int) -> String { pad(format(r.perCPUSecond) + "/s", width) }
            print(
                pad(format(Double(size)), 11, alignLeft: true) + " | "
                    + cell(inclusionBuild, 15) + " | " + cell(inclusionVerify, 16) + " | "
                    + cell(consistencyBuild, 17) + " | " + cell(consistencyVerify, 18)
                    + "   (tree built in \(format(built.wall - setUp.wall)) s)")
        }
    }
}
