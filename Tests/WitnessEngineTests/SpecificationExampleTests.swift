import CryptoPrimitives
import Foundation
import Merkle
import Notes
import Synchronization
import Testing
@testable import WitnessEngine
import WitnessTestSupport

/// The example exchange of specs/witness.md §Example, from deterministic keys: a log of 40 entries
/// `leaf <i>`, a witness that cosigned size 16, and the request from 16 to 40.
@Suite struct SpecificationExampleTests {
    static let log = TestLog(origin: "log.example/receipts", seed: 0x11, size: 40)
    static let witnessKey = try! SignerKey(
        name: "witness.example/w1", type: .cosignatureV1,
        privateKey: Ed25519PrivateKey(seed: [UInt8](repeating: 0x22, count: 32)))

    @Test func example() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let list = try LogList(parsing: Array(Self.log.logListLine.utf8))
        // The first cosignature a second earlier: timestamps grow per log.
        let times = Mutex<[UInt64]>([1_749_999_999, 1_750_000_000])
        let witness = try Witness(
            key: Self.witnessKey, logs: list, statePath: directory.path + "/state",
            clock: { times.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] } })
        _ = try witness.addCheckpoint(Self.log.request(old: 0, new: 16))
        #expect(Self.log.logListLine == Self.logListLine)
        #expect(Self.witnessKey.verifierKey.encoded == "witness.example/w1+e0cd2864+BKCapfR6Z1mAL/lV+NwtKhSlyZ0jvpf4ZBJ/+Tg0VaTw")
        let body = Self.log.request(old: 16, new: 40).encoded
        #expect(String(decoding: body, as: UTF8.self) == Self.requestBody)
        #expect(body.count == 286)  // the Content-Length of the example
        let response = try witness.addCheckpoint(body: body)
        #expect(String(decoding: response, as: UTF8.self) == Self.responseBody)
        #expect(Witness.originHash(Self.log.origin) == "c1e9b9d8cfea2d7a73008ca10c097eaa22fee57ad5ffebdec5a4afde2ca58274")
        let stored = try witness.latestCheckpoint(originHash: Witness.originHash(Self.log.origin))
        #expect(String(decoding: stored.note.encoded, as: UTF8.self) == Self.checkpointNote + Self.responseBody)
        // A second request from the old size 16 conflicts with the stored size 40.
        #expect(throws: WitnessEngineError(.oldSizeMismatch, "")) { try witness.addCheckpoint(body: body) }
    }

    static let logListLine = "log.example/receipts log.example/receipts+7155889b+AdBKsjJ0K7SrOhNovUYV5ObQIkq3GgFrr4UgozLJd4c3"

    static let checkpointNote = """
        log.example/receipts
        40
        6MRlRjK7/XT12oCWEC0RFdX+olx9GpBQ5+n3vf/Ifr8=

        — log.example/receipts cVWIm6zn0O0hF9wTlYm26H9vJw4hXuvbDkgEzZ3VzA/U2wiyRx6gycx+8d1i4qKcUNW8TWG6XViqhXldPh+YSd2+yA0=

        """

    static let requestBody = """
        old 16
        hncrWqPa2Rp3YSXlROedrzpUuw14dRMxZfyatvxIabc=
        33CoGkNmy/3D5H2IeSPc6bAZvEd9ZWBL2e3eC8OXwTI=


        """ + checkpointNote

    static let responseBody = """
        — witness.example/w1 4M0oZAAAAABoTuGANupyyUOtn9T4yhdGp39eTleyglKPDZgz6R32Lh1AVCB+12fa9zkUAbfeaOAhq7U8hqN4K6LpHkup2XUiEOTPDA==

        """
}
