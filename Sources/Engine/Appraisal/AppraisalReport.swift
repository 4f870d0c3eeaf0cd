// The outcome of appraising one piece of hardware evidence (specs/evidence.md §Report).
public import Foundation

/// The platforms whose evidence is appraised.
public enum EvidencePlatform: String, Hashable, Sendable, CaseIterable, Codable {
    case nitro
    case sevSNP = "sev-snp"
    case tdx
}

/// The verdict of an appraisal.
public enum AppraisalVerdict: String, Hashable, Sendable, Codable {
    /// Every required step passed.
    case verified = "VERIFIED"
    /// At least one step failed.
    case failed = "FAILED"
    /// Nothing failed, but a required step could not run.
    case notChecked = "NOT_CHECKED"
}

/// One measured value read from the signed bytes of the evidence.
public struct EvidenceMeasurement: Hashable, Sendable {
    /// The field's name as the platform's specification names it (`PCR0`, `MEASUREMENT`, `MRTD`…).
    public let name: String
    /// Its bytes.
    public let value: [UInt8]

    public init(_ name: String, _ value: [UInt8]) {
        self.name = name
        self.value = value
    }
}

/// A pinned root that an appraisal's chain ended in.
public struct RootUsed: Hashable, Sendable {
    /// The root's name (`AWS Nitro Enclaves Root-G1`, `AMD ARK-Milan`, `Intel SGX Root CA`).
    public let name: String
    /// SHA-256 of its DER.
    public let sha256: [UInt8]

    public init(name: String, sha256: [UInt8]) {
        self.name = name
        self.sha256 = sha256
    }
}

/// Everything an appraisal found: every step with its outcome, the measurements, the TCB
/// verdict, the roots used and the fields a key binding is recomputed against.
public struct AppraisalReport: Hashable, Sendable {
    /// The evidence's platform.
    public let platform: EvidencePlatform
    /// The instant certificates and collateral were judged at.
    public let instant: Date
    /// Every step, in the order it ran.
    public var checks: [AppraisalCheck]
    /// The measurements, read from the signed bytes, in the platform's order.
    public var measurements: [EvidenceMeasurement]
    /// The TCB status when the platform has one (TDX: `UpToDate`, `OutOfDate`…), else nil.
    public var tcbStatus: String?
    /// The date of the matched TCB level (TDX), else nil.
    public var tcbDate: String?
    /// The advisory IDs of the matched TCB levels (TDX), sorted.
    public var advisoryIDs: [String]
    /// The pinned roots the chains ended in (those that matched).
    public var rootsUsed: [RootUsed]
    /// The signed fields a key binding is recomputed against, by name: `report_data` (SEV-SNP
    /// REPORT_DATA, TDX REPORTDATA), and for Nitro `public_key`, `user_data` and `nonce` when
    /// present. Filled only from bytes whose signature verified.
    public var bindingFields: [String: [UInt8]]

    public init(platform: EvidencePlatform, instant: Date) {
        self.platform = platform
        self.instant = instant
        self.checks = []
        self.measurements = []
        self.tcbStatus = nil
        self.tcbDate = nil
        self.advisoryIDs = []
        self.rootsUsed = []
        self.bindingFields = [:]
    }

    /// FAILED if any step failed; NOT_CHECKED if a required step did not run; else VERIFIED.
    public var verdict: AppraisalVerdict {
        if checks.contains(where: { $0.status == .fail }) { return .failed }
        if checks.contains(where: { $0.status == .notChecked && $0.required }) { return .notChecked }
        return .verified
    }

    /// The step named `name`, if it ran or was reported.
    public func check(_ name: String) -> AppraisalCheck? { checks.first { $0.name == name } }

    /// The first failing step, if any.
    public var firstFailure: AppraisalCheck? { checks.first { $0.status == .fail } }
}
