/// Who waits for a pending registration: one registration's task, or a bulk import's group.
enum PendingWaiter: Sendable {
    /// A registration's task, resumed with its sequenced entry.
    case registration(CheckedContinuation<Sequenced, any Error>)
    /// One entry of a bulk import (``LogService/importEntries(_:)``).
    case imported(ImportGroup)

    /// Tells the waiter that the entry is durable and covered by a signed checkpoint.
    func resume(returning sequenced: Sequenced) {
        switch self {
        case .registration(let continuation): continuation.resume(returning: sequenced)
        case .imported(let group): group.finish(nil)
        }
    }

    /// Tells the waiter that the entry was not sequenced.
    func resume(throwing error: any Error) {
        switch self {
        case .registration(let continuation): continuation.resume(throwing: error)
        case .imported(let group): group.finish(error)
        }
    }
}
