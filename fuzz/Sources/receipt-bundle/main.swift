// libFuzzer target: receiptlog.dev/receipt-bundle@v1 parsing, and verification of what parses.
import Notes
import Statements
import Verification

/// A fixed policy: whatever a bundle holds, verification must never trap.
let policy = try! TrustPolicy(
    file: Array(
        """
        log log.example/receipts+a5b333ad+AaCapfR6Z1mAL/lV+NwtKhSlyZ0jvpf4ZBJ/+Tg0VaTw
        witness witness1.example+270ac4eb+BEgHWll+choVbi4Hmd5cwMUyTcbn6vHN1GJQho7FMhXd
        quorum 1
        issuer inference.example+85598b61+AdBKsjJ0K7SrOhNovUYV5ObQIkq3GgFrr4UgozLJd4c3
        max-age 3600

        """.utf8))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReceiptBundle(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: count))
    guard let bundle = try? ReceiptBundle(parsing: input) else { return 0 }
    precondition(bundle.encoded == input, "a parsed bundle does not re-encode to its input")
    let report = Verifier(policy: policy).verify(bundle, inputs: VerificationInputs(now: 1_795_247_017))
    // The seven fixed layers always have a line; commitment lines follow only readable claims.
    let fixed: [ClaimLayer] = [
        .logInclusion, .witnessQuorum, .coseReceipt, .issuerSignature, .environment, .workloadIdentity, .modelIdentity,
    ]
    precondition(Array(report.checks.prefix(7).map(\.layer)) == fixed, "a report has a line for every fixed layer, in order")
    precondition(
        report.outcome != .verified || report.checks.allSatisfy { !$0.required || $0.verdict.satisfiesRequirement },
        "a verified report has every required layer satisfied")
    return 0
}
