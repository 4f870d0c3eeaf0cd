// libFuzzer target: c2sp.org/tlog-proof@v1 parsing.
import Notes

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTlogProof(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: count))
    guard let proof = try? TlogProof(parsing: input) else { return 0 }
    precondition(proof.encoded == input, "a parsed proof does not re-encode to its input")
    return 0
}
