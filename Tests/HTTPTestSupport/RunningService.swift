// Running a server in a service group, and timing its graceful shutdown.
import Logging
import ServiceLifecycle

/// A service (a Hummingbird application) running in a service group of its own, without signal
/// handlers, until ``shutdown(within:)``.
public struct RunningService: Sendable {
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Starts `service`.
    public init(_ service: some Service) {
        let group = ServiceGroup(
            configuration: .init(services: [service], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })))
        self.group = group
        task = Task { try await group.run() }
    }

    /// Begins graceful shutdown and waits for the group to finish: returns how long it took, or
    /// nil when it was still running after `limit` (then it is cancelled).
    public func shutdown(within limit: Duration) async -> Duration? {
        let start = ContinuousClock.now
        await group.triggerGracefulShutdown()
        let task = self.task
        let finished = await withTaskGroup(of: Bool.self) { waiters in
            waiters.addTask {
                _ = await task.result
                return true
            }
            waiters.addTask {
                try? await Task.sleep(for: limit)
                // Too late: cancel the group, so that the waiter above returns too.
                if !Task.isCancelled { task.cancel() }
                return false
            }
            let first = await waiters.next() ?? false
            waiters.cancelAll()
            return first
        }
        return finished ? ContinuousClock.now - start : nil
    }
}
