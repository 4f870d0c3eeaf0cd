import Testing
import Foundation
import Appraisal
import Evidence

@Suite struct PinnedRootTests {
    /// Each compiled-in root equals the SHA-256 of the vector file that holds it.
    @Test func compiledInRootsMatchTheVectorFiles() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors/tee")
        func cert(_ path: String, _ index: Int) throws -> EvidenceCertificate {
            try EvidenceCertificate.parseAll(Array(Data(contentsOf: dir.appendingPathComponent(path))))[index]
        }
        let files: [String: EvidenceCertificate] = [
            "AWS Nitro Enclaves Root-G1": try cert("nitro/aws-nitro-root-g1.der", 0),
            "AMD ARK-Milan": try cert("sev-snp/go-sev-guest/ask_ark_milan.pem", 1),
            "AMD ARK-Genoa": try cert("sev-snp/go-sev-guest/ask_ark_genoa.pem", 1),
            "AMD ARK-Turin": try cert("sev-snp/go-sev-guest/ask_ark_turin_vcek.pem", 1),
            "Intel SGX Root CA": try cert("tdx/dcap-qvl/TrustedRootCA.der", 0),
        ]
        #expect(PinnedRoot.builtIn.count == files.count)
        for root in PinnedRoot.builtIn {
            #expect(files[root.name]?.sha256 == root.sha256, "\(root.name)")
        }
    }

    @Test func rfc3339RoundTrips() {
        let t = RFC3339.parse("2022-10-13T08:58:02.136Z")!
        #expect(t.timeIntervalSince1970 * 1000 == 1_665_651_482_136)
        #expect(RFC3339.string(t) == "2022-10-13T08:58:02.136Z")
        #expect(RFC3339.string(RFC3339.parse("2025-07-01T00:00:00Z")!) == "2025-07-01T00:00:00Z")
        #expect(RFC3339.parse("2025-07-01T00:00:00+01:00") == nil)
        #expect(RFC3339.parse("2025-13-01T00:00:00Z") == nil)
    }
}
