// Blocking storage calls run on NIO's thread pool, never on an event loop or in the
// cooperative pool (SWIFT-NOTES.md, "Swift 6 concurrency").
public import LogEngine
import NIOPosix

/// The log's ``BlockingRunner`` in a server: NIO's thread pool, as the routes' reads use.
public struct NIOThreadPoolRunner: BlockingRunner {
    public init() {}

    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await blocking(body)
    }
}

/// Runs `body` on the NIO thread pool and returns its result.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(body)
}
