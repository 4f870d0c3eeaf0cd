import Testing
@testable import CBOR

@Suite struct CBORErrorTests {
    @Test func errorsCompareByCodeAlone() {
        let a = CBORError(.init("a"), "first message")
        let b = CBORError(.init("a"), "another message")
        let c = CBORError(.init("c"), "first message")
        #expect(a == b)
        #expect(a != c)
        #expect(a.description == "a: first message")
    }
}
