// Reading an input file whole, with a size limit: the files a command or a library call is given
// (claims, salts, data to commit to, statements). Unlike `LocalFile.read`, a missing file is an
// error, and `-` names standard input.
#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
#endif

extension LocalFile {
    /// Reads all of `path`, or all of standard input when `path` is `-`.
    ///
    /// `what` names the file in messages ("claims file"). Throws ``LocalFilesError/Code/io``
    /// (with its errno) when the file cannot be opened or read, a missing file included:
    /// `cannot read <what> <path>: <reason>`; and ``LocalFilesError/Code/tooLarge`` as soon as
    /// more than `limit` bytes have been read: `<what> <path> is larger than <limit> bytes`.
    public static func readInput(_ path: String, limit: Int, what: String) throws(LocalFilesError) -> [UInt8] {
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw unreadable(path, what, errno) }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw unreadable(path, what, errno)
            }
            if n == 0 { return bytes }
            guard bytes.count + n <= limit else {
                throw LocalFilesError(.tooLarge, "\(what) \(path) is larger than \(limit) bytes")
            }
            bytes += chunk[0..<n]
        }
    }

    private static func unreadable(_ path: String, _ what: String, _ e: Int32) -> LocalFilesError {
        LocalFilesError(.io, "cannot read \(what) \(path): \(String(cString: strerror(e)))", errno: e)
    }
}
