// Intel PCS TCB Info v3 / Enclave Identity v2 `tcbStatus` values, ordered from best to worst
// (the order in which a TDX appraisal merges platform, QE and TDX module statuses: the worst wins).

/// A TCB status as Intel's collateral states it.
public enum TCBStatus: String, Hashable, Sendable, CaseIterable, Comparable {
    case upToDate = "UpToDate"
    case swHardeningNeeded = "SWHardeningNeeded"
    case configurationNeeded = "ConfigurationNeeded"
    case configurationAndSWHardeningNeeded = "ConfigurationAndSWHardeningNeeded"
    case outOfDate = "OutOfDate"
    case outOfDateConfigurationNeeded = "OutOfDateConfigurationNeeded"
    case revoked = "Revoked"

    /// The position in the order above: larger is worse.
    public var severity: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.severity < rhs.severity }

    /// The status named `text`; `badCollateral` naming `field` for anything else.
    static func parse(_ text: String, field: String) throws(EvidenceError) -> Self {
        guard let status = Self(rawValue: text) else {
            throw EvidenceError(.badCollateral, "\(field): unknown TCB status \"\(text)\"")
        }
        return status
    }
}
