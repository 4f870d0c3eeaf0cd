// HTTP adapter of the witness engine (DESIGN.md §4 layer 6): parse, call the engine off the event
// loop, encode. c2sp.org/tlog-witness v1.0.0 §add-checkpoint, and GET /checkpoint/<origin-hash>
// (specs/witness.md).
public import Hummingbird
import Logging
import NIOCore
public import NIOPosix
public import WitnessEngine

/// The witness's protocol routes: `POST /add-checkpoint` and `GET /checkpoint/{originHash}`.
///
/// Handlers only parse, call the engine and encode. The engine's blocking work (signature checks
/// and a synced RocksDB write) runs on `threadPool`, never on an event loop.
public struct WitnessRoutes: Sendable {
    /// The engine the routes call.
    public let witness: Witness
    /// Where the engine's blocking calls run.
    public let threadPool: NIOThreadPool
    /// Where `add-checkpoint` latencies go, if anywhere.
    public let metrics: WitnessMetrics?

    /// The media type of a `409 Conflict` body that carries the witness's tree size.
    public static let treeSizeContentType = "text/x.tlog.size"

    /// Creates the routes over `witness`, running engine calls on `threadPool` and recording
    /// into `metrics`.
    public init(witness: Witness, threadPool: NIOThreadPool = .singleton, metrics: WitnessMetrics? = nil) {
        self.witness = witness
        self.threadPool = threadPool
        self.metrics = metrics
    }

    /// Adds the routes to `router`.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.post("add-checkpoint") { request, context in
            try await addCheckpoint(request, context)
        }
        router.get("checkpoint/{originHash}") { request, context in
            try await checkpoint(request, context)
        }
    }

    /// `POST /add-checkpoint`: 200 with the cosignature line, or the status of
    /// ``WitnessStatus/status(for:)``. A body above ``AddCheckpointRequest/maxCount`` bytes gets
    /// 413 from the body collector.
    func addCheckpoint(_ request: Request, _ context: some RequestContext) async throws -> Response {
        let start = ContinuousClock.now
        defer { metrics?.recordAddCheckpoint(ContinuousClock.now - start) }
        let buffer = try await request.body.collect(upTo: AddCheckpointRequest.maxCount)
        let body = Array(buffer.readableBytesView)
        let witness = self.witness
        let result: Result<[UInt8], WitnessEngineError> = try await threadPool.runIfActive {
            Result { () throws(WitnessEngineError) in try witness.addCheckpoint(body: body) }
        }
        switch result {
        case .success(let lines):
            return Self.response(.ok, lines)
        case .failure(let error):
            return Self.response(for: error, context.logger)
        }
    }

    /// `GET /checkpoint/{originHash}`: the latest checkpoint the witness cosigned for that log,
    /// as a signed note, or 404.
    func checkpoint(_ request: Request, _ context: some RequestContext) async throws -> Response {
        let originHash = try context.parameters.require("originHash")
        let witness = self.witness
        let result: Result<[UInt8], WitnessEngineError> = try await threadPool.runIfActive {
            Result { () throws(WitnessEngineError) in try witness.latestCheckpoint(originHash: originHash).note.encoded }
        }
        switch result {
        case .success(let note):
            return Self.response(.ok, note)
        case .failure(let error):
            return Self.response(for: error, context.logger)
        }
    }

    /// The response for an engine error: its status from the one table, and a one-line
    /// `CODE: message` (``WitnessStatus/code(for:)``), except a `409` for an old size mismatch, whose body is the witness's tree size and a
    /// newline with the `text/x.tlog.size` media type (c2sp.org/tlog-witness §add-checkpoint).
    static func response(for error: WitnessEngineError, _ logger: Logger) -> Response {
        let status = WitnessStatus.status(for: error.code)
        if error.code == .oldSizeMismatch, let size = error.knownTreeSize {
            return response(.conflict, Array("\(size)\n".utf8), contentType: treeSizeContentType)
        }
        if status.kind == .serverError {
            logger.error("witness failure", metadata: ["error": "\(error)"])
        } else {
            logger.debug("request refused", metadata: ["error": "\(error)"])
        }
        let message = error.message.split(whereSeparator: \.isNewline).joined(separator: " ")
        return response(status, Array("\(WitnessStatus.code(for: error.code)): \(message)\n".utf8))
    }

    static func response(
        _ status: HTTPResponse.Status, _ body: [UInt8], contentType: String = "text/plain; charset=utf-8",
        cache: String? = nil
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        if let cache { headers[.cacheControl] = cache }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
