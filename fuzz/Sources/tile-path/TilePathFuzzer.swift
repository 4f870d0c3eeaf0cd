// Fuzzes TilePath(parsing:) (c2sp.org/tlog-tiles paths): parsing must never trap, and anything
// it accepts must be canonical: re-encoding gives back the input exactly.
import Merkle

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let path = try? TilePath(parsing: input) else { return 0 }
    precondition(path.path == input, "accepted a non-canonical tile path")
    precondition((try? TilePath(parsing: path.path)) == path, "a tile path does not round-trip")
    let tile = path.tile
    precondition((0...Tile.maxLevel).contains(tile.level) && (1...Tile.fullWidth).contains(tile.width))
    if case .entries(let t) = path { precondition(t.level == 0) }
    return 0
}
