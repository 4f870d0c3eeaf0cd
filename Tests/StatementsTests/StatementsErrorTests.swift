import Testing
@testable import Statements

@Suite struct StatementsErrorTests {
    @Test func errorsCompareByCodeAlone() {
        let a = StatementsError(.init("a"), "first message")
        let b = StatementsError(.init("a"), "another message")
        let c = StatementsError(.init("c"), "first message")
        #expect(a == b)
        #expect(a != c)
        #expect(a.description == "a: first message")
    }
}
