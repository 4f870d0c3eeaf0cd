// libFuzzer target: EvidenceStatementPayload(encoded:) and CollateralStatementPayload(encoded:)
// (specs/evidence.md §Evidence in the log), each given every input. Parsing must never trap;
// both payloads are deterministic CBOR, so whatever parses re-encodes to exactly the input, and
// the re-encoding parses back equal.
import Evidence

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEvidenceStatementPayload(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: count))
    if let evidence = try? EvidenceStatementPayload(encoded: input) {
        precondition(evidence.encoded() == input, "an evidence statement payload does not re-encode to its input")
        precondition((try? EvidenceStatementPayload(encoded: evidence.encoded())) == evidence,
                     "an evidence statement payload's encoding parses differently")
        precondition(EvidenceStatementPayload.platforms.contains(evidence.platform), "an evidence payload names an unknown platform")
    }
    if let collateral = try? CollateralStatementPayload(encoded: input) {
        precondition(collateral.encoded() == input, "a collateral statement payload does not re-encode to its input")
        precondition((try? CollateralStatementPayload(encoded: collateral.encoded())) == collateral,
                     "a collateral statement payload's encoding parses differently")
        precondition(!collateral.certificates.isEmpty || !collateral.crls.isEmpty || collateral.dcap != nil,
                     "a collateral payload holds nothing")
    }
    return 0
}
