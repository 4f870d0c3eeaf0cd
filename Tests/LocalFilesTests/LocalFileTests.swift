import Foundation
import LocalFiles
import Testing

@Suite struct LocalFileTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "local-file-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    @Test func createWritesTheBytesWithTheModeAndRefusesToReplace() throws {
        let path = directory + "/key"
        try LocalFile.create(path, bytes: Array("secret\n".utf8), mode: 0o600)
        #expect(try LocalFile.read(path, limit: 100, privateFile: true) == Array("secret\n".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: LocalFilesError(.exists, "")) { try LocalFile.create(path, bytes: [1], mode: 0o600) }
        #expect(try LocalFile.read(path, limit: 100) == Array("secret\n".utf8))
    }

    @Test func replaceSwapsTheWholeFileAndLeavesNoTemporary() throws {
        let path = directory + "/state"
        try LocalFile.replace(path, bytes: [1, 2, 3], mode: 0o644)
        try LocalFile.replace(path, bytes: [4], mode: 0o644)
        #expect(try LocalFile.read(path, limit: 10) == [4])
        #expect(!FileManager.default.fileExists(atPath: path + ".new"))
    }

    @Test func readIsBoundedAndReportsAMissingFileAsNil() throws {
        #expect(try LocalFile.read(directory + "/absent", limit: 10) == nil)
        try LocalFile.create(directory + "/big", bytes: [UInt8](repeating: 7, count: 11), mode: 0o644)
        #expect(throws: LocalFilesError(.tooLarge, "")) { try LocalFile.read(directory + "/big", limit: 10) }
    }

    @Test func aPrivateFileOpenToOthersIsRefusedWithTheFix() throws {
        let path = directory + "/open.key"
        try LocalFile.create(path, bytes: Array("k".utf8), mode: 0o644)
        do {
            _ = try LocalFile.read(path, limit: 10, privateFile: true)
            Issue.record("a key readable by others was read")
        } catch {
            #expect(error.code == .unsafeFile)
            #expect(error.message.contains("chmod 600 \(path)"), "\(error.message)")
        }
        try LocalFile.create(directory + "/group.key", bytes: Array("k".utf8), mode: 0o640)
        #expect(throws: LocalFilesError(.unsafeFile, "")) {
            try LocalFile.read(directory + "/group.key", limit: 10, privateFile: true)
        }
    }

    @Test func aPrivateFileBehindASymbolicLinkIsRefused() throws {
        let target = directory + "/real.key"
        try LocalFile.create(target, bytes: Array("k".utf8), mode: 0o600)
        try FileManager.default.createSymbolicLink(atPath: directory + "/link.key", withDestinationPath: target)
        #expect(throws: LocalFilesError(.unsafeFile, "")) {
            try LocalFile.read(directory + "/link.key", limit: 10, privateFile: true)
        }
        // An ordinary read follows it.
        #expect(try LocalFile.read(directory + "/link.key", limit: 10) == Array("k".utf8))
        // And create never writes through a link.
        #expect(throws: LocalFilesError(.exists, "")) { try LocalFile.create(directory + "/link.key", bytes: [1], mode: 0o600) }
    }

    @Test func aDirectoryIsNotAPrivateFile() throws {
        try FileManager.default.createDirectory(atPath: directory + "/dir.key", withIntermediateDirectories: false)
        #expect(throws: LocalFilesError(.unsafeFile, "")) {
            try LocalFile.read(directory + "/dir.key", limit: 10, privateFile: true)
        }
    }
}
