// A lock and condition variable whose timed waits run on CLOCK_MONOTONIC. Foundation's
// NSCondition waits until a wall-clock Date: when the wall clock is stepped back during a wait
// (an NTP correction, an operator), the wait lasts as much longer, and the batch it guards stalls.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A mutex and a condition variable for the sequencer's pending pool; timed waits measure
/// elapsed time on the monotonic clock, so stepping the wall clock never changes them.
final class MonotonicCondition: @unchecked Sendable {
    // Safe to share: the pthread objects are heap-allocated once, never moved, and used only
    // through the pthread calls, which are thread-safe by contract.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        precondition(pthread_mutex_init(mutex, nil) == 0, "pthread_mutex_init")
        var attributes = pthread_condattr_t()
        precondition(pthread_condattr_init(&attributes) == 0, "pthread_condattr_init")
        #if canImport(Glibc)
            precondition(pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC) == 0, "pthread_condattr_setclock")
        #endif
        precondition(pthread_cond_init(condition, &attributes) == 0, "pthread_cond_init")
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    func signal() { pthread_cond_signal(condition) }
    func broadcast() { pthread_cond_broadcast(condition) }

    /// Waits (the lock held) until signalled.
    func wait() { pthread_cond_wait(condition, mutex) }

    /// Waits (the lock held) until signalled or until `deadline` on the monotonic clock has
    /// passed; may return early (spuriously), so callers re-check their predicate.
    func wait(until deadline: ContinuousClock.Instant) {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let (seconds, attoseconds) = remaining.components
        var nanoseconds = Int(now.tv_nsec) + Int(attoseconds / 1_000_000_000)
        var wholeSeconds = Int(now.tv_sec) + Int(min(seconds, Int64(Int32.max)))
        if nanoseconds >= 1_000_000_000 {
            nanoseconds -= 1_000_000_000
            wholeSeconds += 1
        }
        var absolute = timespec(tv_sec: wholeSeconds, tv_nsec: nanoseconds)
        _ = pthread_cond_timedwait(condition, mutex, &absolute)
    }
}
