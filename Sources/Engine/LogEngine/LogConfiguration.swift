/// How a log sequences: the batch bounds and the pending pool's bound.
///
/// A batch closes when it holds ``batchMaxCount`` registrations or when its oldest registration
/// has waited ``batchMaxAge``, whichever comes first. Registrations beyond ``pendingLimit``
/// waiting at once are refused with ``LogEngineError/Code/overloaded``.
public struct LogConfiguration: Sendable, Hashable {
    /// The log's origin: the first line of its checkpoints and the name of its key.
    public var origin: String
    /// The most registrations in one batch.
    public var batchMaxCount: Int
    /// The longest the oldest registration of a batch waits for the batch to fill.
    public var batchMaxAge: Duration
    /// The most registrations waiting to be sequenced at once.
    public var pendingLimit: Int

    /// The default batch bound (bench/README.md, "Log server": chosen by measurement).
    public static let defaultBatchMaxCount = 1024
    /// The default batch age (bench/README.md, "Log server": chosen by measurement).
    public static let defaultBatchMaxAge = Duration.milliseconds(1)
    /// The default pending bound: a few batches.
    public static let defaultPendingLimit = 16_384

    /// Creates a configuration; throws ``LogEngineError/Code/badConfiguration`` when a bound is
    /// not positive, the age exceeds 10 s, or the batch is larger than the pending pool.
    public init(
        origin: String,
        batchMaxCount: Int = Self.defaultBatchMaxCount,
        batchMaxAge: Duration = Self.defaultBatchMaxAge,
        pendingLimit: Int = Self.defaultPendingLimit
    ) throws(LogEngineError) {
        guard batchMaxCount > 0, pendingLimit >= batchMaxCount else {
            throw LogEngineError(
                .badConfiguration, "the batch size must be positive and at most the pending limit (\(pendingLimit))")
        }
        guard batchMaxAge >= .zero, batchMaxAge <= .seconds(10) else {
            throw LogEngineError(.badConfiguration, "the batch age must be between 0 and 10 s")
        }
        self.origin = origin
        self.batchMaxCount = batchMaxCount
        self.batchMaxAge = batchMaxAge
        self.pendingLimit = pendingLimit
    }
}
