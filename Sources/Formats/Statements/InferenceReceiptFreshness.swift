// specs/receipt-profile.md §Claims, freshness (-65606): the window in which the issuer states the
// inference ran and its nonce was honoured.

/// A freshness window: `notBefore ≤ notAfter`, both in Unix seconds.
public struct InferenceReceiptFreshness: Hashable, Sendable {
    /// The earliest time, in Unix seconds.
    public let notBefore: UInt64
    /// The latest time, in Unix seconds.
    public let notAfter: UInt64

    /// Creates a window; throws `badReceiptClaims` if `notBefore` is after `notAfter`.
    public init(notBefore: UInt64, notAfter: UInt64) throws(StatementsError) {
        guard notBefore <= notAfter else {
            throw StatementsError(.badReceiptClaims, "the freshness window starts (\(notBefore)) after it ends (\(notAfter))")
        }
        self.notBefore = notBefore
        self.notAfter = notAfter
    }

    /// Whether `time` lies in the window, ends included.
    public func contains(_ time: UInt64) -> Bool { (notBefore...notAfter).contains(time) }
}
