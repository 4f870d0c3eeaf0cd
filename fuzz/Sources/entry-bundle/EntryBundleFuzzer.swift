// Fuzzes EntryBundle(parsing:) (c2sp.org/tlog-tiles entry bundles): parsing must never trap,
// and anything it accepts must re-encode to exactly the input.
import Merkle

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let bundle = try? EntryBundle(parsing: input) else { return 0 }
    precondition(bundle.encoded == input, "an entry bundle does not re-encode to its input")
    precondition((1...EntryBundle.maxEntries).contains(bundle.entries.count))
    precondition(bundle.entries.allSatisfy { $0.count <= EntryBundle.maxEntryLength })
    precondition((try? EntryBundle(entries: bundle.entries)) == bundle)
    return 0
}
