// A counter of occupied slots with a cap, shared by the connections of one server.
import Synchronization

/// At most `capacity` slots taken at once; taking one past that fails instead of waiting.
final class CapacitySlots: Sendable {
    /// The most slots taken at once.
    let capacity: Int
    private let taken = Atomic<Int>(0)

    /// Slots for `capacity` holders (at least 1).
    init(capacity: Int) {
        precondition(capacity >= 1, "CapacitySlots: capacity below 1")
        self.capacity = capacity
    }

    /// Takes a slot and returns true, or returns false when all are taken. Every true must be
    /// matched by exactly one ``release()``.
    func tryAcquire() -> Bool {
        var current = taken.load(ordering: .relaxed)
        while current < capacity {
            let (exchanged, original) = taken.compareExchange(
                expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Gives back a slot taken by ``tryAcquire()``.
    func release() {
        let previous = taken.subtract(1, ordering: .acquiringAndReleasing).oldValue
        precondition(previous > 0, "CapacitySlots: released more slots than were taken")
    }

    /// The slots taken now.
    var count: Int { taken.load(ordering: .relaxed) }
}
