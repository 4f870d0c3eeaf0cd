// libFuzzer target: TDXQuote.parse (Intel TDX DCAP quote v4/v5) and TDXAppraiser. Parsing must
// never trap; a quote that parses signs a prefix of its input and carries a PCK chain; it is
// then appraised without collateral and with the real June 2025 collateral of
// Tests/Vectors/tee/tdx (read once at start from the source tree), which must never trap either.
import Foundation
import Evidence
import Appraisal

/// The real collateral set, when the source tree is where this file was compiled from.
let collateral: DCAPCollateral? = {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Vectors/tee/tdx/dcap-qvl/tdx_quote_collateral.json")
    guard let data = try? Data(contentsOf: path) else { return nil }
    return try? DCAPCollateral.parse(json: Array(data))
}()
let instant = RFC3339.parse("2025-07-01T00:00:00Z")!

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTDXQuote(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: count))
    guard let quote = try? TDXQuote.parse(input) else {
        let report = TDXAppraiser.appraise(input, collateral: nil, at: instant, policy: .default)
        precondition(report.verdict == .failed && report.checks.map(\.name) == ["tdx.format"], "an unparseable quote was appraised")
        return 0
    }
    precondition(Array(input.prefix(quote.signedBytes.count)) == quote.signedBytes, "the signed bytes are not the input's prefix")
    precondition(!quote.pckChain.isEmpty && quote.qeReport.bytes.count == 384, "a parsed quote lacks its PCK chain or QE report")
    _ = try? SGXPCKExtension(certificate: quote.pckChain[0])
    _ = TDXAppraiser.appraise(input, collateral: nil, at: instant, policy: .default)
    _ = TDXAppraiser.appraise(input, collateral: collateral, at: instant, policy: .default)
    return 0
}
