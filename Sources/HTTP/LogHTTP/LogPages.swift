// The log's HTML pages (specs/http-api.md, "Pages"): the status page at `/`, an entry's page at
// `/ui/entries/<index>` and the search at `/ui/search?q=`. The templates are Mustache; every
// value goes through `{{name}}`, which escapes it (HTMLPages).
import HTMLPages

/// The log's page templates.
enum LogPages {
    /// The compiled templates. They are constants of this file: one that does not compile is a
    /// programming error.
    static let pages: HTMLPages = {
        do {
            return try HTMLPages(templates: [
                "header": header, "footer": footer, "status": status, "entry": entry, "notFound": notFound,
            ])
        } catch {
            preconditionFailure("the log's page templates do not compile: \(error)")
        }
    }()

    /// The top of every page: the title, the link home and the search form (a GET form, no
    /// script).
    static let header = """
        {{>head}}
        <header>
        <a href="/">ReceiptLog</a>
        <form method="get" action="/ui/search" role="search">
        <input type="text" name="q" id="q" aria-label="Search" placeholder="entry index, leaf hash or statement SHA-256 (hex)">
        <button type="submit">Search</button>
        </form>
        </header>
        <main>
        """

    /// The bottom of every page.
    static let footer = """
        </main>
        <footer>A transparency log for AI inference receipts. The API is described in specs/http-api.md.</footer>
        </body>
        </html>
        """

    /// `/`: the log's identity, its checkpoints and its witnesses.
    static let status = """
        {{>header}}
        <h1>Log <span id="origin">{{origin}}</span></h1>
        {{#alarm}}<p class="bad" id="alarm">The log stopped signing: {{.}}</p>{{/alarm}}
        <table>
        <tr><th>Origin</th><td><code>{{origin}}</code></td></tr>
        <tr><th>Verifier key</th><td><code id="vkey">{{verifierKey}}</code></td></tr>
        <tr><th>Tree size</th><td id="tree-size">{{treeSize}}</td></tr>
        </table>

        <h2>Latest checkpoint</h2>
        <table>
        <tr><th>Tree size</th><td>{{latest.treeSize}}</td></tr>
        <tr><th>Root hash</th><td><code>{{latest.rootHash}}</code></td></tr>
        <tr><th>Signed</th><td id="latest-age">{{latest.age}}</td></tr>
        </table>
        <pre id="latest-note">{{latestNote}}</pre>

        <h2>Published checkpoint</h2>
        {{#isWitnessed}}
        {{#hasPublished}}
        <table>
        <tr><th>Tree size</th><td id="published-size">{{published.treeSize}}</td></tr>
        <tr><th>Root hash</th><td><code>{{published.rootHash}}</code></td></tr>
        <tr><th>Signed</th><td id="published-age">{{published.age}}</td></tr>
        </table>
        {{/hasPublished}}
        {{^hasPublished}}<p id="published-size">No checkpoint has reached the witness quorum yet.</p>{{/hasPublished}}
        <p class="note">{{publishedRule}}</p>
        {{#publishedNote}}<pre id="published-note">{{.}}</pre>{{/publishedNote}}
        {{/isWitnessed}}
        {{^isWitnessed}}<p id="published-size">This log has no witnesses: <code>/checkpoint</code> serves the latest checkpoint.</p>{{/isWitnessed}}

        {{#isWitnessed}}
        <h2>Witnesses</h2>
        <table id="witnesses">
        <tr><th>Witness</th><th>URL</th><th>Last cosigned size</th><th>Cosigned</th><th>Latency</th><th>Last error</th></tr>
        {{#witnesses}}
        <tr><td>{{name}}</td><td><code>{{url}}</code></td><td>{{cosignedSize}}</td><td>{{cosignedAge}}</td><td>{{latency}}</td>
        <td>{{#hasError}}<span class="error">{{lastError}}</span> ({{lastErrorAge}}){{/hasError}}{{^hasError}}none{{/hasError}}</td></tr>
        {{/witnesses}}
        </table>
        {{/isWitnessed}}

        <h2>Newest entries</h2>
        {{#hasRecent}}<ul class="links" id="recent">{{/hasRecent}}
        {{#recent}}<li><a href="/ui/entries/{{.}}">entry {{.}}</a></li>{{/recent}}
        {{#hasRecent}}</ul>{{/hasRecent}}
        {{^hasRecent}}<p>The log is empty.</p>{{/hasRecent}}
        {{>footer}}
        """

