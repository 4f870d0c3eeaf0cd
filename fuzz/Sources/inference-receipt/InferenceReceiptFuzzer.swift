// Fuzzes InferenceReceiptClaims(encoded:) (specs/receipt-profile.md §Claims): decoding must never
// trap, and any claims set it accepts must validate and re-encode to exactly the input.
import Statements

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let claims = try? InferenceReceiptClaims(encoded: input) else { return 0 }
    precondition((try? claims.encoded()) == input, "a claims set does not re-encode to its input")
    precondition((try? InferenceReceiptClaims(cbor: claims.cbor)) == claims)
    return 0
}
