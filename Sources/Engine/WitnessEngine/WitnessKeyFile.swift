// The witness's private key file: `PRIVATE+KEY+<name>+<key ID>+<base64(0x04 ‖ seed)>` and a
// newline (the golang.org/x/mod/sumdb/note private key encoding), mode 0600.
public import Notes

#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
    private let systemWrite = Darwin.write
#endif

/// Creates and reads the witness's `cosignature/v1` private key file.
public enum WitnessKeyFile {
    /// Reads the cosignature key at `path`, or creates one named `name` there if no file exists.
    ///
    /// Returns the key and whether it was created. A new file is created with `O_EXCL` and mode
    /// 0600, written, and synced together with its directory before this returns. An existing
    /// file must hold a `cosignature/v1` key (type 0x04), followed by at most one newline; if
    /// `name` is given it must be that key's name. Throws ``WitnessEngineError/Code/badKeyFile``
    /// otherwise, or when the file cannot be read or written.
    public static func loadOrCreate(at path: String, name: String?) throws(WitnessEngineError) -> (key: SignerKey, created: Bool) {
        if let existing = try read(path) {
            if let name, name != existing.name {
                throw WitnessEngineError(
                    .badKeyFile, "\(path) holds the key of \(existing.name), not \(name); the key name cannot change")
            }
            return (existing, false)
        }
        guard let name else {
            throw WitnessEngineError(.badKeyFile, "\(path) does not exist and no witness name was given to create it")
        }
        let key: SignerKey
        do {
            key = try SignerKey.generate(name: name, type: .cosignatureV1)
        } catch {
            throw WitnessEngineError(.badKeyFile, "cannot create a key named \(name): \(error.message)")
        }
        try write(key, to: path)
        return (key, true)
    }

    /// The key at `path`, or nil when there is no file there.
    static func read(_ path: String) throws(WitnessEngineError) -> SignerKey? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw WitnessEngineError(.badKeyFile, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let limit = SignerKey.maxEncodedCount + 1
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else {
                throw WitnessEngineError(.badKeyFile, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            bytes += buffer[0..<n]
            guard bytes.count <= limit else {
                throw WitnessEngineError(.badKeyFile, "\(path) is not a key file: longer than \(limit) bytes")
            }
        }
        if bytes.last == 0x0A { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw WitnessEngineError(.badKeyFile, "\(path) is not a key file: not UTF-8")
        }
        let key: SignerKey
        do {
            key = try SignerKey(parsing: text)
        } catch {
            throw WitnessEngineError(.badKeyFile, "\(path) is not a valid private key: \(error.message)")
        }
        guard key.type == .cosignatureV1 else {
            throw WitnessEngineError(.badKeyFile, "\(path) is not a cosignature/v1 key (type 0x04)")
        }
        return key
    }

    /// Creates `path` with mode 0600 (never replacing a file), writes the key and a newline, and
    /// syncs the file and its directory.
    static func write(_ key: SignerKey, to path: String) throws(WitnessEngineError) {
        func failure(_ what: String) -> WitnessEngineError {
            WitnessEngineError(.badKeyFile, "cannot \(what) \(path): \(String(cString: strerror(errno)))")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("create") }
        defer { close(fd) }
        // The umask can only clear bits; set the mode explicitly all the same.
        guard fchmod(fd, 0o600) == 0 else { throw failure("set the mode of") }
        let bytes = Array((key.encoded + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw failure("write") }
            written += n
        }
        guard fsync(fd) == 0 else { throw failure("sync") }
        // The new directory entry is durable only once the directory is synced.
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let dirfd = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirfd >= 0 else { throw failure("open the directory of") }
        defer { close(dirfd) }
        guard fsync(dirfd) == 0 else { throw failure("sync the directory of") }
    }
}
