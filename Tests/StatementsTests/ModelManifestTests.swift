import Foundation
import HTTPTestSupport
import Merkle
import ModelDirectory
import Statements
import Testing

@Suite struct ModelManifestDirectoryTests {
    typealias S = ProfileTestSupport

    /// A small model: config, tokenizer and two weight shards in a subdirectory.
    func makeModel(order: [Int] = [0, 1, 2, 3]) throws -> URL {
        let root = try S.temporaryDirectory()
        let files: [(String, [UInt8])] = [
            ("config.json", Array("{\"hidden\":4096}\n".utf8)),
            ("tokenizer.json", Array("{\"vocab\":[]}".utf8)),
            ("weights/model-00001-of-00002.safetensors", [UInt8](repeating: 0xAB, count: 3000)),
            ("weights/model-00002-of-00002.safetensors", (0..<5000).map { UInt8(truncatingIfNeeded: $0) }),
        ]
        for i in order { try S.write(files[i].1, at: files[i].0, under: root) }
        return root
    }

    func digest(_ root: URL, follow: Bool = false) throws -> Hash {
        try ModelManifest.hashing(directory: root.path, followSymlinks: follow).digest
    }

    @Test func manifestListsEveryFileSortedWithSizesAndHashes() throws {
        let root = try makeModel()
        defer { try? FileManager.default.removeItem(at: root) }
        let manifest = try ModelManifest.hashing(directory: root.path)
        #expect(manifest.entries.map(\.path) == [
            "config.json", "tokenizer.json", "weights/model-00001-of-00002.safetensors",
            "weights/model-00002-of-00002.safetensors",
        ])
        #expect(manifest.entries.map(\.size) == [16, 12, 3000, 5000])
        let shard = [UInt8](repeating: 0xAB, count: 3000)
        #expect(manifest.entries[2].sha256.bytes == Array(SHA256Digest.of(shard)))
        #expect(manifest.totalSize == 8028)
    }

    @Test func stableUnderFileCreationOrder() throws {
        let a = try makeModel(order: [0, 1, 2, 3])
        let b = try makeModel(order: [3, 1, 2, 0])
        defer { for d in [a, b] { try? FileManager.default.removeItem(at: d) } }
        #expect(try ModelManifest.hashing(directory: a.path) == ModelManifest.hashing(directory: b.path))
        #expect(try digest(a) == digest(b))
    }

    @Test func changedByRenameRemovalAdditionAndOneFlippedByte() throws {
        let root = try makeModel()
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        var seen: Set<Hash> = [try digest(root)]
        func expectNew() throws { #expect(seen.insert(try digest(root)).inserted) }

        try fm.moveItem(at: root.appendingPathComponent("tokenizer.json"), to: root.appendingPathComponent("tokenizer2.json"))
        try expectNew()  // rename
        try fm.removeItem(at: root.appendingPathComponent("tokenizer2.json"))
        try expectNew()  // removal
        try S.write([], at: "weights/README", under: root)
        try expectNew()  // an added (even empty) file
        let shard = root.appendingPathComponent("weights/model-00002-of-00002.safetensors")
        var bytes = try Data(contentsOf: shard)
        bytes[4321] ^= 0x01
        try bytes.write(to: shard)
        try expectNew()  // one flipped bit in one byte
        try fm.moveItem(at: root.appendingPathComponent("weights"), to: root.appendingPathComponent("w"))
        try expectNew()  // a renamed directory renames every path below it
    }

    @Test func sortsByPathBytesNotByWalkOrder() throws {
        let root = try S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // '.' (0x2E) sorts before '/' (0x2F); 'Z' before 'a'; UTF-8 multi-byte after ASCII.
        for name in ["a/b", "a.b", "Zeta", "alpha", "é", "a0"] { try S.write(Array(name.utf8), at: name, under: root) }
        let manifest = try ModelManifest.hashing(directory: root.path)
        #expect(manifest.entries.map(\.path) == ["Zeta", "a.b", "a/b", "a0", "alpha", "é"])
    }

    @Test func gitIsIgnoredAtAnyDepth() throws {
        let root = try makeModel()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try digest(root)
        try S.write(Array("ref: refs/heads/main\n".utf8), at: ".git/HEAD", under: root)
        try S.write([1, 2, 3], at: ".git/objects/ab/cdef", under: root)
        try S.write(Array("gitdir: ../.git/modules/w\n".utf8), at: "weights/.git", under: root)
        #expect(try digest(root) == before)
        // A name that merely starts with .git is an ordinary file.
        try S.write([1], at: ".gitattributes", under: root)
        #expect(try digest(root) != before)
    }

    @Test func symlinksAreRefusedUnlessFollowed() throws {
        let root = try makeModel()
        defer { try? FileManager.default.removeItem(at: root) }
        let copy = try makeModel()
        defer { try? FileManager.default.removeItem(at: copy) }
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("alias.json").path, withDestinationPath: "config.json")
        #expect(throws: StatementsError(.modelSymlinkRefused, "")) { try digest(root) }
        // Followed, the link is listed under its own name with its target's contents.
        try fm.copyItem(at: copy.appendingPathComponent("config.json"), to: copy.appendingPathComponent("alias.json"))
        #expect(try digest(root, follow: true) == digest(copy))

        // A link to a directory is walked when followed.
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("shards").path, withDestinationPath: "weights")
        try fm.copyItem(at: copy.appendingPathComponent("weights"), to: copy.appendingPathComponent("shards"))
        #expect(try digest(root, follow: true) == digest(copy))
    }

    @Test func followedLinkLoopsAndDanglingLinksAreErrors() throws {
        let root = try makeModel()
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("weights/up").path, withDestinationPath: "..")
        #expect(throws: StatementsError(.modelSymlinkLoop, "")) { try digest(root, follow: true) }
        try fm.removeItem(at: root.appendingPathComponent("weights/up"))
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("gone").path, withDestinationPath: "nowhere")
        #expect(throws: StatementsError(.modelDirectoryUnreadable, "")) { try digest(root, follow: true) }
        #expect(throws: StatementsError(.modelSymlinkRefused, "")) { try digest(root) }
    }

    /// A chain of directories each holding two links to the next (2^depth paths) is refused
    /// after a bounded number of followed links, instead of being walked path by path.
    @Test func aChainOfDirectoryLinksIsRefusedNotWalkedExponentially() throws {
        let root = try S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        /// Levels d0 … d(depth): d(i) holds links a and b to d(i+1); the last holds one file.
        func chain(_ name: String, depth: Int) throws {
            for i in 0...depth { try fm.createDirectory(at: root.appendingPathComponent("\(name)/d\(i)"), withIntermediateDirectories: true) }
            try S.write([1], at: "\(name)/d\(depth)/weights.bin", under: root)
            for i in 0..<depth {
                for link in ["a", "b"] {
                    try fm.createSymbolicLink(atPath: root.appendingPathComponent("\(name)/d\(i)/\(link)").path, withDestinationPath: "../d\(i + 1)")
                }
            }
        }
        // 2^14 copies of one file: small enough to list, still refused.
        try chain("short", depth: 14)
        try #require(throws: StatementsError(.modelSymlinkLoop, "")) { try digest(root, follow: true) }
        try chain("long", depth: 40)
        #expect(throws: StatementsError(.modelSymlinkLoop, "")) { try digest(root, follow: true) }
        // Not followed, the first link is refused.
        #expect(throws: StatementsError(.modelSymlinkRefused, "")) { try digest(root) }
    }

    /// A directory swapped for a link to another directory, after the walk and before its file is
    /// read, is not followed: the digest of other bytes is never reported.
    @Test func aDirectorySwappedForALinkDuringHashingIsNotFollowed() throws {
        let root = try S.temporaryDirectory()
        let elsewhere = try S.temporaryDirectory()
        defer { for d in [root, elsewhere] { try? FileManager.default.removeItem(at: d) } }
        try S.write([1], at: "a.bin", under: root)
        try S.write([2, 2, 2], at: "w/x.bin", under: root)
        try S.write([3, 3, 3], at: "w/x.bin", under: elsewhere)
        let fm = FileManager.default
        var swapped = false
        #expect(throws: StatementsError(.modelChangedDuringHashing, "")) {
            try ModelManifest.hashing(directory: root.path) { progress in
                // a.bin is hashed first; then w becomes a link to a directory elsewhere.
                guard progress.filesHashed == 1, !swapped else { return }
                swapped = true
                try! fm.moveItem(at: root.appendingPathComponent("w"), to: root.appendingPathComponent("w-old"))
                try! fm.createSymbolicLink(atPath: root.appendingPathComponent("w").path, withDestinationPath: elsewhere.appendingPathComponent("w").path)
            }
        }
        #expect(swapped)
    }

    /// A file replaced by another file of the same size between the walk and its hashing is an
    /// error: the bytes hashed must be the file the walk found.
    @Test func aFileReplacedDuringHashingIsAnError() throws {
        let root = try S.temporaryDirectory()
        let elsewhere = try S.temporaryDirectory()
        defer { for d in [root, elsewhere] { try? FileManager.default.removeItem(at: d) } }
        try S.write([1], at: "a.bin", under: root)
        try S.write([2, 2, 2], at: "b.bin", under: root)
        try S.write([3, 3, 3], at: "b.bin", under: elsewhere)
        var swapped = false
        #expect(throws: StatementsError(.modelChangedDuringHashing, "")) {
            try ModelManifest.hashing(directory: root.path) { progress in
                guard progress.filesHashed == 1, !swapped else { return }
                swapped = true
                #expect(rename(elsewhere.appendingPathComponent("b.bin").path, root.appendingPathComponent("b.bin").path) == 0)
            }
        }
        #expect(swapped)
    }

    @Test func specialFilesAreRefused() throws {
        let root = try makeModel()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(mkfifo(root.appendingPathComponent("weights/pipe").path, 0o600) == 0)
        #expect(throws: StatementsError(.modelSpecialFileRefused, "")) { try digest(root) }
    }

    @Test func unusablePathsAndDirectoriesAreErrors() throws {
        let root = try S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: StatementsError(.emptyModel, "")) { try digest(root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("only/empty/dirs"), withIntermediateDirectories: true)
        #expect(throws: StatementsError(.emptyModel, "")) { try digest(root) }
        #expect(throws: StatementsError(.modelDirectoryUnreadable, "")) {
            try ModelManifest.hashing(directory: root.appendingPathComponent("missing").path)
        }
        try S.write([1], at: "file", under: root)
        #expect(throws: StatementsError(.modelDirectoryUnreadable, "")) {
            try ModelManifest.hashing(directory: root.appendingPathComponent("file").path)
        }
        try S.write([1], at: "bad\nname", under: root)
        #expect(throws: StatementsError(.badModelPath, "")) { try digest(root) }
    }

    @Test func largeFilesStreamInChunksAndReportProgress() throws {
        let root = try S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let big = (0..<(ModelManifest.chunkCount * 5 / 2)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try S.write(big, at: "big.bin", under: root)
        try S.write([9], at: "small.bin", under: root)
        var reports = [ModelManifest.Progress]()
        let manifest = try ModelManifest.hashing(directory: root.path) { reports.append($0) }
        #expect(manifest.entries[0].sha256.bytes == Array(SHA256Digest.of(big)))
        #expect(reports.count >= 5)
        let increasing = zip(reports, reports.dropFirst()).allSatisfy { (a: ModelManifest.Progress, b: ModelManifest.Progress) in
            a.bytesHashed <= b.bytesHashed
        }
        #expect(increasing)
        let last = try #require(reports.last)
        let total = UInt64(big.count + 1)
        #expect(last.bytesHashed == total && last.totalBytes == total)
        #expect(last.filesHashed == 2 && last.totalFiles == 2)
    }

    /// The recipe in specs/receipt-profile.md §Model digest, run with bash, find, sort, stat and
    /// sha256sum, must give the same digest and the same manifest text.
    @Test func shellRecipeRecomputesTheDigest() throws {
        let root = try makeModel()
        defer { try? FileManager.default.removeItem(at: root) }
        try S.write(Array("spaces".utf8), at: "with  two  spaces.txt", under: root)
        try S.write(Array("x".utf8), at: "a.b", under: root)
        try S.write(Array("y".utf8), at: "a/b", under: root)
        try S.write([1], at: ".git/HEAD", under: root)
        let manifest = try ModelManifest.hashing(directory: root.path)
        let recipe = #"""
            find . -name .git -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | while IFS= read -r -d '' f; do printf '%s  %s  %s\n' "$(sha256sum < "$f" | cut -c1-64)" "$(stat -c %s -- "$f")" "$f"; done
            """#
        for (script, want) in [
            (recipe, String(decoding: manifest.canonicalEncoding, as: UTF8.self)),
            (recipe + " | sha256sum | cut -c1-64", manifest.digest.hex + "\n"),
        ] {
            let result = try ChildProcess.run(["-c", script], executable: URL(fileURLWithPath: "/bin/bash"), directory: root)
            #expect(result.status == 0)
            #expect(result.stdout == want)
        }
    }
}

/// SHA-256 through a path independent of ModelManifest's streaming hasher.
enum SHA256Digest {
    static func of(_ bytes: [UInt8]) -> [UInt8] {
        let output = try! ChildProcess.run(["sha256sum"], executable: URL(fileURLWithPath: "/usr/bin/env"), stdin: Data(bytes))
        return ProfileTestSupport.unhex(String(output.stdout.prefix(64)))
    }
}
