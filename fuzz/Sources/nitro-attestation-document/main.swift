// libFuzzer target: NitroAttestationDocument.parse and NitroAppraiser.appraise. Parsing must never
// trap; a document that parses must parse the same with tag 18 added, and appraising it must never
// trap, at its own timestamp, at an explicit instant and against a logging time. A document that
// does not parse must appraise as a failed `nitro.format`.
import Foundation
import Evidence
import Appraisal

let policies: [AppraisalPolicy] = {
    var strict = AppraisalPolicy()
    strict.measurements = ["PCR0": [[UInt8](repeating: 0, count: 48)], "PCR31": []]
    var lenient = AppraisalPolicy()
    lenient.allowDebug = true
    lenient.nitroMaxAge = 0
    return [.default, strict, lenient]
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNitroAttestationDocument(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: count))
    guard let document = try? NitroAttestationDocument.parse(input) else {
        let report = NitroAppraiser.appraise(input, policy: .default)
        precondition(report.checks.first?.name == "nitro.format" && report.verdict == .failed,
                     "an unparsed document did not fail nitro.format")
        return 0
    }
    if input.first != 0xd2, input.count < NitroAttestationDocument.maxEncodedBytes {
        precondition((try? NitroAttestationDocument.parse([0xd2] + input)) == document, "the tagged form parses differently")
    }
    _ = document.signedBytes
    _ = document.sortedPCRs
    let stamp = document.timestampDate
    // Three appraisals, not every combination: each verifies an ECDSA signature and a chain.
    _ = NitroAppraiser.appraise(input, policy: policies[0])
    _ = NitroAppraiser.appraise(
        input, at: Date(timeIntervalSince1970: 1_665_651_482.136), loggedBy: stamp.addingTimeInterval(60), policy: policies[1])
    _ = NitroAppraiser.appraise(input, loggedBy: stamp.addingTimeInterval(-1), policy: policies[2])
    return 0
}
