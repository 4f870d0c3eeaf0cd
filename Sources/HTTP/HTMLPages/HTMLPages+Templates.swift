// The templates every server's pages share: the stylesheet (inline: pages load nothing else) and
// the error page.

extension HTMLPages {
    /// The `style` partial: the one stylesheet, included in each page's `<head>`.
    static let style = """
        <style>
        body { font: 16px/1.45 system-ui, sans-serif; margin: 0; color: #1d232a; background: #f6f7f9; }
        header { background: #1d3557; color: #fff; padding: 0.8em 1.5em; display: flex; flex-wrap: wrap;
          align-items: center; gap: 1em; justify-content: space-between; }
        header a { color: #fff; text-decoration: none; font-weight: 600; font-size: 1.15em; }
        header form { display: flex; gap: 0.4em; }
        header input[type=text] { width: 34em; max-width: 60vw; padding: 0.35em; font: inherit; font-size: 0.9em; }
        header button { padding: 0.35em 0.9em; font: inherit; font-size: 0.9em; }
        main { max-width: 72em; margin: 0 auto; padding: 1em 1.5em 3em; }
        h1 { font-size: 1.5em; margin: 0.6em 0; }
        h2 { font-size: 1.15em; margin: 1.6em 0 0.5em; border-bottom: 1px solid #d5d9de; padding-bottom: 0.2em; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; vertical-align: top; padding: 0.35em 0.7em; border: 1px solid #d5d9de; }
        th { background: #eef1f4; font-weight: 600; white-space: nowrap; }
        code, pre { font: 13px/1.4 ui-monospace, monospace; overflow-wrap: anywhere; }
        pre { background: #fff; border: 1px solid #d5d9de; padding: 0.7em; white-space: pre-wrap; }
        .note { color: #59636e; }
        .error { color: #a4161a; }
        .bad { background: #fff0f0; border: 1px solid #e5989b; padding: 0.8em 1em; }
        ul.links li { margin: 0.2em 0; }
        footer { color: #59636e; font-size: 0.85em; max-width: 72em; margin: 0 auto; padding: 0 1.5em 2em; }
        </style>
        """

    /// The `head` partial: the start of every page, up to the opening `<body>`, with the
    /// page's `title` and the stylesheet.
    static let head = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}}</title>
        {{>style}}
        </head>
        <body>
        """

    /// The `error` page: the status as the title and a one-paragraph message.
    static let errorTemplate = """
        {{>header}}
        <h1>{{title}}</h1>
        <p class="bad" id="message">{{message}}</p>
        {{>footer}}
        """
}
