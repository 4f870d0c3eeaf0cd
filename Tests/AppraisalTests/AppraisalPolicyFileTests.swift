import Appraisal
import Testing

/// specs/evidence.md §8: the evidence-* policy lines.
@Suite struct AppraisalPolicyFileTests {
    @Test func linesRoundTrip() throws {
        let text = """
            # appraisal settings
            evidence-debug allow
            evidence-tcb-status UpToDate
            evidence-tcb-status OutOfDate
            evidence-root sev-snp \(String(repeating: "ab", count: 32))
            evidence-measurement MRTD \(String(repeating: "01", count: 48))
            evidence-measurement MRTD \(String(repeating: "02", count: 48))
            evidence-sept-ve-disable optional
            evidence-nitro-max-age 60
            evidence-snp-crl require

            """
        let policy = try AppraisalPolicy(file: Array(text.utf8))
        #expect(policy.allowDebug && !policy.requireSEPTVEDisable && policy.requireSNPCRL)
        #expect(policy.acceptedTCBStatuses == ["UpToDate", "OutOfDate"])
        #expect(policy.additionalRoots[.sevSNP]?.count == 1)
        #expect(policy.measurements["MRTD"]?.count == 2)
        #expect(policy.nitroMaxAge == 60)
        let again = try AppraisalPolicy(file: Array((policy.lines.joined(separator: "\n") + "\n").utf8))
        #expect(again == policy)
        #expect(AppraisalPolicy.default.lines.isEmpty)
    }

    @Test func badLinesNameTheLine() {
        let cases = [
            "evidence-debug maybe", "evidence-tcb-status Fine", "evidence-root sgx \(String(repeating: "ab", count: 32))",
            "evidence-root tdx ABCD", "evidence-measurement MRTD", "evidence-nitro-max-age -1", "evidence-nitro-max-age 007",
            "evidence-colour blue", "evidence-debug",
        ]
        for line in cases {
            #expect(throws: AppraisalPolicyError.self, "\(line)") { try AppraisalPolicy(file: Array("\n\(line)\n".utf8)) }
            do { _ = try AppraisalPolicy(file: Array("\n\(line)\n".utf8)) } catch { #expect(error.message.hasPrefix("line 2: ")) }
        }
    }
}
