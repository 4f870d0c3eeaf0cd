// libFuzzer target: DCAPCollateral.parse (the DCAP collateral JSON with TCB Info v3 and QE
// Identity v2) and TDXAppraiser. Parsing must never trap; collateral that parses keeps the
// signed strings as bytes of the input's JSON and is used to appraise the real quote
// Tests/Vectors/tee/tdx/dcap-qvl/tdx_quote (read once at start from the source tree), which must
// never trap either.
import Foundation
import Evidence
import Appraisal

/// The real quote, when the source tree is where this file was compiled from.
let quote: [UInt8] = {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Vectors/tee/tdx/dcap-qvl/tdx_quote")
    return (try? Data(contentsOf: path)).map { Array($0) } ?? []
}()
let instant = RFC3339.parse("2025-07-01T00:00:00Z")!

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDCAPCollateral(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: count))
    guard let collateral = try? DCAPCollateral.parse(json: input) else { return 0 }
    precondition(collateral.tcbInfoSignature.count == 64 && collateral.qeIdentitySignature.count == 64,
                 "a parsed signature is not 64 bytes")
    precondition((try? TCBInfo.parse(json: collateral.tcbInfoBytes)) == collateral.tcbInfo, "the TCB Info bytes do not parse to the TCB Info")
    _ = TDXAppraiser.appraise(quote, collateral: collateral, at: instant, policy: .default)
    _ = TDXAppraiser.appraise(quote, collateral: collateral, at: collateral.tcbInfo.nextUpdate, policy: .default)
    return 0
}
