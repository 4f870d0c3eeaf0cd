// The codes of the errors that the library-level workflows (SplitViewMonitor, BundleFetcher)
// throw besides the exchange's own.
extension LogClientError.Code {
    /// What was asked for is not in the log: no entry at the index, no statement with the leaf
    /// hash, no witnessed checkpoint covering an entry.
    public static let notFound = LogClientError.Code("notFound")
    /// The entry is in the log but not yet in the tree the operation needs: the log's published
    /// (witnessed) tree, or a bundle's checkpoint. Waiting, or refreshing, may help.
    public static let notPublished = LogClientError.Code("notPublished")
    /// Two signed views of the log cannot both be true, or the log now serves other bytes for an
    /// entry a bundle carries: the operation is refused.
    public static let inconsistent = LogClientError.Code("inconsistent")
    /// The monitor's saved state cannot be used (it cannot be read or written, or it is not a
    /// checkpoint the log key signed): the check could not run, which says nothing about the log.
    public static let unusableState = LogClientError.Code("unusableState")
}
