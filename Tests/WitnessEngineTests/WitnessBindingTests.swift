import Foundation
import Merkle
import Notes
import Synchronization
import Testing
@testable import WitnessEngine
import WitnessTestSupport

/// A witness whose state is lost, restored or replaced while its key survives refuses to start:
/// cosigning from that state could sign a second history (specs/witness.md, "What the witness
/// keeps outside its state").
@Suite struct WitnessBindingTests {
    let directory = TemporaryDirectory()
    var path: String { directory.path + "/w" }
    var state: String { path + "/" + Witness.stateDirectoryName }

    func open(_ logs: [TestLog], initState: Bool = false, clock: @escaping @Sendable () -> UInt64 = { 1_700_000_000 }) throws(WitnessEngineError) -> Witness {
        let list = try LogList(parsing: Array(logs.map(\.logListLine).joined(separator: "\n").utf8))
        return try Witness.open(directory: path, logs: list, name: "witness.example/w", initState: initState, clock: clock).witness
    }

    func copy(_ from: String, _ to: String) throws {
        try? FileManager.default.removeItem(atPath: to)
        try FileManager.default.copyItem(atPath: from, toPath: to)
    }

    @Test func aLostStateIsRefusedUnlessTheOperatorInitialisesIt() throws {
        defer { directory.cleanUp() }
        let log = TestLog(size: 10)
        do { _ = try open([log]).addCheckpoint(log.request(old: 0, new: 10)) }
        try FileManager.default.removeItem(atPath: state)
        do {
            _ = try open([log])
            Issue.record("a witness without its state started")
        } catch {
            #expect(error.code == .stateMismatch)
            #expect(error.message.contains("--init-state"), "\(error.message)")
        }
        // An empty state directory is no better than none.
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        #expect(throws: WitnessEngineError(.stateMismatch, "")) { try open([log]) }
        // Told to, it begins again from nothing.
        try FileManager.default.removeItem(atPath: state)
        let fresh = try open([log], initState: true)
        #expect(try fresh.latestCheckpoint(origin: log.origin) == nil)
    }

    @Test func aRestoredOlderStateIsRefused() throws {
        defer { directory.cleanUp() }
        let log = TestLog(size: 10)
        do { _ = try open([log]).addCheckpoint(log.request(old: 0, new: 10)) }
        try copy(state, directory.path + "/yesterday")
        log.append(10)
        do { _ = try open([log]).addCheckpoint(log.request(old: 10, new: 20)) }
        try copy(directory.path + "/yesterday", state)
        do {
            _ = try open([log])
            Issue.record("a witness started on yesterday's state")
        } catch {
            #expect(error.code == .stateMismatch)
            #expect(error.message.contains("size 10") && error.message.contains("size 20"), "\(error.message)")
        }
        // Even told to start again, a state that is there but old is not silently taken.
        #expect(throws: WitnessEngineError(.stateMismatch, "")) { try open([log], initState: true) }
    }

    @Test func anotherWitnessStateIsRefused() throws {
        defer { directory.cleanUp() }
        let log = TestLog(size: 10)
        let list = try LogList(parsing: Array(log.logListLine.utf8))
        // Another witness (another key) with its own state.
        let other = directory.path + "/other"
        do {
            let (w, _) = try Witness.open(directory: other, logs: list, name: "witness.example/other")
            _ = try w.addCheckpoint(log.request(old: 0, new: 10))
        }
        do { _ = try open([log]).addCheckpoint(log.request(old: 0, new: 5)) }
        try copy(other + "/" + Witness.stateDirectoryName, state)
        do {
            _ = try open([log])
            Issue.record("a witness started on another witness's state")
        } catch {
            #expect(error.code == .stateMismatch)
            #expect(error.message.contains("made for the key"), "\(error.message)")
        }
        // The same key in another directory makes another state: it is not this binding's.
        let twin = directory.path + "/twin"
        try FileManager.default.createDirectory(atPath: twin, withIntermediateDirectories: true)
        try copy(path + "/" + Witness.keyFileName, twin + "/" + Witness.keyFileName)
        _ = try Witness.open(directory: twin, logs: list, name: nil)
        try copy(twin + "/" + Witness.stateDirectoryName, state)
        #expect(throws: WitnessEngineError(.stateMismatch, "")) { try open([log]) }
    }

