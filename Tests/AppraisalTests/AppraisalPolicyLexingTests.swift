import Appraisal
import Testing

/// specs/evidence.md §8: a file of appraisal settings follows the trust policy's lexical rules.
@Suite struct AppraisalPolicyLexingTests {
    static func message(_ bytes: [UInt8]) -> String? {
        do {
            _ = try AppraisalPolicy(file: bytes)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func refusesLexicalFaultsWithTheLine() {
        #expect(Self.message(Array("# ok\nevidence-debug allow\r\n".utf8)) == "line 2: carriage return; lines end with LF alone")
        #expect(Self.message(Array("evidence-debug\tallow\n".utf8))?.hasPrefix("line 1: a tab") == true)
        #expect(Self.message(Array("evidence-debug allow \n".utf8))?.hasPrefix("line 1: a value follows") == true)
        #expect(Self.message(Array(" evidence-debug allow\n".utf8))?.hasPrefix("line 1: a line starts") == true)
    }

    @Test func refusesAFileOverTheLimit() {
        let comment = [UInt8(ascii: "#")] + [UInt8](repeating: UInt8(ascii: "x"), count: AppraisalPolicy.maxFileCount - 1)
        #expect(Self.message(comment) == nil)
        #expect(Self.message(comment + [0x0A]) == "the appraisal policy is \(AppraisalPolicy.maxFileCount + 1) bytes; the limit is \(AppraisalPolicy.maxFileCount)")
        #expect(Self.message([0xFF]) == "the appraisal policy is not valid UTF-8")
    }
}
