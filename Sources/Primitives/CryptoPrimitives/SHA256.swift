// SHA-256 through OpenSSL libcrypto's EVP interface.
//
// The digest is fetched once per process (`EVP_MD_fetch`) and every `SHA256` value owns one
// reusable `EVP_MD_CTX`: on OpenSSL 3.0 the one-shot `SHA256()` looks the algorithm up on every
// call and runs about three times slower on 65-byte inputs (DESIGN.md §5).
internal import COpenSSL

/// The SHA-256 algorithm object, fetched once and shared read-only by every thread.
///
/// OpenSSL documents fetched `EVP_MD` objects as safe to share between threads once fetched, so
/// this class is `@unchecked Sendable`: it never mutates the pointer after `init`.
private final class FetchedSHA256: @unchecked Sendable {
    let md: OpaquePointer

    init() {
        guard let md = EVP_MD_fetch(nil, "SHA256", nil) else {
            preconditionFailure("OpenSSL cannot fetch SHA256: libcrypto is broken")
        }
        self.md = md
    }

    static let shared = FetchedSHA256()
}

/// A SHA-256 hasher that owns one reusable OpenSSL context.
///
/// Not thread-safe: use one value per thread or task (``SHA256/current`` hands out a per-thread
/// instance). Every method resets the context first, so calls never interfere with each other.
public final class SHA256 {
    /// The length of a SHA-256 digest in bytes.
    public static let digestCount = 32

    private let context: OpaquePointer
    private let md: OpaquePointer
    /// Contexts that have absorbed one prefix byte, indexed by that byte; created on first use.
    private let prefixed: UnsafeMutablePointer<OpaquePointer?>

    /// Creates a hasher with its own OpenSSL context.
    public init() {
        md = FetchedSHA256.shared.md
        guard let context = EVP_MD_CTX_new() else {
            preconditionFailure("OpenSSL cannot allocate an EVP_MD_CTX")
        }
        self.context = context
        prefixed = .allocate(capacity: 256)
        prefixed.initialize(repeating: nil, count: 256)
    }

    deinit {
        EVP_MD_CTX_free(context)
        for i in 0..<256 { EVP_MD_CTX_free(prefixed[i]) }
        prefixed.deallocate()
    }

    /// Hashes the concatenation of `parts` into the 32 bytes at `output`.
    ///
    /// `output` must point to at least 32 writable bytes.
    @inline(__always)
    public func hash(
        _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer = .init(start: nil, count: 0),
        _ third: UnsafeRawBufferPointer = .init(start: nil, count: 0),
        into output: UnsafeMutableRawPointer
    ) {
        var ok = EVP_DigestInit_ex2(context, md, nil)
        if first.count > 0 { ok &= EVP_DigestUpdate(context, first.baseAddress, first.count) }
        if second.count > 0 { ok &= EVP_DigestUpdate(context, second.baseAddress, second.count) }
        if third.count > 0 { ok &= EVP_DigestUpdate(context, third.baseAddress, third.count) }
        ok &= EVP_DigestFinal_ex(context, output.assumingMemoryBound(to: UInt8.self), nil)
        precondition(ok == 1, "OpenSSL SHA-256 failed")
    }

    /// Hashes `prefix ‖ first ‖ second` into the 32 bytes at `output`, starting from a context that
    /// has already absorbed the one-byte `prefix`.
    ///
    /// For domain-separated hashing such as RFC 6962's 0x00 (leaf) and 0x01 (node) prefixes. The
    /// context for each prefix byte is built on first use and copied (`EVP_MD_CTX_copy_ex`) for
    /// every call, which saves the per-call initialisation of ``hash(_:_:_:into:)`` (bench/
    /// merkle-bench measures both). The result is identical. `output` must point to at least 32
    /// writable bytes; it may overlap the inputs, which are absorbed before it is written.
    @inline(__always)
    public func hash(
        prefix: UInt8, _ first: UnsafeRawBufferPointer,
        _ second: UnsafeRawBufferPointer = .init(start: nil, count: 0),
        into output: UnsafeMutableRawPointer
    ) {
        let start = prefixed[Int(prefix)] ?? absorb(prefix)
        var ok = EVP_MD_CTX_copy_ex(context, start)
        if first.count > 0 { ok &= EVP_DigestUpdate(context, first.baseAddress, first.count) }
        if second.count > 0 { ok &= EVP_DigestUpdate(context, second.baseAddress, second.count) }
        ok &= EVP_DigestFinal_ex(context, output.assumingMemoryBound(to: UInt8.self), nil)
        precondition(ok == 1, "OpenSSL SHA-256 failed")
    }

