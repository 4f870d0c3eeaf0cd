import Testing
@testable import Notes

@Suite struct NotesErrorTests {
    @Test func errorsCompareByCodeAlone() {
        let a = NotesError(.init("a"), "first message")
        let b = NotesError(.init("a"), "another message")
        let c = NotesError(.init("c"), "first message")
        #expect(a == b)
        #expect(a != c)
        #expect(a.description == "a: first message")
    }
}
