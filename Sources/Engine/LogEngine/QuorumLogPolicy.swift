// What the log says about its witness quorum (specs/http-api.md, "Witnessing"): a round that
// misses the quorum is explained witness by witness at once; while the same witnesses keep
// failing for the same reasons, at most one summary line follows per `summaryInterval`; a change
// of reasons is told at once; and the round that publishes again says so in one line. Rounds run
// every second while the log grows, so without this the same warning would repeat every second.
//
// A pure state machine: the cosigner feeds it each round's outcome with a reading of the log's
// injected clock and logs the lines it returns.

/// Decides which lines the log writes about its witness quorum after each round.
struct QuorumLogPolicy: Sendable {
    /// Why one witness gave no cosignature in a round.
    struct Miss: Sendable, Equatable {
        /// The witness's name in the policy file.
        let witness: String
        /// What kind of failure it was, compared between rounds to tell whether the reasons
        /// changed: an HTTP status with the witness's error code (`404 UNKNOWN_ORIGIN`),
        /// `unreachable`, `bad-cosignature`, `409`, `conflict`, `ahead` or `internal`.
        let kind: String
        /// The reason as the status page shows it (``Cosigner/WitnessActivity/lastError``).
        let reason: String
    }

    /// One decision: what to log after a round.
    enum Line: Sendable, Equatable {
        /// The first round without a quorum (`since` nil), or one whose reasons differ from the
        /// last ones logged (`since`: when the quorum was first missed).
        case missed(treeSize: UInt64, cosigned: [String], needed: Int, misses: [Miss], since: Duration?, now: Duration)
        /// The quorum is still missing for the same reasons; `rounds` missed since the last line.
        case stillMissing(treeSize: UInt64, since: Duration, now: Duration, rounds: Int, misses: [Miss])
        /// The quorum holds again (or for the first time) after `after`.
        case regained(treeSize: UInt64, after: Duration, cosigned: [String])

        /// The log lines, in order: for ``missed``, a header then one line per witness; one line
        /// otherwise.
        var messages: [String] {
            switch self {
            case .missed(let size, let cosigned, let needed, let misses, let since, let now):
                let who = cosigned.isEmpty ? "" : " (\(cosigned.joined(separator: ", ")))"
                let header =
                    since.map { "witness quorum still missing at tree size \(size) after \(Self.seconds(now - $0)), for other reasons now: " }
                    ?? "witness quorum missing at tree size \(size): "
                return [header + "\(cosigned.count) of the \(needed) cosignatures needed\(who)"]
                    + misses.map { "witness \($0.witness) did not cosign tree size \(size): \($0.reason)" }
            case .stillMissing(let size, let since, let now, let rounds, let misses):
                let reasons = misses.map { "\($0.witness): \($0.reason)" }.joined(separator: "; ")
                let plural = rounds == 1 ? "" : "s"
                return ["witness quorum still missing at tree size \(size) after \(Self.seconds(now - since)) (\(rounds) round\(plural) since the last report): \(reasons)"]
            case .regained(let size, let after, let cosigned):
                return ["witness quorum regained at tree size \(size) after \(Self.seconds(after)): \(cosigned.joined(separator: ", ")) cosigned"]
            }
        }

        /// `d` in seconds with one decimal: `12.3 s`.
        static func seconds(_ d: Duration) -> String {
            let tenths = max(0, d.nanoseconds / 100_000_000)
            return "\(tenths / 10).\(tenths % 10) s"
        }
    }

    /// The least time between two summary lines while the reasons do not change.
    let summaryInterval: Duration

    /// Since when the quorum has been missing, when the last line was logged, the kinds of
    /// failure it told (by witness) and the rounds missed since; nil while the quorum holds.
    private var missing: (since: Duration, lastLine: Duration, kinds: [String: String], rounds: Int)?

    /// A policy that writes at most one summary per `summaryInterval` (60 s by default).
    init(summaryInterval: Duration = .seconds(60)) {
        self.summaryInterval = summaryInterval
    }

    /// True while the last round missed the quorum.
    var isMissing: Bool { missing != nil }

    /// A round at `now` that ended without a quorum for `treeSize`: `cosigned` witnesses of
    /// `needed` cosigned, `misses` say why the others did not. Returns the line to log, if any.
    mutating func missed(treeSize: UInt64, cosigned: [String], needed: Int, misses: [Miss], at now: Duration) -> Line? {
        let kinds = Dictionary(misses.map { ($0.witness, $0.kind) }, uniquingKeysWith: { first, _ in first })
        guard var state = missing else {
            missing = (now, now, kinds, 0)
            return .missed(treeSize: treeSize, cosigned: cosigned, needed: needed, misses: misses, since: nil, now: now)
        }
        defer { missing = state }
        state.rounds += 1
        if kinds != state.kinds {
            state.kinds = kinds
            state.lastLine = now
            state.rounds = 0
            return .missed(treeSize: treeSize, cosigned: cosigned, needed: needed, misses: misses, since: state.since, now: now)
        }
        guard now - state.lastLine >= summaryInterval else { return nil }
        let rounds = state.rounds
        state.lastLine = now
        state.rounds = 0
        return .stillMissing(treeSize: treeSize, since: state.since, now: now, rounds: rounds, misses: misses)
    }

    /// A round at `now` that published `treeSize` with the cosignatures of `cosigned`. Returns
    /// the line to log when the quorum had been missing.
    mutating func reached(treeSize: UInt64, cosigned: [String], at now: Duration) -> Line? {
        guard let state = missing else { return nil }
        missing = nil
        return .regained(treeSize: treeSize, after: now - state.since, cosigned: cosigned)
    }
}
