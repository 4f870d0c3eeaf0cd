// libFuzzer target: trust policy file parsing.
import Verification

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTrustPolicy(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: count))
    guard let policy = try? TrustPolicy(file: input) else { return 0 }
    // The canonical form parses to the same policy and re-encodes to itself.
    let canonical = Array(policy.file.utf8)
    guard let again = try? TrustPolicy(file: canonical) else { preconditionFailure("the canonical form does not parse") }
    precondition(again == policy && Array(again.file.utf8) == canonical, "the canonical form does not round-trip")
    return 0
}
