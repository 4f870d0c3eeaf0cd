import HTTPTestSupport
import LogHTTP
import Testing

/// The timeout of an add-checkpoint request covers the whole exchange, the response body included.
@Suite struct HTTPWitnessTransportTests {
    @Test func aWitnessThatStallsItsBodyTimesOut() async throws {
        let witness = try await StallingHTTPServer.start()
        defer { Task { await witness.stop() } }
        let transport = HTTPWitnessTransport()
        // Raced against a limit 200 times the deadline, so that a transport that waits for the
        // body fails the test instead of hanging it; the race's winner is the check, not a
        // measured duration, which a loaded machine can stretch.
        let outcome = await withTaskGroup(of: String.self) { group in
            group.addTask {
                do {
                    let answer = try await transport.addCheckpoint(
                        url: "http://127.0.0.1:\(witness.port)", body: Array("old 0\n\n".utf8), timeout: .milliseconds(300))
                    return "answered \(answer.status) with \(answer.body.count) bytes"
                } catch {
                    return "threw"
                }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(60))
                return "still waiting"
            }
            let first = await group.next() ?? "nothing"
            group.cancelAll()
            return first
        }
        #expect(outcome == "threw")
    }
}
