// DESIGN.md §2 and specs/verify.md, "Assumptions": what a verdict rests on without any check.
public import Appraisal
import CryptoPrimitives

/// Something a verification report's verdict rests on that no check covers. Every assumption is
/// listed with the verdict ``Verdict/assumed``.
public struct Assumption: Hashable, Sendable {
    /// A stable short name, such as `vendor-roots` or `host-clock`.
    public let name: String
    /// What is assumed, for people; one line.
    public let statement: String

    /// Creates an assumption.
    public init(name: String, statement: String) {
        self.name = name
        self.statement = statement
    }

    /// The pinned keys of the policy belong to the log, witnesses and issuers, who keep them secret.
    public static let pinnedKeys = Assumption(
        name: "pinned-keys",
        statement: "the policy's log, witness and issuer keys are the right ones and their private keys are not compromised")
    /// Without a witness quorum nothing shows the log did not fork its history.
    public static let singleLogView = Assumption(
        name: "log-consistency",
        statement: "no witness quorum was checked: the log may show other verifiers a different history")
    /// The hardware vendors' roots of trust.
    public static let vendorRoots = Assumption(
        name: "vendor-roots",
        statement: "the hardware vendors' roots of trust (AMD, Intel, NVIDIA, AWS) certify only genuine hardware; the evidence itself was not verified here")
    /// The hardware vendors' roots that the appraised evidence chained to.
    public static func vendorRoots(_ roots: [RootUsed]) -> Assumption {
        Assumption(
            name: "vendor-roots",
            statement: "the hardware vendors' roots used here (\(roots.map { "\($0.name), SHA-256 \(Hex.encode($0.sha256))" }.joined(separator: "; "))) certify only genuine hardware, and their private keys are not compromised")
    }

    /// The trusted execution environment works as designed.
    public static let teeCorrectness = Assumption(
        name: "tee-correctness",
        statement: "the TEE isolates the workload as designed and its measurements identify the code that ran")
    /// The issuer's measured code computed the digests and commitments honestly.
    public static let issuerMeasuredCode = Assumption(
        name: "issuer-measured-code",
        statement: "the issuer's measured code hashed the model it actually ran and committed to the actual request, response and parameters")
    /// Nothing is claimed about output correctness.
    public static let outputCorrectness = Assumption(
        name: "output-correctness",
        statement: "nothing is claimed about whether the model's output is correct")

    /// The verifier's clock, used for the maximum age of `iat`; `witnessedBy` is the time by
    /// which the witness quorum held, when it did.
    public static func hostClock(now: UInt64, witnessedBy: UInt64?) -> Assumption {
        let bound = witnessedBy.map { "; independently of it, a quorum of witnesses saw the receipt in the log by \(UnixTime.text($0))" } ?? ""
        return Assumption(
            name: "host-clock", statement: "the verifier's clock is right (now = \(UnixTime.text(now)), used for max-age)\(bound)")
    }
}
