import Testing
@testable import COSE

@Suite struct COSEErrorTests {
    @Test func errorsCompareByCodeAlone() {
        let a = COSEError(.init("a"), "first message")
        let b = COSEError(.init("a"), "another message")
        let c = COSEError(.init("c"), "first message")
        #expect(a == b)
        #expect(a != c)
        #expect(a.description == "a: first message")
    }
}
