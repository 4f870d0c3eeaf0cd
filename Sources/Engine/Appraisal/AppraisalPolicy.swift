// What a relying party accepts of hardware evidence (specs/evidence.md §Policy). The defaults are
// the ones the vectors' expected verdicts assume (Tests/Vectors/tee/README.md).
public import Foundation

/// The appraisal policy: debug, TCB statuses, extra roots, measurements and freshness.
public struct AppraisalPolicy: Hashable, Sendable {
    /// Whether a debug enclave or VM is acceptable (Nitro PCR0–2 all zero, SNP POLICY bit 19,
    /// TDX TDATTRIBUTES bit 0). Default false; when true the report says debug was allowed.
    public var allowDebug: Bool = false
    /// The TDX TCB statuses accepted (after merging platform, QE and module statuses).
    public var acceptedTCBStatuses: Set<String> = ["UpToDate", "SWHardeningNeeded"]
    /// Whether a TDX TD must set SEPT_VE_DISABLE (TDATTRIBUTES bit 28). Default true, as dcap-qvl.
    public var requireSEPTVEDisable: Bool = true
    /// Roots trusted in addition to the compiled-in ones, by platform (SHA-256 of the DER).
    public var additionalRoots: [EvidencePlatform: [[UInt8]]] = [:]
    /// Allowed values per measurement name (`PCR0`, `MEASUREMENT`, `MRTD`, `HOST_DATA`…). A name
    /// with a list is a required check that passes when the value is one of the list; names not
    /// listed are reported, not checked.
    public var measurements: [String: [[UInt8]]] = [:]
    /// The longest time a Nitro document's signed timestamp may precede the instant the log
    /// was first seen to hold it. Default 5 minutes (chainlink-common#2170).
    public var nitroMaxAge: TimeInterval = 300
    /// Whether an SEV-SNP CRL must be supplied and checked (default false: AMD's VCEK/VLEK are
    /// not revoked individually; the CRL covers the ASK).
    public var requireSNPCRL: Bool = false

    public init() {}

    /// The default policy.
    public static let `default` = AppraisalPolicy()
}
