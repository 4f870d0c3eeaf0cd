import CryptoPrimitives
import Foundation

/// The machine's Ed25519 verification rate on all cores: the ceiling that registration, which
/// verifies one signature per statement, is compared with.
enum VerifyRate {
    /// Verifies one signature over a `messageBytes`-byte message in a loop on every core (one task
    /// each) for about `seconds`, and returns verifications per second over all cores. Traps if a
    /// verification fails (the key and signature are made here, so that is a broken invariant).
    static func measure(messageBytes: Int, seconds: Double = 2) async -> (rate: Double, cores: Int) {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let key = Ed25519PrivateKey()
        let publicKey = key.publicKey
        let message = [UInt8](repeating: 0x5A, count: max(1, messageBytes))
        let signature = key.signature(for: message)
        let started = ContinuousClock.now
        let deadline = started + .nanoseconds(Int64(seconds * 1e9))
        let total = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<cores {
                group.addTask {
                    var n = 0
                    repeat {
                        for _ in 0..<32 {
                            precondition(publicKey.isValidSignature(signature, for: message), "a fresh Ed25519 signature did not verify")
                        }
                        n += 32
                    } while ContinuousClock.now < deadline
                    return n
                }
            }
            return await group.reduce(0, +)
        }
        let elapsed = (ContinuousClock.now - started).seconds
        return (Double(total) / elapsed, cores)
    }
}