    /// Builds and caches the context that has absorbed `prefix`.
    @inline(never)
    private func absorb(_ prefix: UInt8) -> OpaquePointer {
        guard let start = EVP_MD_CTX_new() else {
            preconditionFailure("OpenSSL cannot allocate an EVP_MD_CTX")
        }
        var byte = prefix
        var ok = EVP_DigestInit_ex2(start, md, nil)
        ok &= EVP_DigestUpdate(start, &byte, 1)
        precondition(ok == 1, "OpenSSL SHA-256 failed")
        prefixed[Int(prefix)] = start
        return start
    }

    /// Returns the SHA-256 digest of `bytes`.
    public func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.digestCount)
        out.withUnsafeMutableBytes { o in
            if let done = bytes.withContiguousStorageIfAvailable({ b in
                hash(UnsafeRawBufferPointer(b), into: o.baseAddress!)
            }) {
                return done
            }
            let copy = Array(bytes)
            copy.withUnsafeBytes { hash($0, into: o.baseAddress!) }
        }
        return out
    }

    /// Returns the SHA-256 digest of `bytes`, using this thread's hasher.
    public static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        current.digest(bytes)
    }
}

extension SHA256 {
    /// A hasher private to the calling thread, created on first use and freed when the thread
    /// exits.
    ///
    /// Safe to use from synchronous code: a task cannot move to another thread between two
    /// statements that contain no `await`. Never hold on to it across an `await`.
    public static var current: SHA256 {
        ThreadLocalHasher.get()
    }
}

extension SHA256 {
    /// A streaming SHA-256 computation: absorb input in pieces of any size, then finish.
    ///
    /// Owns its own OpenSSL context, so it never disturbs ``SHA256/current``. Memory use is
    /// constant whatever the input length. Not thread-safe: use one value per thread or task.
    /// `finish()` returns the digest and starts a new computation, so one value can hash many
    /// inputs in turn.
    public final class Incremental {
        private let context: OpaquePointer
        private let md: OpaquePointer

        /// Creates a computation over the empty input.
        public init() {
            md = FetchedSHA256.shared.md
            guard let context = EVP_MD_CTX_new() else {
                preconditionFailure("OpenSSL cannot allocate an EVP_MD_CTX")
            }
            self.context = context
            reset()
        }

        deinit {
            EVP_MD_CTX_free(context)
        }

        /// Discards everything absorbed so far.
        public func reset() {
            precondition(EVP_DigestInit_ex2(context, md, nil) == 1, "OpenSSL SHA-256 failed")
        }

        /// Absorbs the bytes in `bytes`.
        public func update(_ bytes: UnsafeRawBufferPointer) {
            guard bytes.count > 0 else { return }
            precondition(EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1, "OpenSSL SHA-256 failed")
        }

        /// Absorbs `bytes`.
        public func update(_ bytes: some Collection<UInt8>) {
            if bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) == nil {
                Array(bytes).withUnsafeBytes { update($0) }
            }
        }

        /// Returns the SHA-256 digest of everything absorbed since creation or the last `reset()`
        /// or `finish()`, and starts over with the empty input.
        public func finish() -> [UInt8] {
            var out = [UInt8](repeating: 0, count: SHA256.digestCount)
            let ok = out.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, nil) }
            precondition(ok == 1, "OpenSSL SHA-256 failed")
            reset()
            return out
        }
    }
}
