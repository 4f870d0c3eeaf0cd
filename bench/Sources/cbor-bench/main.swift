// cbor-bench: CBOR encode and decode throughput on one core, for a ~600-byte receipt-like map.
//
//   (a) encode: CBOR value to deterministic bytes (map keys sorted, RFC 8949 §4.2.1)
//   (b) decode: bytes to a CBOR value with the default limits
//   (c) decode with requireDeterministic (also checks shortest heads and key order)
//
// Usage: cbor-bench [--runs N] [--iterations N]
import BenchSupport
import CBOR
import Foundation

var runs = 5
var iterations = 50_000
var arguments = CommandLine.arguments.dropFirst()
while let a = arguments.popFirst() {
    switch a {
    case "--runs": runs = Int(arguments.popFirst() ?? "") ?? runs
    case "--iterations": iterations = Int(arguments.popFirst() ?? "") ?? iterations
    default:
        FileHandle.standardError.write(Data("usage: cbor-bench [--runs N] [--iterations N]\n".utf8))
        exit(2)
    }
}

let sample = ReceiptLikeMap.value
let bytes = sample.encoded()
let items = ReceiptLikeMap.itemCount(sample)
guard (try? CBOR.decode(bytes, requireDeterministic: true)) == sample else {
    print("cbor-bench: the sample does not round-trip")
    exit(1)
}
print("cbor-bench: one thread; medians of \(runs) runs of \(format(Double(iterations))) maps each,")
print("per CPU-second of the measuring thread, with wall-clock rates in brackets.")
print("sample: \(bytes.count) bytes, \(items) data items")

/// Keeps results observable so the optimizer cannot drop the work.
var sink = 0

func report(_ label: String, _ rate: Rate) {
    let mb = Double(bytes.count) / 1_000_000
    print("\(pad(label, 28, alignLeft: true)) \(pad(format(rate.perCPUSecond), 10)) maps/s  "
        + "\(pad(format(rate.perCPUSecond * mb), 6)) MB/s  \(pad(format(rate.perCPUSecond * Double(items)), 11)) items/s  "
        + "(wall: \(format(rate.perWallSecond)) maps/s, \(format(rate.perWallSecond * mb)) MB/s)")
}

heading("(a) encode")
report("encoded()", measure(units: iterations, runs: runs) {
    for _ in 0..<iterations { sink &+= sample.encoded().count }
})
var buffer: [UInt8] = []
buffer.reserveCapacity(1024)
report("encode(into:), reused buffer", measure(units: iterations, runs: runs) {
    for _ in 0..<iterations {
        buffer.removeAll(keepingCapacity: true)
        sample.encode(into: &buffer)
        sink &+= buffer.count
    }
})

heading("(b) decode")
report("decode", measure(units: iterations, runs: runs) {
    for _ in 0..<iterations { if case .map(let m)? = try? CBOR.decode(bytes) { sink &+= m.count } }
})

heading("(c) decode, deterministic required")
report("decode(requireDeterministic:)", measure(units: iterations, runs: runs) {
    for _ in 0..<iterations {
        if case .map(let m)? = try? CBOR.decode(bytes, requireDeterministic: true) { sink &+= m.count }
    }
})
print("\n(checksum \(sink))")
