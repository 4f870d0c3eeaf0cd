public import CodedError
import AsyncHTTPClient
import Foundation
import LogAPI
import Merkle
import Notes
import Statements
public import NIOCore
import NIOPosix

/// The error thrown by LogClient. Errors compare equal when their codes are equal.
public struct LogClientError: CodedError {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The log could not be reached, or the exchange failed.
        public static let transport = Code("transport")
        /// The log answered with a status other than the one expected; the message holds the
        /// status and the log's message.
        public static let status = Code("status")
        /// The log's answer is not what the API specifies (specs/http-api.md).
        public static let malformedAnswer = Code("malformedAnswer")
        /// The log's answer does not verify: a bad signature, a proof that fails, a checkpoint of
        /// another log.
        public static let verificationFailed = Code("verificationFailed")
        /// The log URL is not an http or https URL.
        public static let badURL = Code("badURL")
    }

    /// The error's code.
    public let code: Code
    /// A message that says what is wrong, for people.
    public let message: String
    /// The error this one was made from, if any.
    public let underlying: (any Error)?
    /// Where the error was thrown.
    public let file: String
    public let line: UInt

    /// Creates an error with a code, a message and the source location.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    /// The message: what people read. The code is for programs (``code``), never part of it.
    public var description: String { message }
}

extension LogClientError {
    /// The error for an exchange with the server at `url` that failed below HTTP: one line that
    /// says what happened and what to check, without the transport's type or case names.
    ///
    /// - `cannot connect to URL: connection refused; is the log running?`
    /// - `cannot connect to URL: the host name H does not resolve; check the URL`
    /// - `no answer from URL within N s; is the log running and reachable?`
    ///
    /// `server` names what runs at `url` (`log`, `witness`); `connectTimeout` and `timeout` are
    /// the limits the exchange ran under, for the timeout messages. The code is
    /// ``Code/transport``, or ``Code/malformedAnswer`` for an answer larger than the client reads.
    static func transport(
        _ error: any Error, url: String, server: String, connectTimeout: TimeAmount, timeout: TimeAmount
    ) -> LogClientError {
        let running = "is the \(server) running?"
        let reachable = "is the \(server) running and reachable?"
        switch error {
        case let error as NIOConnectionError:
            if error.dnsAError != nil || error.dnsAAAAError != nil || error.connectionErrors.isEmpty {
                return LogClientError(.transport, "cannot connect to \(url): the host name \(error.host) does not resolve; check the URL")
            }
            // Every address was tried; the first failure stands for all of them (they are the
            // same failure when one server is down on both loopback addresses).
            return transport(
                error.connectionErrors[0].error, url: url, server: server, connectTimeout: connectTimeout, timeout: timeout)
        case let error as IOError:
            return LogClientError(.transport, "cannot connect to \(url): \(Self.reason(errno: error.errnoCode, server: server))")
        case ChannelError.connectTimeout(_):
            return LogClientError(.transport, "no answer from \(url) within \(Self.seconds(min(connectTimeout, timeout))) s; \(reachable)")
        case let error as HTTPClientError:
            switch error {
            case .connectTimeout:
                return LogClientError(.transport, "no answer from \(url) within \(Self.seconds(min(connectTimeout, timeout))) s; \(reachable)")
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return LogClientError(.transport, "no answer from \(url) within \(Self.seconds(timeout)) s; \(reachable)")
            case .remoteConnectionClosed:
                return LogClientError(.transport, "\(url) closed the connection before it answered; is a \(server) listening there?")
            case .invalidURL, .emptyHost, .emptyScheme:
                return LogClientError(.badURL, "\(url) is not an http:// or https:// URL")
            default:
                return LogClientError(.transport, "the exchange with \(url) failed: \(error.shortDescription.lowercased())")
            }
        case is NIOTooManyBytesError:
            return LogClientError(.malformedAnswer, "the answer of \(url) is larger than \(LogClient.maxResponseBytes) bytes; is a \(server) listening there?")
        case is CancellationError:
            return LogClientError(.transport, "the exchange with \(url) was cancelled")
        default:
            return LogClientError(.transport, "the exchange with \(url) failed (\(running)): \(Self.words(error))")
        }
    }

    /// What a failed `connect` means, from its errno.
    private static func reason(errno: CInt, server: String) -> String {
        switch errno {
        case ECONNREFUSED: "connection refused; is the \(server) running?"
        case ECONNRESET: "the connection was reset; is a \(server) listening there?"
        case ETIMEDOUT: "the connection timed out; is the \(server) running and reachable?"
        case EHOSTUNREACH: "no route to the host; check the URL and the network"
        case ENETUNREACH: "the network is unreachable; check the URL and the network"
        case EADDRNOTAVAIL: "the address is not available; check the URL"
        default: "\(String(cString: strerror(errno)).lowercased()); is the \(server) running?"
        }
    }

    /// The message of an error from a library this client uses, without its code: what a
    /// message that wraps it should say (`the checkpoint does not verify: <this>`).
    public static func message(of error: any Error) -> String {
        switch error {
        case let error as LogClientError: error.message
        case let error as NotesError: error.message
        case let error as MerkleError: error.message
        case let error as StatementsError: error.message
        case let error as LogAPIError: error.message
        default: words(error)
        }
    }

    /// A duration in seconds for messages: `5`, `0.5`.
    public static func seconds(_ amount: TimeAmount) -> String {
        let nanoseconds = amount.nanoseconds
        if nanoseconds % 1_000_000_000 == 0 { return String(nanoseconds / 1_000_000_000) }
        return String(format: "%g", Double(nanoseconds) / 1e9)
    }

    /// An error's text on one line, for the rare failure the cases above do not name.
    private static func words(_ error: any Error) -> String {
        String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