    /// `/ui/entries/<index>`: the decoded statement, its inclusion proof and the downloads.
    static let entry = """
        {{>header}}
        <h1>Entry <span id="index">{{index}}</span></h1>
        <table>
        <tr><th>Leaf hash</th><td><code id="leaf-hash">{{leafHash}}</code></td></tr>
        <tr><th>Statement SHA-256</th><td><code id="statement-sha256">{{statementSHA256}}</code></td></tr>
        <tr><th>Size</th><td>{{byteCount}} bytes</td></tr>
        <tr><th>Form</th><td>{{form}}</td></tr>
        </table>

        <h2>Statement</h2>
        <table>
        <tr><th>Issuer</th><td id="issuer">{{issuer}}</td></tr>
        <tr><th>Subject</th><td id="subject">{{subject}}</td></tr>
        <tr><th>Content type</th><td><code>{{contentType}}</code></td></tr>
        <tr><th>Key ID</th><td><code>{{keyID}}</code></td></tr>
        {{#claims}}
        <tr><th>Issued at</th><td id="issued-at">{{issuedAt}}</td></tr>
        <tr><th>Model</th><td id="model">{{modelID}} {{modelVersion}}</td></tr>
        <tr><th>Model hash</th><td><code>{{modelHash}}</code> ({{modelHashScheme}})</td></tr>
        {{#keyBinding}}<tr><th>Key binding</th><td>{{.}}</td></tr>{{/keyBinding}}
        {{/claims}}
        </table>
        {{#decodeNote}}<p class="note">{{.}}</p>{{/decodeNote}}
        {{#claims}}
        <h2>Evidence references</h2>
        {{#hasEvidence}}<table id="evidence"><tr><th>Kind</th><th>Media type</th><th>SHA-256</th></tr>{{/hasEvidence}}
        {{#evidence}}<tr><td>{{kind}}</td><td><code>{{mediaType}}</code></td><td><code>{{digest}}</code></td></tr>{{/evidence}}
        {{#hasEvidence}}</table>{{/hasEvidence}}
        {{^hasEvidence}}<p>None.</p>{{/hasEvidence}}
        <h2>Commitments</h2>
        {{#hasCommitments}}<table id="commitments"><tr><th>Field</th><th>Scheme</th><th>Value</th></tr>{{/hasCommitments}}
        {{#commitments}}<tr><td>{{field}}</td><td>{{scheme}}</td><td><code>{{value}}</code></td></tr>{{/commitments}}
        {{#hasCommitments}}</table>{{/hasCommitments}}
        {{^hasCommitments}}<p>None.</p>{{/hasCommitments}}
        <p class="note">A commitment is a salted HMAC of the field's bytes; the salts stay with the issuer, so this log never holds them.</p>
        {{/claims}}

        <h2>Inclusion proof</h2>
        {{#proof}}
        <p id="proof-against">{{against}}</p>
        <table>
        <tr><th>Tree size</th><td id="proof-size">{{treeSize}}</td></tr>
        <tr><th>Root hash</th><td><code>{{rootHash}}</code></td></tr>
        </table>
        <ol start="0" id="proof-hashes">{{#hashes}}<li><code>{{.}}</code></li>{{/hashes}}</ol>
        {{^hasHashes}}<p>The proof is empty: the entry is the whole tree.</p>{{/hasHashes}}
        <pre id="proof-checkpoint">{{checkpoint}}</pre>
        {{/proof}}
        {{#proofError}}<p class="bad">{{.}}</p>{{/proofError}}

        <h2>Downloads</h2>
        <ul class="links" id="downloads">
        {{#links}}<li><a href="{{href}}">{{label}}</a> <span class="note">{{what}}</span></li>{{/links}}
        </ul>
        <p>A bundle that also carries the receipt's evidence entries and witnessed checkpoints (receipt-bundle@v2) is built by the CLI:</p>
        <pre id="bundle-command">{{bundleCommand}}</pre>
        {{>footer}}
        """

    /// A search that found nothing.
    static let notFound = """
        {{>header}}
        <h1>{{title}}</h1>
        <p class="bad" id="message">{{message}}</p>
        <p class="note">{{searched}}</p>
        {{>footer}}
        """
}
