// Durable local files: the key files, the log's signed-head record, the witness's binding and the
// clients' state files. A file is durable once its bytes and its directory entry are synced
// (fsync(2) on the file, then on the directory that names it); a replacement is atomic because
// rename(2) is.
#if canImport(Glibc)
    public import Glibc
    private let systemRead = Glibc.read
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    public import Darwin
    private let systemRead = Darwin.read
    private let systemWrite = Darwin.write
#endif

/// Reading, creating and atomically replacing small local files, each synced with its directory
/// before the call returns.
///
/// A failed fsync is never retried into success (after a failed fsync the kernel may have dropped
/// the dirty pages): every sync failure throws ``LocalFilesError/Code/io``, and callers fail stop.
public enum LocalFile {
    /// Reads all of `path`; returns nil when no file is there.
    ///
    /// Throws ``LocalFilesError/Code/tooLarge`` past `limit` bytes and ``LocalFilesError/Code/io``
    /// when it cannot be read. With `privateFile` (for private keys), also throws
    /// ``LocalFilesError/Code/unsafeFile`` when `path` is a symbolic link or not a regular file,
    /// is owned by another user, or grants any permission to its group or to others: a key that
    /// others could have read or replaced is not used.
    public static func read(_ path: String, limit: Int, privateFile: Bool = false) throws(LocalFilesError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | (privateFile ? O_NOFOLLOW : 0))
        guard fd >= 0 else {
            let e = errno
            if e == ENOENT { return nil }
            if privateFile && e == ELOOP {
                throw LocalFilesError(
                    .unsafeFile, "\(path) is a symbolic link; a private key must be a regular file (copy it in place)")
            }
            throw failure(.io, "cannot open \(path)", e)
        }
        defer { close(fd) }
        if privateFile { try checkPrivate(fd, path: path) }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(.io, "cannot read \(path)", errno)
            }
            if n == 0 { return bytes }
            guard bytes.count + n <= limit else {
                throw LocalFilesError(.tooLarge, "\(path) is longer than \(limit) bytes")
            }
            bytes += chunk[0..<n]
        }
    }

    /// Creates `path` with `mode` (never replacing a file), writes `bytes`, and syncs the file and
    /// its directory.
    ///
    /// Throws ``LocalFilesError/Code/exists`` when a file (or link) is already there, and
    /// ``LocalFilesError/Code/io`` when a step fails; a file that was created but not completed
    /// is removed.
    public static func create(_ path: String, bytes: [UInt8], mode: mode_t) throws(LocalFilesError) {
        try writeNew(path, bytes: bytes, mode: mode)
        try syncDirectory(containing: path)
    }

    /// Replaces `path` atomically with `bytes` and mode `mode`: writes and syncs `path.new`,
    /// renames it over `path` and syncs the directory. A reader, or a restart after a crash at any
    /// point, sees the old file or the new one, never a mix; once this returns the new one is
    /// durable.
    public static func replace(_ path: String, bytes: [UInt8], mode: mode_t) throws(LocalFilesError) {
        let temporary = path + ".new"
        unlink(temporary)
        try writeNew(temporary, bytes: bytes, mode: mode)
        guard rename(temporary, path) == 0 else {
            let e = errno
            unlink(temporary)
            throw failure(.io, "cannot rename \(temporary) to \(path)", e)
        }
        try syncDirectory(containing: path)
    }

    /// Syncs the directory that holds `path`, so that a file created, renamed or removed there
    /// survives a crash.
    public static func syncDirectory(containing path: String) throws(LocalFilesError) {
        let directory: String
        if let slash = path.lastIndex(of: "/") {
            directory = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            directory = "."
        }
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(.io, "cannot open the directory \(directory)", errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure(.io, "cannot sync the directory \(directory)", errno) }
    }

    /// Creates `path` (never through a link, never over a file) with `mode`, writes `bytes` and
    /// syncs it; removes what it created when a step fails.
    private static func writeNew(_ path: String, bytes: [UInt8], mode: mode_t) throws(LocalFilesError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else {
            let e = errno
            if e == EEXIST { throw LocalFilesError(.exists, "\(path) already exists; refusing to overwrite it", errno: e) }
            throw failure(.io, "cannot create \(path)", e)
        }
        do {
            try write(bytes, to: fd, mode: mode, path: path)
            close(fd)
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
    }

    /// Sets `mode` (the umask can only clear bits), writes all of `bytes` and syncs `fd`.
    private static func write(_ bytes: [UInt8], to fd: Int32, mode: mode_t, path: String) throws(LocalFilesError) {
        guard fchmod(fd, mode) == 0 else { throw failure(.io, "cannot set the mode of \(path)", errno) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw failure(.io, "cannot write \(path)", errno) }
            written += n
        }
        guard fsync(fd) == 0 else { throw failure(.io, "cannot sync \(path)", errno) }
    }

    /// Refuses an open private file that is not a regular file owned by this user with no
    /// permission for its group or others.
    private static func checkPrivate(_ fd: Int32, path: String) throws(LocalFilesError) {
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw failure(.io, "cannot stat \(path)", errno) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw LocalFilesError(.unsafeFile, "\(path) is not a regular file")
        }
        guard status.st_uid == geteuid() else {
            throw LocalFilesError(
                .unsafeFile, "\(path) belongs to user \(status.st_uid), not to this user (\(geteuid())); a private key is its owner's alone")
        }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw LocalFilesError(
                .unsafeFile,
                "\(path) is open to other users (mode 0\(String(mode, radix: 8))); run: chmod 600 \(path)")
        }
    }

    private static func failure(_ code: LocalFilesError.Code, _ what: String, _ e: Int32) -> LocalFilesError {
        LocalFilesError(code, "\(what): \(String(cString: strerror(e)))", errno: e)
    }
}
