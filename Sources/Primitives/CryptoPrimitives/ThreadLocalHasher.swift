// A per-thread SHA256 instance, kept in a POSIX thread-specific slot.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum ThreadLocalHasher {
    /// The pthread key, created once. `pthread_key_t` is a plain integer, so sharing it is safe.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let rc = pthread_key_create(&key) { pointer in
            // Glibc passes a non-optional pointer on some versions and an optional on others.
            let p: UnsafeMutableRawPointer? = pointer
            if let p { Unmanaged<SHA256>.fromOpaque(p).release() }
        }
        precondition(rc == 0, "pthread_key_create failed")
        return key
    }()

    static func get() -> SHA256 {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<SHA256>.fromOpaque(pointer).takeUnretainedValue()
        }
        let hasher = SHA256()
        pthread_setspecific(key, Unmanaged.passRetained(hasher).toOpaque())
        return hasher
    }
}
