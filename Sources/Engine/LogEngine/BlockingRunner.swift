// Where the log runs the work that blocks on disk (the registration checks with their dedup
// lookup, and a duplicate's answer), so that ``LogService/register(_:)`` can be awaited from an
// event loop or the cooperative pool without blocking either (SWIFT-NOTES.md, "Swift 6
// concurrency"). The server passes NIO's thread pool; everything else gets a Dispatch queue.
import Dispatch

/// Runs blocking work off the caller's executor and returns its result.
public protocol BlockingRunner: Sendable {
    /// Runs `body` on a thread that may block, and returns what it returns or throws.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T
}

/// A ``BlockingRunner`` on Dispatch's global concurrent queue.
public struct DispatchBlockingRunner: BlockingRunner {
    public init() {}

    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
