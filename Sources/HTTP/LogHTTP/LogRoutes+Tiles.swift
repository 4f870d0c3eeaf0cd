// c2sp.org/tlog-tiles: the checkpoint, hash tiles and entry bundles.
import Hummingbird
import LogEngine
import Merkle

extension LogRoutes {
    /// `Cache-Control` of the checkpoint: it changes with every batch.
    static let checkpointCache = "public, max-age=1"
    /// `Cache-Control` of tiles and entry bundles: a tile URL, full or partial, always names the
    /// same bytes (tiles grow in place).
    static let immutableCache = "public, max-age=31536000, immutable"

    static func addTiles(to router: Router<BasicRequestContext>, service: LogService) {
        router.get("checkpoint") { _, _ -> Response in
            bytesResponse(try service.publishedCheckpoint(), type: MediaTypes.text, cache: checkpointCache)
        }
        router.get("tile/**") { request, _ -> Response in
            let raw = request.uri.path.dropFirst()  // the leading "/"
            let path: TilePath
            do {
                path = try TilePath(parsing: raw)
            } catch let error as MerkleError {
                throw APIFailure(.badRequest, "BAD_TILE_PATH", "not a canonical tile path: \(error.message)")
            }
            let data = try await blocking { try service.tile(path) }
            return bytesResponse(data, type: MediaTypes.octetStream, cache: immutableCache)
        }
    }
}
