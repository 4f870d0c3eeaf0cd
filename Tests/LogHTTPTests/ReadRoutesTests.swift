import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogAPI
import Merkle
import NIOCore
import Notes
import Testing

@Suite struct ReadRoutesTests {
    @Test func tilesEntriesProofsAndLookupAgree() async throws {
        let server = try TestServer()
        try await server.application.test(.router) { client in
            var hashes: [Hash] = []
            for i in 0..<300 {
                let r = try await client.execute(
                    uri: "/entries", method: .post, headers: [.contentType: "application/cose", .accept: "application/json"],
                    body: ByteBuffer(bytes: try server.statement("s\(i)")))
                #expect(r.status == .created)
                hashes.append(try Hash(hex: try RegistrationJSON(decoding: r.bytes).leafHash))
            }
            let checkpoint = try await client.execute(uri: "/checkpoint", method: .get)
            #expect(checkpoint.headers[.cacheControl] == "public, max-age=1")
            let note = try Note(parsing: checkpoint.bytes)
            _ = try note.verify(with: [server.logKey.verifierKey])
            let head = try Checkpoint(text: note.text)
            #expect(head.treeSize == 300)

            // Full tile 0/000 (immutable), partial tile 0/001.p/44, and every narrower partial.
            let full = try await client.execute(uri: "/tile/0/000", method: .get)
            #expect(full.status == .ok && full.bytes.count == 256 * 32)
            #expect(full.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(full.headers[.contentType] == "application/octet-stream")
            let partial = try await client.execute(uri: "/tile/0/001.p/44", method: .get)
            #expect(partial.bytes == hashes[256...].flatMap(\.bytes))
            let narrower = try await client.execute(uri: "/tile/0/001.p/3", method: .get)
            #expect(narrower.bytes == Array(partial.bytes.prefix(96)))
            #expect(try await client.execute(uri: "/tile/0/001.p/45", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/tile/0/001", method: .get).status == .notFound)
            let level1 = try await client.execute(uri: "/tile/1/000.p/1", method: .get)
            #expect(level1.bytes == Integration(appending: Array(hashes[..<256]), to: .empty).rootHash.bytes)

            // Entry bundles hold the entries the leaf hashes came from.
            let bundle = try EntryBundle(parsing: (try await client.execute(uri: "/tile/entries/001.p/44", method: .get)).bytes)
            #expect(bundle.leafHashes == Array(hashes[256...]))
            let entry = try await client.execute(uri: "/entries/299", method: .get)
            #expect(Hash.leaf(entry.bytes) == hashes[299])

            // The tree recomputed from the tiles' leaf hashes is the checkpoint's.
            #expect(Integration(appending: hashes, to: .empty).rootHash == head.rootHash)

            // Proofs against the latest and an earlier checkpoint.
            let proofText = try await client.execute(uri: "/entries/7/proof", method: .get)
            let proof = try TlogProof(parsing: proofText.bytes)
            try InclusionProof(leafIndex: 7, treeSize: 300, hashes: proof.inclusionProof).verify(leafHash: hashes[7], rootHash: head.rootHash)
            let lookup = try await client.execute(uri: "/lookup/\(hashes[123])", method: .get)
            #expect(try LookupJSON(decoding: lookup.bytes).index == 123)

            let earlier = try await client.execute(uri: "/entries/7/proof?tree_size=8", method: .get, headers: [.accept: "application/json"])
            #expect(earlier.status == .ok, "\(earlier.text)")
            let answer = try RegistrationJSON(decoding: earlier.bytes)
            #expect(answer.treeSize == 8)

            let consistency = try await client.execute(uri: "/proof/consistency?from=8&to=300", method: .get)
            let lines = try #require(ProofLines.parse(consistency.bytes))
            let eight = try Checkpoint(text: try Note(parsing: Array(answer.checkpoint.utf8)).text)
            try ConsistencyProof(oldSize: 8, newSize: 300, hashes: lines).verify(oldRoot: eight.rootHash, newRoot: head.rootHash)

            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.text.contains("receiptlog_http_requests_total{route=\"/entries\",status=\"201\"} 300"))
            #expect(metrics.text.contains("receiptlog_tree_size 300"))
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    /// RFC 9162 §2.1.4.1 defines consistency proofs for 0 < from only; from the empty tree there
    /// is nothing to prove, and the answer is the empty proof (specs/http-api.md).
    @Test func consistencyFromZeroIsTheEmptyProof() async throws {
        let server = try TestServer()
        try await server.application.test(.router) { client in
            let empty = try await client.execute(uri: "/proof/consistency?from=0", method: .get)
            #expect(empty.status == .ok)
            #expect(empty.bytes.isEmpty)
            for i in 0..<3 {
                let r = try await client.execute(
                    uri: "/entries", method: .post, headers: [.contentType: "application/cose"],
                    body: ByteBuffer(bytes: try server.statement("zero-\(i)")))
                #expect(r.status == .created)
            }
            for uri in ["/proof/consistency?from=0", "/proof/consistency?from=0&to=0", "/proof/consistency?from=0&to=3"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(response.bytes.isEmpty, "\(uri)")
            }
            // Past the published tree is still 404, and from > to still 400.
            #expect(try await client.execute(uri: "/proof/consistency?from=0&to=4", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/proof/consistency?from=1&to=0", method: .get).status == .badRequest)
        }
    }
}
