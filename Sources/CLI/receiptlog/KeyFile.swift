import Foundation
import Notes

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// Private key files: the `PRIVATE+KEY+…` string followed by one newline, mode 0600.
enum KeyFile {
    /// A key file problem, printed as one line.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Creates `path` with mode 0600 and writes the encoded key and a newline to it.
    ///
    /// Refuses to replace an existing file (`O_EXCL`), and syncs the file before returning.
    static func write(_ key: SignerKey, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let reason = errno == EEXIST ? "it already exists; refusing to overwrite" : String(cString: strerror(errno))
            throw Failure(description: "cannot create \(path): \(reason)")
        }
        defer { close(fd) }
        // The umask can only clear bits; set the mode explicitly all the same.
        guard fchmod(fd, 0o600) == 0 else {
            throw Failure(description: "cannot set the mode of \(path): \(String(cString: strerror(errno)))")
        }
        let bytes = Array((key.encoded + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            guard n > 0 else {
                throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            throw Failure(description: "cannot sync \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Reads a private key file: the key string, optionally followed by one newline.
    static func read(from path: String) throws -> SignerKey {
        let limit = SignerKey.maxEncodedCount + 1
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            throw Failure(description: "cannot read \(path): \((error as NSError).localizedDescription)")
        }
        guard data.count <= limit else {
            throw Failure(description: "\(path) is not a private key file: longer than \(limit) bytes")
        }
        var bytes = [UInt8](data)
        if bytes.last == 0x0A { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Failure(description: "\(path) is not a private key file: not UTF-8")
        }
        do {
            return try SignerKey(parsing: text)
        } catch {
            throw Failure(description: "\(path) is not a valid private key: \(error.message)")
        }
    }
}
