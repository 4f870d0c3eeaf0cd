// The real evidence vectors evidence-bench appraises, read at run time from Tests/Vectors/tee of the
// repository (Tests/Vectors/tee/README.md gives each vector's instant and expected verdict):
//   N1  nitro/evervault/valid-attestation-doc-bytes, at its own signed timestamp
//   S1  sev-snp/virtee-sev/report_milan.bin with vcek_milan.der, at 2023-04-04T19:23:43Z
//   T1  tdx/dcap-qvl/tdx_quote with tdx_quote_collateral.json, at 2025-07-01T00:00:00Z
import Evidence
import Foundation

/// The three vectors' bytes and instants.
struct TEEVectors {
    /// N1: a Nitro attestation document (COSE_Sign1).
    let nitroDocument: [UInt8]
    /// S1: a 1,184-byte SEV-SNP report from a Milan machine.
    let snpReport: [UInt8]
    /// S1's VCEK, DER.
    let vcek: [UInt8]
    /// The Milan ASK and ARK, PEM (the certificates the appraiser has compiled in).
    let askArkMilan: [UInt8]
    /// T1: a TDX quote (v4).
    let tdxQuote: [UInt8]
    /// T1's DCAP collateral, JSON.
    let tdxCollateral: [UInt8]

    /// S1's instant: the VCEK's notBefore plus one day.
    static let snpInstant = RFC3339.parse("2023-04-04T19:23:43Z")!
    /// T1's instant: inside every collateral item's validity.
    static let tdxInstant = RFC3339.parse("2025-07-01T00:00:00Z")!

    /// The repository root: `explicit` when given, else the checkout this file was compiled
    /// from, else the working directory; it must hold Tests/Vectors/tee.
    static func repositoryRoot(_ explicit: String?) throws -> URL {
        let candidates = [
            explicit.map { URL(fileURLWithPath: $0) },
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent(),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        ].compactMap { $0 }
        for root in candidates
        where FileManager.default.fileExists(atPath: root.appendingPathComponent("Tests/Vectors/tee").path) {
            return root
        }
        throw EvidenceBenchError("no Tests/Vectors/tee under \(candidates.map(\.path).joined(separator: " or ")); give --repo")
    }

    /// Reads the vectors under `root`/Tests/Vectors/tee.
    init(root: URL) throws {
        let tee = root.appendingPathComponent("Tests/Vectors/tee")
        func read(_ path: String) throws -> [UInt8] {
            [UInt8](try Data(contentsOf: tee.appendingPathComponent(path)))
        }
        nitroDocument = try read("nitro/evervault/valid-attestation-doc-bytes")
        snpReport = try read("sev-snp/virtee-sev/report_milan.bin")
        vcek = try read("sev-snp/virtee-sev/vcek_milan.der")
        askArkMilan = try read("sev-snp/go-sev-guest/ask_ark_milan.pem")
        tdxQuote = try read("tdx/dcap-qvl/tdx_quote")
        tdxCollateral = try read("tdx/dcap-qvl/tdx_quote_collateral.json")
    }
}
