// specs/evidence.md §Policy: the appraisal settings as lines of a policy file, in the trust
// policy's grammar (`<keyword> <value>`, one space). A trust policy file may hold them; a file of
// these lines alone is an appraisal policy for `receiptlog evidence appraise --policy`.
//
//     evidence-debug allow
//     evidence-tcb-status UpToDate
//     evidence-tcb-status SWHardeningNeeded
//     evidence-root sev-snp 69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd
//     evidence-measurement MRTD 91eb2b44…
//     evidence-sept-ve-disable optional
//     evidence-nitro-max-age 300
//     evidence-snp-crl require
import CryptoPrimitives
import PolicyText

/// A policy line that breaks its rule.
public struct AppraisalPolicyError: Error, Hashable, CustomStringConvertible {
    /// What is wrong with the line, for people.
    public let message: String
    public var description: String { message }
}

extension AppraisalPolicy {
    /// The keywords of appraisal settings.
    public static let keywords: Set<String> = [
        "evidence-debug", "evidence-tcb-status", "evidence-root", "evidence-measurement",
        "evidence-sept-ve-disable", "evidence-nitro-max-age", "evidence-snp-crl",
    ]

    /// Applies one `keyword value` line. `evidence-tcb-status` lines replace the default set
    /// (the first one clears it: `tcbStatusesGiven` tracks that). Throws for a bad value.
    public mutating func apply(keyword: String, value: String, tcbStatusesGiven: inout Bool) throws(AppraisalPolicyError) {
        func fail(_ m: String) -> AppraisalPolicyError { AppraisalPolicyError(message: m) }
        switch keyword {
        case "evidence-debug":
            switch value {
            case "allow": allowDebug = true
            case "refuse": allowDebug = false
            default: throw fail("evidence-debug takes allow or refuse, not \(value)")
            }
        case "evidence-tcb-status":
            guard Self.tcbStatuses.contains(value) else {
                throw fail("evidence-tcb-status \(value) is not a TCB status (\(Self.tcbStatuses.sorted().joined(separator: ", ")))")
            }
            if !tcbStatusesGiven { acceptedTCBStatuses = [] }
            tcbStatusesGiven = true
            acceptedTCBStatuses.insert(value)
        case "evidence-root":
            let parts = value.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, let platform = EvidencePlatform(rawValue: String(parts[0])),
                  let hash = Hex.decode(parts[1]), hash.count == 32
            else { throw fail("evidence-root takes a platform (nitro, sev-snp, tdx) and the SHA-256 of the root's DER in lower-case hex") }
            additionalRoots[platform, default: []].append(hash)
        case "evidence-measurement":
            let parts = value.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, let bytes = Hex.decode(parts[1]), !bytes.isEmpty else {
                throw fail("evidence-measurement takes a measurement name (PCR0, MEASUREMENT, MRTD…) and its value in lower-case hex")
            }
            measurements[String(parts[0]), default: []].append(bytes)
        case "evidence-sept-ve-disable":
            switch value {
            case "require": requireSEPTVEDisable = true
            case "optional": requireSEPTVEDisable = false
            default: throw fail("evidence-sept-ve-disable takes require or optional, not \(value)")
            }
        case "evidence-nitro-max-age":
            guard let seconds = UInt32(value), String(seconds) == value else {
                throw fail("evidence-nitro-max-age takes a number of seconds, not \(value)")
            }
            nitroMaxAge = Double(seconds)
        case "evidence-snp-crl":
            switch value {
            case "require": requireSNPCRL = true
            case "optional": requireSNPCRL = false
            default: throw fail("evidence-snp-crl takes require or optional, not \(value)")
            }
        default:
            throw fail("unknown keyword \(keyword)")
        }
    }

    /// The largest file of appraisal settings accepted, in bytes: a trust policy's limit, since
    /// these lines may make up a whole trust policy.
    public static let maxFileCount = 1 << 20

    /// Parses a file of appraisal settings alone (comments and empty lines allowed), lexed as a
    /// trust policy is (`PolicyLines`). Throws for a file over ``maxFileCount`` bytes or not
    /// UTF-8, and with the line number for a line that breaks the lexical rules, a line without
    /// a value, an unknown keyword or a bad value.
    public init(file: some Collection<UInt8>) throws(AppraisalPolicyError) {
        self.init()
        let lines: PolicyLines
        do {
            lines = try PolicyLines(file, limit: Self.maxFileCount, what: "the appraisal policy")
        } catch {
            throw AppraisalPolicyError(message: error.message)
        }
        var given = false
        for line in lines {
            guard let value = line.value else {
                throw AppraisalPolicyError(message: "line \(line.number): expected `<keyword> <value>`")
            }
            do {
                try apply(keyword: String(line.keyword), value: String(value), tcbStatusesGiven: &given)
            } catch {
                throw AppraisalPolicyError(message: "line \(line.number): \(error.message)")
            }
        }
    }

    /// The settings as policy lines, in the order of ``keywords``' documentation; empty for the
    /// default policy.
    public var lines: [String] {
        var out: [String] = []
        if allowDebug { out.append("evidence-debug allow") }
        if acceptedTCBStatuses != Self.default.acceptedTCBStatuses {
            out += acceptedTCBStatuses.sorted().map { "evidence-tcb-status \($0)" }
        }
        for platform in EvidencePlatform.allCases {
            out += (additionalRoots[platform] ?? []).map { "evidence-root \(platform.rawValue) \(Hex.encode($0))" }
        }
        for name in measurements.keys.sorted() {
            out += measurements[name]!.map { "evidence-measurement \(name) \(Hex.encode($0))" }
        }
        if !requireSEPTVEDisable { out.append("evidence-sept-ve-disable optional") }
        if nitroMaxAge != Self.default.nitroMaxAge { out.append("evidence-nitro-max-age \(Int(nitroMaxAge))") }
        if requireSNPCRL { out.append("evidence-snp-crl require") }
        return out
    }

    /// Intel's TCB statuses (TCB Info v3), best first.
    public static let tcbStatuses: Set<String> = [
        "UpToDate", "SWHardeningNeeded", "ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded",
        "OutOfDate", "OutOfDateConfigurationNeeded", "Revoked",
    ]
}
