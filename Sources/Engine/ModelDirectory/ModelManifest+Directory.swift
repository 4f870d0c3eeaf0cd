// specs/receipt-profile.md §Model digest: building the manifest of a model directory.
//
// Two passes. The walk (ModelManifest.DirectoryWalker) lists every regular file, resolving each
// name relative to its open directory, refusing symbolic links unless asked, refusing sockets,
// FIFOs and devices, and skipping every entry named `.git`. Then each file is opened again the
// same way, checked on its descriptor to be the file the walk saw, and streamed through SHA-256
// in fixed-size chunks, so memory use does not depend on file sizes; a file that changed since
// the walk is an error, never a silently different digest.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import Statements
import Merkle
internal import CryptoPrimitives

extension ModelManifest {
    /// How far hashing a model directory has got, passed to the progress callback.
    public struct Progress: Sendable, Hashable {
        /// Bytes hashed so far.
        public var bytesHashed: UInt64
        /// Bytes in all files found by the walk.
        public var totalBytes: UInt64
        /// Files completely hashed so far.
        public var filesHashed: Int
        /// Files found by the walk.
        public var totalFiles: Int
    }

    /// The size of the chunks files are read in, in bytes.
    public static let chunkCount = 1 << 20

    /// Hashes the model directory at `directory` into a manifest.
    ///
    /// Every regular file below `directory` is listed under its path relative to it; entries
    /// named `.git` (directories or files, at any depth) are skipped. Symbolic links throw
    /// `modelSymlinkRefused` unless `followSymlinks` is true, in which case a link is listed under
    /// its own path with the contents of what it points to (wherever that is), a link to a
    /// directory is walked, a dangling link throws `modelDirectoryUnreadable`, and a link to a
    /// directory containing it, or more than 4,096 links to directories followed in one walk,
    /// throws `modelSymlinkLoop`. Other special files throw `modelSpecialFileRefused`; paths the
    /// manifest cannot hold, or more than 128 directories deep, throw `badModelPath`; a file that
    /// is replaced, or changes size, between the walk and the end of its hashing (or a directory
    /// replaced during the walk) throws `modelChangedDuringHashing`; an empty model throws
    /// `emptyModel`. `progress`, when given, is called on the calling thread after every chunk.
    public static func hashing(
        directory: String, followSymlinks: Bool = false, progress: ((Progress) -> Void)? = nil
    ) throws(StatementsError) -> ModelManifest {
        let walker = try DirectoryWalker(root: directory, followSymlinks: followSymlinks)
        let files = try walker.walk()
        guard !files.isEmpty else {
            throw StatementsError(.emptyModel, "the model directory \(directory) holds no regular file")
        }
        var state = Progress(
            bytesHashed: 0, totalBytes: files.reduce(0) { $0 &+ $1.size }, filesHashed: 0, totalFiles: files.count)
        let hasher = SHA256.Incremental()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkCount, alignment: 64)
        defer { buffer.deallocate() }
        var entries = [Entry]()
        entries.reserveCapacity(files.count)
        for file in files {
            let sha256 = try hashFile(file, walker: walker, hasher: hasher, buffer: buffer) { count in
                state.bytesHashed &+= UInt64(count)
                progress?(state)
            }
            state.filesHashed += 1
            progress?(state)
            entries.append(try Entry(path: String(decoding: file.path, as: UTF8.self), size: file.size, sha256: sha256))
        }
        return try ModelManifest(entries: entries)
    }

    /// Streams one file through `hasher`, read through the descriptor on which it was checked to
    /// be the file the walk saw, and checks that its size stays what the walk saw.
    private static func hashFile(
        _ file: DirectoryWalker.File, walker: DirectoryWalker, hasher: SHA256.Incremental,
        buffer: UnsafeMutableRawBufferPointer, chunkDone: (Int) -> Void
    ) throws(StatementsError) -> Hash {
        let shown = String(decoding: file.path, as: UTF8.self)
        let fd = try walker.openFile(file)
        defer { close(fd) }
        #if canImport(Glibc)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        hasher.reset()
        var total: UInt64 = 0
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw StatementsError(.modelDirectoryUnreadable, "cannot read \(shown): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            total += UInt64(n)
            guard total <= file.size else { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            chunkDone(n)
        }
        guard total == file.size else {
            throw StatementsError(.modelChangedDuringHashing, "\(shown) changed size while the model was being hashed")
        }
        let digest = hasher.finish()
        return Hash { out in digest.withUnsafeBytes { out.copyMemory(from: $0.baseAddress!, byteCount: 32) } }
    }
}
