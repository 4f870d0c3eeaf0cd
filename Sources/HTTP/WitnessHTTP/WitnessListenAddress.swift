// The address a witness listens on, and the check, made before the witness creates its
// directory or key, that it can be bound.
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A HOST:PORT to listen on.
struct WitnessListenAddress: CustomStringConvertible {
    let host: String
    let port: Int

    /// `host:port`, with an IPv6 host in brackets.
    var description: String { "\(host.contains(":") ? "[\(host)]" : host):\(port)" }

    /// Checks that the address can be listened on, by binding it (as the server does, with
    /// SO_REUSEADDR) and closing it again. Throws the failure ``failure(_:)`` names.
    func check() async throws(WitnessServerError) {
        do {
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port).get()
            try? await channel.close()
        } catch {
            throw failure(error)
        }
    }

    /// The ``WitnessServerError/Code/cannotListen`` error for `error`, a bind's failure:
    /// `cannot listen on 127.0.0.1:7380: address already in use; is another server running there?`.
    func failure(_ error: any Error) -> WitnessServerError {
        let reason: String
        switch error {
        case let error as IOError:
            switch error.errnoCode {
            case EADDRINUSE: reason = "address already in use; is another server running there?"
            case EADDRNOTAVAIL: reason = "the address is not one of this machine's"
            case EACCES: reason = "permission denied (ports below 1024 need privileges)"
            default: reason = String(cString: strerror(error.errnoCode)).lowercased()
            }
        case is SocketAddressError, is SocketAddressError.UnknownHost:
            reason = "the host \(host) does not resolve to an address"
        default:
            reason = String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
        }
        return WitnessServerError(.cannotListen, "cannot listen on \(self): \(reason)", underlying: error)
    }

    /// `error` as thrown by the server's run, with a listening failure (the port taken between
    /// ``check()`` and the server's own bind) named as ``check()`` names it.
    func runFailure(_ error: any Error) -> any Error {
        if let error = error as? IOError, [EADDRINUSE, EADDRNOTAVAIL, EACCES].contains(error.errnoCode) {
            return failure(error)
        }
        return error
    }
}
