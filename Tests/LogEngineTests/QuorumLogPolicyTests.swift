import Testing

@testable import LogEngine

/// What the log says about its witness quorum round after round (``QuorumLogPolicy``), driven
/// by readings of a clock that only the test moves.
@Suite struct QuorumLogPolicyTests {
    /// A clock reading in whole seconds.
    static func at(_ seconds: Int64) -> Duration { .seconds(seconds) }

    static let down = QuorumLogPolicy.Miss(witness: "w1", kind: "unreachable", reason: "unreachable, or no answer within 1.0 seconds")
    static let unknown = QuorumLogPolicy.Miss(
        witness: "w2", kind: "404 UNKNOWN_ORIGIN", reason: "HTTP 404: UNKNOWN_ORIGIN: unknown origin example.com/log")

    @Test func firstMissAtOnceThenOneSummaryPerInterval() {
        var log = QuorumLogPolicy(summaryInterval: .seconds(60))
        let first = log.missed(treeSize: 5, cosigned: ["w0"], needed: 2, misses: [Self.down], at: Self.at(0))
        #expect(first == .missed(treeSize: 5, cosigned: ["w0"], needed: 2, misses: [Self.down], since: nil, now: Self.at(0)))
        #expect(
            first?.messages == [
                "witness quorum missing at tree size 5: 1 of the 2 cosignatures needed (w0)",
                "witness w1 did not cosign tree size 5: unreachable, or no answer within 1.0 seconds",
            ])
        // The same reasons every second: nothing until the interval has passed.
        for second in 1..<60 {
            #expect(log.missed(treeSize: 5 + UInt64(second), cosigned: ["w0"], needed: 2, misses: [Self.down], at: Self.at(Int64(second))) == nil)
        }
        let summary = log.missed(treeSize: 65, cosigned: ["w0"], needed: 2, misses: [Self.down], at: Self.at(60))
        #expect(summary == .stillMissing(treeSize: 65, since: Self.at(0), now: Self.at(60), rounds: 60, misses: [Self.down]))
        #expect(
            summary?.messages == [
                "witness quorum still missing at tree size 65 after 60.0 s (60 rounds since the last report): w1: unreachable, or no answer within 1.0 seconds"
            ])
        #expect(log.missed(treeSize: 66, cosigned: ["w0"], needed: 2, misses: [Self.down], at: Self.at(61)) == nil)
        #expect(log.missed(treeSize: 67, cosigned: ["w0"], needed: 2, misses: [Self.down], at: Self.at(119)) == nil)
        #expect(log.missed(treeSize: 68, cosigned: ["w0"], needed: 2, misses: [Self.down], at: Self.at(120))?.messages.count == 1)
        #expect(log.isMissing)
    }

    @Test func changedReasonsAreLoggedAtOnce() {
        var log = QuorumLogPolicy(summaryInterval: .seconds(60))
        _ = log.missed(treeSize: 5, cosigned: ["w0"], needed: 2, misses: [Self.down], at: Self.at(0))
        // The same kind with another text (a size, a timeout) is not a change.
        let reworded = QuorumLogPolicy.Miss(witness: "w1", kind: "unreachable", reason: "unreachable, or no answer within 1.0 seconds: refused")
        #expect(log.missed(treeSize: 6, cosigned: ["w0"], needed: 2, misses: [reworded], at: Self.at(3)) == nil)
        // Another witness failing, for another reason, is.
        let both = log.missed(treeSize: 7, cosigned: [], needed: 2, misses: [Self.down, Self.unknown], at: Self.at(12))
        #expect(both == .missed(treeSize: 7, cosigned: [], needed: 2, misses: [Self.down, Self.unknown], since: Self.at(0), now: Self.at(12)))
        #expect(
            both?.messages == [
                "witness quorum still missing at tree size 7 after 12.0 s, for other reasons now: 0 of the 2 cosignatures needed",
                "witness w1 did not cosign tree size 7: unreachable, or no answer within 1.0 seconds",
                "witness w2 did not cosign tree size 7: HTTP 404: UNKNOWN_ORIGIN: unknown origin example.com/log",
            ])
        #expect(log.missed(treeSize: 8, cosigned: [], needed: 2, misses: [Self.down, Self.unknown], at: Self.at(13)) == nil)
        // The summary interval starts again at the change.
        #expect(log.missed(treeSize: 9, cosigned: [], needed: 2, misses: [Self.down, Self.unknown], at: Self.at(71)) == nil)
        #expect(
            log.missed(treeSize: 9, cosigned: [], needed: 2, misses: [Self.down, Self.unknown], at: Self.at(72))
                == .stillMissing(treeSize: 9, since: Self.at(0), now: Self.at(72), rounds: 3, misses: [Self.down, Self.unknown]))
        // Back to the first reasons: a change too.
        #expect(log.missed(treeSize: 9, cosigned: ["w0"], needed: 2, misses: [Self.down], at: Self.at(73))?.messages.count == 2)
    }

    @Test func regainedOnceAfterAMissAndNeverWithoutOne() {
        var log = QuorumLogPolicy(summaryInterval: .seconds(60))
        // A quorum that never went missing says nothing.
        #expect(log.reached(treeSize: 3, cosigned: ["w0", "w1"], at: Self.at(0)) == nil)
        _ = log.missed(treeSize: 4, cosigned: ["w0"], needed: 2, misses: [Self.down], at: Self.at(1))
        _ = log.missed(treeSize: 5, cosigned: ["w0"], needed: 2, misses: [Self.down], at: Self.at(2))
        let regained = log.reached(treeSize: 12, cosigned: ["w0", "w2"], at: Duration.seconds(64) + .milliseconds(250))
        #expect(regained == .regained(treeSize: 12, after: .seconds(63) + .milliseconds(250), cosigned: ["w0", "w2"]))
        #expect(regained?.messages == ["witness quorum regained at tree size 12 after 63.2 s: w0, w2 cosigned"])
        #expect(!log.isMissing)
        #expect(log.reached(treeSize: 13, cosigned: ["w0", "w2"], at: Self.at(65)) == nil)
        // The next miss is a first miss again, logged at once.
        #expect(
            log.missed(treeSize: 14, cosigned: ["w0"], needed: 2, misses: [Self.down], at: Self.at(66))
                == .missed(treeSize: 14, cosigned: ["w0"], needed: 2, misses: [Self.down], since: nil, now: Self.at(66)))
    }

    @Test func witnessErrorBodiesAreReadAsCodeAndMessage() {
        let coded = Cosigner.errorMessage(Array("UNKNOWN_ORIGIN: unknown origin example.com/log\nmore\n".utf8))
        #expect(coded.code == "UNKNOWN_ORIGIN")
        #expect(coded.text == "UNKNOWN_ORIGIN: unknown origin example.com/log")
        let plain = Cosigner.errorMessage(Array("Service unavailable: try later".utf8))
        #expect(plain.code == nil)
        #expect(plain.text == "Service unavailable: try later")
        // Control bytes and non-ASCII are shown as "?", and the line is cut at 200 characters.
        let hostile = Cosigner.errorMessage([0x1B] + Array("[31mRED: é".utf8) + [UInt8](repeating: 0x41, count: 500))
        #expect(hostile.code == nil)
        #expect(hostile.text.hasPrefix("?[31mRED: ??AAA"))
        #expect(hostile.text.count == 200)
        #expect(Cosigner.errorMessage([]) == (nil, ""))
    }
}
