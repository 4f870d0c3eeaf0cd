// Figure (4): the verifications the appraisers spend their time in, with swift-crypto (BoringSSL
// inside) against OpenSSL libcrypto, on one thread. The swift-crypto figures verify real
// signatures over precomputed digests:
//   P-384  N1's COSE signature under its leaf key (SHA-384 of the Sig_structure)
//   P-256  T1's quote signature under its attestation key (SHA-256 of the signed bytes)
//   RSA-4096 PSS  the Milan ASK's signature under the ARK key (_CryptoExtras, SHA-384, salt 48)
// OpenSSL is measured by `openssl speed -seconds S ecdsap384 ecdsap256 rsa4096` run as a child
// process: the root package's COpenSSL module is a system-library target, not a product, so this
// package cannot link it. `openssl speed` verifies over a 20-byte input that stands for a digest,
// and its RSA verification is PKCS#1 v1.5 (PSS differs only in the padding check, after the same
// modular exponentiation); its rates are per second of user CPU time.
import BenchSupport
import Crypto
import Evidence
import Foundation
import X509
import _CryptoExtras

enum CryptoLibraryBenchmark {
    struct Result {
        let p384: Rate
        let p256: Rate
        let rsa4096PSS: Rate
        /// Verifications per second from `openssl speed`, by name; nil when it could not run.
        let openssl: [String: Double]?
        let opensslVersion: String?
    }

    static func run(_ vectors: TEEVectors, seconds: Double, openssl: Bool) throws -> Result {
        // P-384: N1's COSE signature.
        let document = try NitroAttestationDocument.parse(vectors.nitroDocument)
        let leaf = try EvidenceCertificate(derEncoded: document.certificate)
        guard let p384Key = P384.Signing.PublicKey(leaf.certificate.publicKey) else { throw EvidenceBenchError("N1's leaf key is not P-384") }
        let p384Signature = try P384.Signing.ECDSASignature(rawRepresentation: document.signature)
        let p384Digest = SHA384.hash(data: document.signedBytes)
        // P-256: T1's quote signature.
        let quote = try TDXQuote.parse(vectors.tdxQuote)
        let p256Key = try P256.Signing.PublicKey(rawRepresentation: quote.attestationKey)
        let p256Signature = try P256.Signing.ECDSASignature(rawRepresentation: quote.signature)
        let p256Digest = SHA256.hash(data: quote.signedBytes)
        // RSA-4096 PSS: the Milan ASK under the ARK.
        let askArk = try EvidenceCertificate.parseAll(vectors.askArkMilan)
        guard askArk.count == 2, let arkKey = _RSA.Signing.PublicKey(askArk[1].certificate.publicKey), arkKey.keySizeInBits == 4096 else {
            throw EvidenceBenchError("ask_ark_milan.pem does not hold an ASK and a 4096-bit RSA ARK")
        }
        let rsaSignature = _RSA.Signing.RSASignature(rawRepresentation: askArk[0].signatureValue)
        let rsaDigest = SHA384.hash(data: askArk[0].tbsCertificateBytes)

        guard p384Key.isValidSignature(p384Signature, for: p384Digest), p256Key.isValidSignature(p256Signature, for: p256Digest),
              arkKey.isValidSignature(rsaSignature, for: rsaDigest, padding: .PSS)
        else { throw EvidenceBenchError("a signature of figure (4) does not verify") }

        var failures = 0
        let p384 = measure(forAtLeast: seconds) { if !p384Key.isValidSignature(p384Signature, for: p384Digest) { failures += 1 } }
        let p256 = measure(forAtLeast: seconds) { if !p256Key.isValidSignature(p256Signature, for: p256Digest) { failures += 1 } }
        let rsa = measure(forAtLeast: seconds) { if !arkKey.isValidSignature(rsaSignature, for: rsaDigest, padding: .PSS) { failures += 1 } }
        guard failures == 0 else { throw EvidenceBenchError("\(failures) verifications of figure (4) failed while timed") }

        var speeds: [String: Double]?
        var version: String?
        if openssl {
            version = try? runOpenSSL(["version"]).trimmingCharacters(in: .whitespacesAndNewlines)
            if let output = try? runOpenSSL(["speed", "-seconds", String(Int(seconds.rounded(.up))), "ecdsap384", "ecdsap256", "rsa4096"]) {
                speeds = parseSpeed(output)
            }
        }
        return Result(p384: p384, p256: p256, rsa4096PSS: rsa, openssl: speeds, opensslVersion: version)
    }

    /// Runs `openssl` with `arguments` and returns its standard output.
    static func runOpenSSL(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw EvidenceBenchError("openssl \(arguments.joined(separator: " ")) exited \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// The verify/s column of `openssl speed`'s summary lines, by "P-384", "P-256", "RSA-4096".
    static func parseSpeed(_ output: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in output.split(separator: "\n") {
            let name: String
            if line.contains("(nistp384)") { name = "P-384" } else if line.contains("(nistp256)") { name = "P-256" } else if line.hasPrefix("rsa 4096 bits") { name = "RSA-4096" } else { continue }
            if let last = line.split(separator: " ").last, let value = Double(last) { out[name] = value }
        }
        return out
    }

    static func print(_ r: Result, seconds: Double) {
        heading("(4) signature verifications per second, one thread: swift-crypto vs. OpenSSL libcrypto")
        Swift.print("swift-crypto: at least \(seconds) s each, real signatures over precomputed digests")
        Swift.print("  P-384 ECDSA verify            \(r.p384)")
        Swift.print("  P-256 ECDSA verify            \(r.p256)")
        Swift.print("  RSA-4096 PSS verify (_CryptoExtras) \(r.rsa4096PSS)")
        guard let o = r.openssl else {
            Swift.print("OpenSSL: `openssl speed` could not run; not measured")
            return
        }
        Swift.print("OpenSSL (\(r.opensslVersion ?? "openssl")), `openssl speed -seconds \(Int(seconds.rounded(.up))) ecdsap384 ecdsap256 rsa4096`, per CPU-second:")
        for (name, swift) in [("P-384", r.p384), ("P-256", r.p256), ("RSA-4096", r.rsa4096PSS)] {
            guard let v = o[name] else { Swift.print("  \(name): not in the output"); continue }
            let kind = name == "RSA-4096" ? " (PKCS#1 v1.5)" : ""
            Swift.print("  \(name) verify \(format(v))/s\(kind); swift-crypto / OpenSSL = " + String(format: "%.2f", swift.perCPUSecond / v))
        }
    }
}
