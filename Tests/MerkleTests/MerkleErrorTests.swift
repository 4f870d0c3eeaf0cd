import Testing
@testable import Merkle

@Suite struct MerkleErrorTests {
    @Test func errorsCompareByCodeAlone() {
        let a = MerkleError(.init("a"), "first message")
        let b = MerkleError(.init("a"), "another message")
        let c = MerkleError(.init("c"), "first message")
        #expect(a == b)
        #expect(a != c)
        #expect(a.description == "a: first message")
    }
}
