import CohortCore
import Mustache

/// What one judge's coding page shows: one item, blind (nothing of the other judge's code), the
/// six categories as buttons with keys 1–6, themes from the codebook, a memo, undo, skip and
/// progress. Every value is escaped by the template.
public struct CodingPage: Sendable, Equatable {
    /// The item to code.
    public struct Item: Sendable, Equatable {
        public var id: String
        public var source: String
        /// The talk-page section it was written in, if it came from there.
        public var section: String?
        public var received: String
        public var text: String
        /// Earlier clarifications, oldest first.
        public var clarifications: [String]
        /// The judge's own themes for it (after an undo), comma-separated.
        public var themes: String

        public init(
            id: String, source: String, section: String? = nil, received: String, text: String,
            clarifications: [String], themes: String
        ) {
            self.id = id
            self.source = source
            self.section = section
            self.received = received
            self.text = text
            self.clarifications = clarifications
            self.themes = themes
        }
    }

    /// One category button.
    public struct Category: Sendable, Equatable {
        public var id: String
        public var key: Int
        public var definition: String
        /// The judge's own current code for the item is this one (after an undo).
        public var chosen: Bool

        public init(id: String, key: Int, definition: String, chosen: Bool) {
            self.id = id
            self.key = key
            self.definition = definition
            self.chosen = chosen
        }
    }

    public var judge: String
    public var csrf: String
    public var message: String?
    /// "37 of 212 coded, 175 left".
    public var progress: String
    public var themes: [String]
    public var item: Item?
    public var categories: [Category] = []

    public init(judge: String, csrf: String, message: String?, progress: String, themes: [String]) {
        self.judge = judge
        self.csrf = csrf
        self.message = message
        self.progress = progress
        self.themes = themes
    }
}

/// The coding page as HTML: rendered on the server from a Mustache template, whole without
/// JavaScript (every action is a form); a small inline script only adds the keys 1–6 and z.
public enum CodingPageHTML {
    public static func render(_ page: CodingPage) -> String {
        var context: [String: Any] = [
            "judge": page.judge, "csrf": page.csrf, "progress": page.progress,
            "themes": page.themes.map { ["theme": $0] },
            "categories": page.categories.map {
                ["id": $0.id, "key": $0.key, "definition": $0.definition, "chosen": $0.chosen] as [String: Any]
            },
        ]
        if let message = page.message { context["message"] = message }
        if let item = page.item {
            var fields: [String: Any] = [
                "id": item.id, "source": item.source, "received": item.received, "text": item.text,
                "clarifications": item.clarifications.map { ["note": $0] }, "own_themes": item.themes,
            ]
            if let section = item.section, !section.isEmpty { fields["section"] = section }
            context["item"] = fields
        }
        return template.render(context)
    }

    // The template is a compile-time constant; failing to parse it is a programming error.
    private static let template = try! MustacheTemplate(string: source)

    /// The pages' style, shared with the reconciliation page: large type, a visible focus outline.
    static let style = """
        body { font: 18px/1.5 "DejaVu Sans", sans-serif; max-width: 56rem; margin: 1rem auto; padding: 0 1rem; color: #1a1a1a; }
        .comment { white-space: pre-wrap; border-left: 4px solid #0072b2; padding: .5rem 1rem; background: #f4f8fb; }
        .categories { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: .5rem; }
        .categories button { font-size: 1.1rem; padding: 1rem; text-align: left; border: 2px solid #555; background: #fff; border-radius: 6px; }
        .categories button[aria-pressed="true"] { background: #e6f0f8; border-color: #0072b2; }
        button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 3px solid #d55e00; outline-offset: 2px; }
        kbd { border: 1px solid #888; border-radius: 3px; padding: 0 .3rem; }
        .meta, .progress { color: #444; }
        label { display: block; margin-top: .75rem; }
        input[type=text], textarea { width: 100%; font: inherit; }
        .row { display: flex; gap: 1rem; margin-top: 1rem; }
        """

    static let source = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Coding{{#item}} {{id}}{{/item}} — {{judge}}</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        <header>
        <p class="progress" role="status">{{judge}}: {{progress}}</p>
        {{#message}}<p role="alert">{{message}}</p>{{/message}}
        </header>
        <main>
        {{#item}}
        <h1>Item {{id}}</h1>
        <p class="meta">From {{source}}{{#section}}, section “{{section}}”{{/section}}, received {{received}}</p>
        <blockquote class="comment" id="comment">{{text}}</blockquote>
        {{#clarifications}}<p class="meta">Clarified: {{note}}</p>{{/clarifications}}
        <form method="post" action="/code" id="code">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="item" value="{{id}}">
        <label for="themes">Themes (comma-separated; a new one becomes a codebook proposal)</label>
        <input type="text" id="themes" name="themes" list="known-themes" value="{{own_themes}}" autocomplete="off">
        <datalist id="known-themes">{{#themes}}<option value="{{theme}}">{{/themes}}</datalist>
        <label for="memo">Memo</label>
        <textarea id="memo" name="memo" rows="2"></textarea>
        <fieldset>
        <legend>Category</legend>
        <div class="categories">
        {{#categories}}<button type="submit" name="category" value="{{id}}" data-key="{{key}}" aria-pressed="{{#chosen}}true{{/chosen}}{{^chosen}}false{{/chosen}}" aria-keyshortcuts="{{key}}"><kbd>{{key}}</kbd> {{id}}<br><small>{{definition}}</small></button>
        {{/categories}}</div>
        </fieldset>
        </form>
        <div class="row">
        <form method="post" action="/skip"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="item" value="{{id}}"><button type="submit">Skip for now</button></form>
        <form method="post" action="/undo" id="undo"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" aria-keyshortcuts="z">Undo the last code (<kbd>z</kbd>)</button></form>
        </div>
        {{/item}}
        {{^item}}
        <h1>Nothing left to code</h1>
        <p>Every item is coded by you, or by both judges.</p>
        <form method="post" action="/undo" id="undo"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" aria-keyshortcuts="z">Undo the last code (<kbd>z</kbd>)</button></form>
        {{/item}}
        </main>
        <script>
        document.addEventListener("keydown", function (event) {
          var target = event.target;
          if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA") || event.ctrlKey || event.metaKey || event.altKey) { return; }
          var button = document.querySelector('button[data-key="' + event.key + '"]');
          if (button) { event.preventDefault(); button.click(); return; }
          if (event.key === "z") { var undo = document.getElementById("undo"); if (undo) { event.preventDefault(); undo.submit(); } }
        });
        </script>
        </body>
        </html>

        """
}
