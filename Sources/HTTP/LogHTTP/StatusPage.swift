// The model of the log's status page (`/`, specs/http-api.md "Pages"): strings ready to print,
// built from the engine's ``LogStatus``. Every field reaches the page escaped.
import LogEngine

/// What `/` shows.
struct StatusPage {
    /// One checkpoint row.
    struct CheckpointRow {
        let treeSize: String
        let rootHash: String
        let age: String
    }

    /// One witness row.
    struct WitnessRow {
        let name: String
        let url: String
        let cosignedSize: String
        let cosignedAge: String
        let latency: String
        let hasError: Bool
        let lastError: String
        let lastErrorAge: String
    }

    let title: String
    let origin: String
    let verifierKey: String
    let treeSize: String
    let alarm: [String]
    let latest: CheckpointRow
    let latestNote: String
    let isWitnessed: Bool
    let hasPublished: Bool
    let published: CheckpointRow
    let publishedRule: String
    let publishedNote: [String]
    let witnesses: [WitnessRow]
    let hasRecent: Bool
    let recent: [String]

    /// How many of the newest entries the page links to.
    static let recentCount: UInt64 = 10

    /// The page for `status`, with the log-signed note of the latest checkpoint, the note served
    /// at `/checkpoint` (nil when none is published yet).
    init(status: LogStatus, latestNote: [UInt8], publishedNote: [UInt8]?) {
        title = "ReceiptLog: \(status.origin)"
        origin = status.origin
        verifierKey = status.verifierKey
        treeSize = "\(status.latest.treeSize)"
        alarm = status.alarm.map { [$0] } ?? []
        latest = CheckpointRow(
            treeSize: "\(status.latest.treeSize)", rootHash: status.latest.rootHash.hex, age: Self.signed(status.latest.age))
        self.latestNote = String(decoding: latestNote, as: UTF8.self)
        isWitnessed = status.isWitnessed
        hasPublished = status.published != nil
        published = CheckpointRow(
            treeSize: status.published.map { "\($0.treeSize)" } ?? "",
            rootHash: status.published?.rootHash.hex ?? "",
            age: Self.signed(status.published?.age))
        publishedRule =
            status.failsOpen
            ? "Failing open: /checkpoint serves the latest signed checkpoint, with its cosignatures once it has a quorum."
            : "Failing closed: /checkpoint serves the newest checkpoint whose cosignatures meet the witness quorum."
        self.publishedNote = publishedNote.map { [String(decoding: $0, as: UTF8.self)] } ?? []
        witnesses = status.witnesses.map { w in
            WitnessRow(
                name: w.name, url: w.url, cosignedSize: w.cosignedSize.map { "\($0)" } ?? "none yet",
                cosignedAge: w.cosignedAge.map(Self.ago) ?? "never",
                latency: w.latency.map(Self.milliseconds) ?? "no answer yet",
                hasError: w.lastError != nil, lastError: w.lastError ?? "",
                lastErrorAge: w.lastErrorAge.map(Self.ago) ?? "")
        }
        let size = status.latest.treeSize
        recent = (0..<min(size, Self.recentCount)).map { "\(size - 1 - $0)" }
        hasRecent = !recent.isEmpty
    }

    /// When a checkpoint was signed, for people.
    static func signed(_ age: Duration?) -> String {
        age.map(ago) ?? "before this log process started"
    }

    /// `age` as "N s ago", "N min M s ago" or "N h M min ago".
    static func ago(_ age: Duration) -> String {
        let seconds = max(0, age.components.seconds)
        if seconds < 60 { return "\(seconds) s ago" }
        if seconds < 3600 { return "\(seconds / 60) min \(seconds % 60) s ago" }
        return "\(seconds / 3600) h \(seconds % 3600 / 60) min ago"
    }

    /// `duration` in whole milliseconds (at least 1 ms when positive).
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return "\(ms == 0 && duration > .zero ? 1 : ms) ms"
    }
}
