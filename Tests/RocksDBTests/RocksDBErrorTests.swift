import Testing
@testable import RocksDB

@Suite struct RocksDBErrorTests {
    @Test func errorsCompareByCodeAlone() {
        let a = RocksDBError(.init("a"), "first message")
        let b = RocksDBError(.init("a"), "another message")
        let c = RocksDBError(.init("c"), "first message")
        #expect(a == b)
        #expect(a != c)
        #expect(a.description == "a: first message")
    }
}
