// `receiptlog serve`'s settings: flags, or a JSON config file with the same keys (flags win);
// the file's format is LogServerConfigFile's (LogHTTP).
import Foundation
import LogHTTP
import WitnessHTTP

/// The parts of `receiptlog serve`'s and `witness serve`'s settings that name their flags: the
/// config file read (LogServerConfigFile, specs/http-api.md, "Running a log"), `--listen`, and
/// the one-line failures of the servers' start.
enum ServeConfiguration {
    /// Reads a config file (``LogServerConfigFile/read(_:)``) with a one-line failure.
    static func read(_ path: String) throws(CommandFailure) -> LogServerConfigFile {
        do {
            return try LogServerConfigFile.read(path)
        } catch {
            throw CommandFailure(error.message)
        }
    }

    /// Splits `HOST:PORT` (the host may be a bracketed IPv6 address).
    static func hostAndPort(_ listen: String) throws(CommandFailure) -> (String, Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw CommandFailure("--listen takes HOST:PORT, not \(listen)")
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw CommandFailure("--listen takes HOST:PORT, not \(listen)") }
        return (host, port)
    }

    /// A server's start or run failure as the command's one line: a listening failure names the
    /// address and ends with `choose another --listen`; other failures of the entry points are
    /// their message.
    static func commandFailure(_ error: any Error) -> any Error {
        switch error {
        case let error as LogServerError where error.code == .cannotListen: listenFailure(error.message)
        case let error as LogServerError: CommandFailure(error.message)
        case let error as WitnessServerError where error.code == .cannotListen: listenFailure(error.message)
        case let error as WitnessServerError: CommandFailure(error.message)
        default: error
        }
    }

    /// `cannot listen on 127.0.0.1:8080: address already in use; is another server running there? choose another --listen`.
    private static func listenFailure(_ message: String) -> CommandFailure {
        CommandFailure("\(message)\(message.hasSuffix("?") ? " " : "; ")choose another --listen")
    }
}
