// The seam between tile maths and wherever tiles come from (a local store, an HTTP mirror).

/// Reads tile data for a ``TileHashReader``.
///
/// Data from a reader is untrusted until the hash reader has authenticated it against a tree
/// head; only then does it call ``saveTiles(_:data:)``, so a reader that caches tiles from the
/// network should cache them there, not in ``readTiles(_:)``.
public protocol TileReader {
    /// Returns the data of each tile, in order: `tiles[i].byteCount` bytes each.
    ///
    /// Throws if any tile cannot be read. Data of the wrong length is rejected by the caller.
    func readTiles(_ tiles: [Tile]) throws -> [[UInt8]]

    /// Tells the reader that `data` (returned by the last ``readTiles(_:)`` call for `tiles`)
    /// has been authenticated against the tree head and may be stored.
    ///
    /// The default implementation does nothing.
    func saveTiles(_ tiles: [Tile], data: [[UInt8]])
}

extension TileReader {
    /// Does nothing: a reader that keeps no cache has nothing to save.
    public func saveTiles(_ tiles: [Tile], data: [[UInt8]]) {}
}
