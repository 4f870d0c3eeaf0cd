// One step of an appraisal (specs/evidence.md §Checks): what was checked, how it came out, why.

/// How one appraisal step came out.
public enum CheckStatus: String, Hashable, Sendable, Codable {
    /// The step ran and its condition holds.
    case pass = "PASS"
    /// The step ran and its condition does not hold.
    case fail = "FAIL"
    /// The step did not run (its input is missing, or the policy asks nothing of it). Never a pass.
    case notChecked = "NOT_CHECKED"
}

/// One named step of an appraisal and its outcome.
public struct AppraisalCheck: Hashable, Sendable {
    /// The step's stable name, as listed in specs/evidence.md (for example `pck-chain.validity`).
    public let name: String
    /// How it came out.
    public let status: CheckStatus
    /// Why, for people: what was compared with what, or what was missing.
    public let reason: String
    /// Whether the verdict needs this step to pass. A required step that is NOT_CHECKED makes
    /// the verdict NOT_CHECKED; an optional one (a CRL the policy does not demand, a key binding
    /// when no key was given) is reported and does not hold the verdict back. A FAIL always fails.
    public let required: Bool

    public init(_ name: String, _ status: CheckStatus, _ reason: String, required: Bool = true) {
        self.name = name
        self.status = status
        self.reason = reason
        self.required = required
    }

    /// A passing step.
    public static func pass(_ name: String, _ reason: String) -> Self { Self(name, .pass, reason) }
    /// A failing step.
    public static func fail(_ name: String, _ reason: String) -> Self { Self(name, .fail, reason) }
    /// A step that did not run; `required` says whether that holds the verdict back.
    public static func notChecked(_ name: String, _ reason: String, required: Bool = true) -> Self {
        Self(name, .notChecked, reason, required: required)
    }

    /// PASS if `condition`, else FAIL, with the reason for each.
    public static func check(_ name: String, _ condition: Bool, pass: String, fail: String) -> Self {
        condition ? .pass(name, pass) : .fail(name, fail)
    }
}
