// Bounds for decoding untrusted CBOR (RFC 8949 §10: resource exhaustion).

/// Bounds that decoding enforces, so hostile input cannot exhaust memory or the stack.
public struct CBORLimits: Sendable, Hashable {
    /// The largest input accepted, in bytes.
    public var maxInputBytes: Int
    /// The deepest nesting accepted. Each array, map and tag is one level; a top-level integer
    /// has depth 0 and `[[1]]` has depth 2. Decoding recurses once per level, so this also bounds
    /// the stack.
    public var maxDepth: Int
    /// The most elements in one array, or entries (key–value pairs) in one map.
    public var maxItemsPerContainer: Int
    /// The most data items in the whole input, counting every key, value, element and tag content.
    public var maxTotalItems: Int

    /// The most nesting any limits may allow: deeper recursion could exhaust a thread's stack.
    public static let maxDepthCeiling = 512

    /// Creates limits. Every bound must be positive and `maxDepth` at most ``maxDepthCeiling``
    /// (programming errors: they trap).
    public init(maxInputBytes: Int, maxDepth: Int, maxItemsPerContainer: Int, maxTotalItems: Int) {
        precondition(maxInputBytes > 0 && maxItemsPerContainer > 0 && maxTotalItems > 0, "CBOR limits must be positive")
        precondition((1...CBORLimits.maxDepthCeiling).contains(maxDepth), "CBOR depth limit out of range")
        self.maxInputBytes = maxInputBytes
        self.maxDepth = maxDepth
        self.maxItemsPerContainer = maxItemsPerContainer
        self.maxTotalItems = maxTotalItems
    }

    /// The default limits: 1 MiB of input, depth 32, 65,536 items per container and 262,144 items
    /// in all. Enough for any statement (at most 65,535 bytes) or receipt this project handles.
    public static let `default` = CBORLimits(
        maxInputBytes: 1 << 20, maxDepth: 32, maxItemsPerContainer: 1 << 16, maxTotalItems: 1 << 18)
}
