// specs/receipt-profile.md §Model digest: building the manifest of a model directory.
//
// Two passes. The walk lists every regular file with lstat (or stat when links are followed),
// refusing symbolic links unless asked, refusing sockets, FIFOs and devices, and skipping every
// entry named `.git`. Then each file is streamed through SHA-256 in fixed-size chunks, so memory
// use does not depend on file sizes; a file whose size differs from what the walk saw is an error,
// never a silently different digest.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
    /// directory is walked, a dangling link throws `modelDirectoryUnreadable` and a link to a
    /// directory containing it throws `modelSymlinkLoop`. Other special files throw
    /// `modelSpecialFileRefused`; paths the manifest cannot hold throw `badModelPath`; a file
    /// that changes size while hashed throws `modelChangedDuringHashing`; an empty model throws
    /// `emptyModel`. `progress`, when given, is called on the calling thread after every chunk.
    public static func hashing(
        directory: String, followSymlinks: Bool = false, progress: ((Progress) -> Void)? = nil
    ) throws(StatementsError) -> ModelManifest {
        var walker = DirectoryWalker(root: directory, followSymlinks: followSymlinks)
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
            let sha256 = try hashFile(
                file, root: directory, followSymlinks: followSymlinks, hasher: hasher, buffer: buffer
            ) { count in
                state.bytesHashed &+= UInt64(count)
                progress?(state)
            }
            state.filesHashed += 1
            progress?(state)
            entries.append(try Entry(path: String(decoding: file.path, as: UTF8.self), size: file.size, sha256: sha256))
        }
        return try ModelManifest(entries: entries)
    }

    /// Streams one file through `hasher`, checking that its size is what the walk saw.
    private static func hashFile(
        _ file: DirectoryWalker.File, root: String, followSymlinks: Bool, hasher: SHA256.Incremental,
        buffer: UnsafeMutableRawBufferPointer, chunkDone: (Int) -> Void
    ) throws(StatementsError) -> Hash {
        let shown = String(decoding: file.path, as: UTF8.self)
        let fd = open(file.absolute, O_RDONLY | O_CLOEXEC | (followSymlinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else {
            let code: StatementsError.Code = errno == ELOOP ? .modelSymlinkRefused : .modelDirectoryUnreadable
            throw StatementsError(code, "cannot open \(shown): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, UInt64(st.st_size) == file.size else {
            throw StatementsError(.modelChangedDuringHashing, "\(shown) changed while the model was being hashed")
        }
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
