#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
    private let systemWrite = Darwin.write
#endif

/// Reading and writing the files the issuer commands take and produce, with one-line errors.
enum InputFile {
    /// Reads all of `path` (`-` is standard input); throws if it cannot be read or is longer
    /// than `limit` bytes.
    static func read(_ path: String, limit: Int, what: String) throws(CommandFailure) -> [UInt8] {
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CommandFailure("cannot read \(what) \(path): \(String(cString: strerror(errno)))") }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CommandFailure("cannot read \(what) \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { return out }
            guard out.count + n <= limit else {
                throw CommandFailure("\(what) \(path) is larger than \(limit) bytes")
            }
            out += chunk[0..<n]
        }
    }

    /// Creates `path` with `mode`, refusing to replace an existing file, writes `bytes` and
    /// syncs the file.
    static func create(_ path: String, bytes: [UInt8], mode: mode_t, what: String) throws(CommandFailure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            let reason = errno == EEXIST ? "it already exists; refusing to overwrite" : String(cString: strerror(errno))
            throw CommandFailure("cannot create \(what) \(path): \(reason)")
        }
        defer { close(fd) }
        // The umask can only clear bits; set the mode explicitly all the same.
        guard fchmod(fd, mode) == 0 else {
            throw CommandFailure("cannot set the mode of \(path): \(String(cString: strerror(errno)))")
        }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))") }
            written += n
        }
        guard fsync(fd) == 0 else { throw CommandFailure("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Replaces `path` atomically with `bytes`: writes and syncs `path.new`, then renames it over
    /// `path`, so a reader sees the old file or the new one, never a mix.
    static func replace(_ path: String, bytes: [UInt8], what: String) throws(CommandFailure) {
        let temporary = path + ".new"
        unlink(temporary)
        try create(temporary, bytes: bytes, mode: 0o644, what: what)
        guard rename(temporary, path) == 0 else {
            throw CommandFailure("cannot replace \(path): \(String(cString: strerror(errno)))")
        }
    }
}
