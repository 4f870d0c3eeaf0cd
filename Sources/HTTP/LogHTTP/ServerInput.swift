// Reading the files a log server is given (config file, issuer list, witness policy), bounded,
// with one-line errors that name the file and what it is.
import LocalFiles

/// The bounded read of a server's input file.
enum ServerInput {
    /// All of `path`, at most `limit` bytes; `what` names the file in errors ("issuer list").
    /// Throws ``LogServerError/Code/badInput`` when it is missing, unreadable or too long.
    static func read(_ path: String, limit: Int, what: String) throws(LogServerError) -> [UInt8] {
        let bytes: [UInt8]?
        do {
            bytes = try LocalFile.read(path, limit: limit)
        } catch where error.code == .tooLarge {
            throw LogServerError(.badInput, "\(what) \(path) is larger than \(limit) bytes", underlying: error)
        } catch {
            throw LogServerError(.badInput, "cannot read \(what) \(path): \(error.message)", underlying: error)
        }
        guard let bytes else { throw LogServerError(.badInput, "cannot read \(what) \(path): No such file or directory") }
        return bytes
    }
}
