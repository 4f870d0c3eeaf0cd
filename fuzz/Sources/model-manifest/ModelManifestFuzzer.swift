// Fuzzes ModelManifest(canonicalEncoding:) (specs/receipt-profile.md §Model digest): parsing must
// never trap, and anything it accepts must re-encode to exactly the input.
import Statements

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let manifest = try? ModelManifest(canonicalEncoding: input) else { return 0 }
    precondition(manifest.canonicalEncoding == input, "a manifest does not re-encode to its input")
    precondition(!manifest.entries.isEmpty && manifest.entries.count <= ModelManifest.maxEntries)
    precondition((try? ModelManifest(entries: manifest.entries.reversed())) == manifest)
    return 0
}