    @Test func aStateAheadOfTheBindingIsTaken() throws {
        defer { directory.cleanUp() }
        let log = TestLog(size: 10)
        do { _ = try open([log]).addCheckpoint(log.request(old: 0, new: 10)) }
        let binding = path + "/" + Witness.bindingFileName
        try copy(binding, directory.path + "/binding-at-10")
        log.append(5)
        do { _ = try open([log]).addCheckpoint(log.request(old: 10, new: 15)) }
        // A crash between the state's write and the binding's: the binding is one step behind.
        try copy(directory.path + "/binding-at-10", binding)
        let reopened = try open([log])
        #expect(try reopened.latestCheckpoint(origin: log.origin)?.treeSize == 15)
        #expect(try String(contentsOfFile: binding, encoding: .utf8).contains(" 15 "))
    }

    /// "K" (U+212A KELVIN SIGN) and "K" are one String to Swift but two origins: two logs, two
    /// states, before and after a restart.
    @Test func originsAreBytes() throws {
        defer { directory.cleanUp() }
        let ascii = TestLog(origin: "K.example/log", seed: 3, size: 10)
        let kelvin = TestLog(origin: "\u{212A}.example/log", seed: 4, size: 5)
        #expect(ascii.origin == kelvin.origin)  // what a String-keyed witness would conflate
        do {
            let w = try open([ascii, kelvin])
            _ = try w.addCheckpoint(ascii.request(old: 0, new: 10))
            _ = try w.addCheckpoint(kelvin.request(old: 0, new: 5))
            #expect(try w.latestCheckpoint(origin: ascii.origin)?.treeSize == 10)
        }
        let w = try open([ascii, kelvin])
        #expect(try w.latestCheckpoint(origin: ascii.origin)?.treeSize == 10)
        #expect(try w.latestCheckpoint(LogOrigin(kelvin.origin))?.treeSize == 5)
        #expect(try w.latestCheckpoint(originHash: Witness.originHash(kelvin.origin)).treeSize == 5)
        // The ASCII log cannot be rolled back to a history from size 0.
        #expect(throws: WitnessEngineError(.oldSizeMismatch, "")) { try w.addCheckpoint(ascii.request(old: 0, new: 10)) }
    }

    @Test func cosignatureTimestampsOnlyGrowPerLog() throws {
        defer { directory.cleanUp() }
        let log = TestLog(size: 10)
        let times = Mutex<[UInt64]>([1_000, 500, 500])
        let w = try open([log], clock: { times.withLock { $0.removeFirst() } })
        let first = try w.addCheckpoint(log.request(old: 0, new: 10))
        log.append(1)
        let second = try w.addCheckpoint(log.request(old: 10, new: 11))  // the clock stepped back
        log.append(1)
        let third = try w.addCheckpoint(log.request(old: 11, new: 12))
        #expect(first.timestamp == 1_000)
        #expect(second.timestamp == 1_001)
        #expect(third.timestamp == 1_002)
    }

    /// Anyone can send the log's published checkpoint again; until the replay interval has
    /// passed the witness answers with the cosignature it stored, without signing or writing.
    @Test func aReplayIsAnsweredFromMemory() throws {
        defer { directory.cleanUp() }
        let log = TestLog(size: 10)
        let now = Mutex<UInt64>(1_000)
        let w = try open([log], clock: { now.withLock { $0 } })
        let first = try w.addCheckpoint(log.request(old: 0, new: 10))
        let binding = path + "/" + Witness.bindingFileName
        let inode = try FileManager.default.attributesOfItem(atPath: binding)[.systemFileNumber] as? Int
        now.withLock { $0 += Witness.defaultReplayInterval - 1 }
        for _ in 0..<50 {
            #expect(try w.addCheckpoint(log.request(old: 10, new: 10)) == first)
        }
        // No write happened: the binding file was not replaced.
        #expect(try FileManager.default.attributesOfItem(atPath: binding)[.systemFileNumber] as? Int == inode)
        now.withLock { $0 += 1 }
        let refreshed = try w.addCheckpoint(log.request(old: 10, new: 10))
        #expect(refreshed.timestamp == 1_000 + Witness.defaultReplayInterval)
        #expect(try w.latestCheckpoint(origin: log.origin)?.note.signatures.last == refreshed.noteSignature)
    }
}
