// The log's status for people (specs/http-api.md, "Pages"), read from memory.
import Notes

extension LogService {
    /// A snapshot of the log: its origin and key, its latest and published checkpoints with their
    /// ages on the log's clock, and each witness's last exchange. Reads no storage; never blocks.
    public func status() -> LogStatus {
        let now = stopwatch.elapsed
        let head = treeHead
        let latest = LogStatus.CheckpointState(
            treeSize: head.treeSize, rootHash: head.rootHash,
            age: sequencer.signedAt(treeSize: head.treeSize).map { now - $0 })
        var published: LogStatus.CheckpointState?
        var witnesses: [LogStatus.Witness] = []
        if let cosigner {
            if let state = cosigner.publishedState, let checkpoint = try? Checkpoint(text: state.note.text) {
                published = LogStatus.CheckpointState(
                    treeSize: state.treeSize, rootHash: checkpoint.rootHash, age: state.at.map { now - $0 })
            }
            witnesses = cosigner.witnessActivity.map { endpoint, activity in
                LogStatus.Witness(
                    name: endpoint.name, url: endpoint.url, cosignedSize: activity.cosignedSize,
                    cosignedAge: activity.cosignedAt.map { now - $0 }, latency: activity.latency,
                    lastError: activity.lastError, lastErrorAge: activity.lastErrorAt.map { now - $0 })
            }
        }
        return LogStatus(
            origin: configuration.origin, verifierKey: signer.verifierKey.encoded, latest: latest, published: published,
            isWitnessed: cosigner != nil, failsOpen: cosigner?.policy.failOpen ?? false, witnesses: witnesses, alarm: alarm?.message)
    }
}
