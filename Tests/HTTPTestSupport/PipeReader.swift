import Foundation
import Synchronization

/// Collects what a child writes to one pipe, on a thread of its own, so that the child never
/// blocks on a full pipe and no thread of the cooperative pool blocks on a read.
final class PipeReader: Sendable {
    private let state = Mutex<(text: String, ended: Bool)>(("", false))
    private let ended = DispatchSemaphore(value: 0)

    /// Starts reading `handle` until end of file. Start it only after the child was launched:
    /// the end of file comes once every write end of the pipe is closed.
    init(_ handle: FileHandle) {
        Thread { [self] in
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                self.state.withLock { $0.text += String(decoding: data, as: UTF8.self) }
            }
            self.state.withLock { $0.ended = true }
            self.ended.signal()
        }.start()
    }

    /// Everything read so far.
    var text: String { state.withLock { $0.text } }

    /// Blocks until the pipe is closed; returns everything read.
    func waitForEnd() -> String {
        ended.wait()
        ended.signal()
        return text
    }

    /// Returns once the pipe is closed, or after about a second (a child that exited closes its
    /// end at once, unless a process it started still holds it).
    func end() async {
        for _ in 0..<1000 where !state.withLock({ $0.ended }) {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}
