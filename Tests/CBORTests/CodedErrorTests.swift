import CBOR
import CodedError
import Testing

/// The one error protocol (CodedError), seen through CBOR's error: equality by code, the line a
/// person reads, and the debug text with the location and the cause.
@Suite struct CodedErrorTests {
    struct Cause: Error, CustomDebugStringConvertible {
        var debugDescription: String { "the disk said no" }
    }

    @Test func errorsCompareByCodeAndReadAsCodeAndMessage() {
        let a = CBORError(.truncated, "the input ended inside a map")
        let b = CBORError(.truncated, "another message")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != CBORError(.malformed, "the input ended inside a map"))
        #expect(a.description == "truncated: the input ended inside a map")
        #expect("\(a)" == a.description)
    }

    @Test func theDebugTextNamesWhereAndWhy() {
        let line: UInt = #line + 1
        let wrapped = CBORError(.inputTooLarge, "the file is too large", underlying: Cause())
        #expect(wrapped.file.hasSuffix("CodedErrorTests.swift"))
        #expect(wrapped.line == line)
        #expect(wrapped.debugDescription == "inputTooLarge: the file is too large [\(wrapped.file):\(line)]; caused by the disk said no")
        let chained = CBORError(.malformed, "outer", underlying: wrapped)
        #expect(chained.debugDescription.hasSuffix("; caused by \(wrapped.debugDescription)"))
        #expect(CBORError(.malformed, "plain").debugDescription.hasPrefix("malformed: plain ["))
        #expect(!CBORError(.malformed, "plain").debugDescription.contains("caused by"))
    }
}
