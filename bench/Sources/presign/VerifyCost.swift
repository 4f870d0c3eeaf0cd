import BenchSupport
import CryptoPrimitives
import Foundation

/// The cost of one Ed25519 verification on one thread, the unit the server's CPU time per
/// registration is compared with: each registration verifies one issuer signature.
struct VerifyCost {
    /// Median CPU microseconds of the calling thread per verification.
    let cpuMicroseconds: Double
    /// Median wall-clock microseconds per verification.
    let wallMicroseconds: Double
    /// The fastest round's CPU microseconds per verification.
    let bestCPUMicroseconds: Double
    /// The rounds and verifications per round.
    let rounds: Int
    let perRound: Int
    let messageBytes: Int

    /// Verifies one fresh signature over a `messageBytes`-byte message `perRound` times per
    /// round, after one untimed round, and takes the median round on each clock. Traps if a
    /// verification fails (the key and signature are made here).
    static func measure(messageBytes: Int, rounds: Int, perRound: Int) -> VerifyCost {
        let key = Ed25519PrivateKey()
        let publicKey = key.publicKey
        let message = (0..<messageBytes).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
        let signature = key.signature(for: message)
        func round() {
            for _ in 0..<perRound {
                precondition(publicKey.isValidSignature(signature, for: message), "a fresh Ed25519 signature did not verify")
            }
        }
        round()
        var cpu: [Double] = []
        var wall: [Double] = []
        for _ in 0..<rounds {
            let start = Instant.now()
            round()
            let end = Instant.now()
            cpu.append((end.cpu - start.cpu) / Double(perRound) * 1e6)
            wall.append((end.wall - start.wall) / Double(perRound) * 1e6)
        }
        return VerifyCost(
            cpuMicroseconds: median(cpu), wallMicroseconds: median(wall), bestCPUMicroseconds: cpu.min() ?? 0,
            rounds: rounds, perRound: perRound, messageBytes: messageBytes)
    }

    /// One line for scripts: `ed25519-verify cpu-us <median> wall-us <median> best-cpu-us <min> …`.
    var line: String {
        "ed25519-verify cpu-us \(String(format: "%.2f", cpuMicroseconds)) wall-us \(String(format: "%.2f", wallMicroseconds))"
            + " best-cpu-us \(String(format: "%.2f", bestCPUMicroseconds)) rounds \(rounds) per-round \(perRound)"
            + " message-bytes \(messageBytes)"
    }
}
