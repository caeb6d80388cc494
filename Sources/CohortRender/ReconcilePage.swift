import CohortCore
import Mustache

/// What the reconciliation page shows: one item the judges coded differently, both codes side by
/// side (category, themes, memo), the six categories as buttons with keys 1–6, a required reason,
/// skip and progress. Every value is escaped by the template.
public struct ReconcilePage: Sendable, Equatable {
    /// The item both judges coded differently.
    public struct Item: Sendable, Equatable {
        public var id: String
        public var source: String
        /// The talk-page section it was written under, when it came from one.
        public var section: String?
        public var received: String
        public var text: String
        /// Earlier clarifications, oldest first.
        public var clarifications: [String]

        public init(
            id: String, source: String, section: String?, received: String, text: String, clarifications: [String]
        ) {
            self.id = id
            self.source = source
            self.section = section
            self.received = received
            self.text = text
            self.clarifications = clarifications
        }
    }

    /// One judge's code for the item, in the order `cohort.yaml` lists the judges.
    public struct Code: Sendable, Equatable {
        public var judge: String
        public var category: String
        public var themes: [String]
        /// The memo the judge wrote on the coding page, when they wrote one.
        public var memo: String?

        public init(judge: String, category: String, themes: [String], memo: String?) {
            self.judge = judge
            self.category = category
            self.themes = themes
            self.memo = memo
        }
    }

    /// One category button (`key` 1–6); `given` names the judges who chose it.
    public struct Category: Sendable, Equatable {
        public var id: String
        public var key: Int
        public var definition: String
        public var given: [String]

        public init(id: String, key: Int, definition: String, given: [String]) {
            self.id = id
            self.key = key
            self.definition = definition
            self.given = given
        }
    }

    /// Who reconciles (`--by`).
    public var by: String
    public var csrf: String
    public var message: String?
    /// "3 of 8 disagreements reconciled, 5 left".
    public var progress: String
    public var item: Item?
    public var codes: [Code] = []
    public var categories: [Category] = []

    public init(by: String, csrf: String, message: String?, progress: String) {
        self.by = by
        self.csrf = csrf
        self.message = message
        self.progress = progress
    }
}

/// The reconciliation page as HTML: rendered on the server from a Mustache template, whole
/// without JavaScript (every action is a form); a small inline script only adds the keys 1–6.
public enum ReconcilePageHTML {
    public static func render(_ page: ReconcilePage) -> String {
        var context: [String: Any] = [
            "by": page.by, "csrf": page.csrf, "progress": page.progress,
            "codes": page.codes.map { code in
                // Absent, not empty, when there is none: the template says "none".
                var entry: [String: Any] = ["judge": code.judge, "category": code.category]
                if !code.themes.isEmpty { entry["themes"] = code.themes.joined(separator: ", ") }
                if let memo = code.memo, !memo.isEmpty { entry["memo"] = memo }
                return entry
            },
            "categories": page.categories.map { category in
                var entry: [String: Any] = ["id": category.id, "key": category.key, "definition": category.definition]
                if !category.given.isEmpty { entry["given"] = category.given.joined(separator: " and ") }
                return entry
            },
        ]
        if let message = page.message { context["message"] = message }
        if let item = page.item {
            var entry: [String: Any] = [
                "id": item.id, "source": item.source, "received": item.received, "text": item.text,
                "clarifications": item.clarifications.map { ["note": $0] },
            ]
            if let section = item.section { entry["section"] = section }
            context["item"] = entry
        }
        return template.render(context)
    }

    // The template is a compile-time constant; failing to parse it is a programming error.
    private static let template = try! MustacheTemplate(string: source)

    static let source = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Reconciling{{#item}} {{id}}{{/item}} — {{by}}</title>
        <style>
        \(CodingPageHTML.style)
        .codes { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
        .codes section { border: 2px solid #555; border-radius: 6px; padding: .5rem 1rem; }
        .codes h2 { font-size: 1.1rem; margin: .25rem 0; }
        .codes dd { margin: 0 0 .5rem 0; white-space: pre-wrap; }
        </style>
        </head>
        <body>
        <header>
        <p class="progress" role="status">{{by}}: {{progress}}</p>
        {{#message}}<p role="alert">{{message}}</p>{{/message}}
        </header>
        <main>
        {{#item}}
        <h1>Item {{id}}</h1>
        <p class="meta">From {{source}}{{#section}}, section “{{section}}”{{/section}}, received {{received}}</p>
        <blockquote class="comment" id="comment">{{text}}</blockquote>
        {{#clarifications}}<p class="meta">Clarified: {{note}}</p>{{/clarifications}}
        <div class="codes">
        {{#codes}}<section aria-label="{{judge}}’s code">
        <h2>{{judge}}</h2>
        <dl>
        <dt>Category</dt><dd class="category">{{category}}</dd>
        <dt>Themes</dt><dd class="themes">{{themes}}{{^themes}}none{{/themes}}</dd>
        <dt>Memo</dt><dd class="memo">{{memo}}{{^memo}}none{{/memo}}</dd>
        </dl>
        </section>
        {{/codes}}</div>
        <form method="post" action="/reconcile" id="reconcile">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="item" value="{{id}}">
        <label for="reason">Why the judges settled on it (required; recorded with it)</label>
        <textarea id="reason" name="reason" rows="2" required></textarea>
        <fieldset>
        <legend>Agreed category</legend>
        <div class="categories">
        {{#categories}}<button type="submit" name="category" value="{{id}}" data-key="{{key}}" aria-keyshortcuts="{{key}}"><kbd>{{key}}</kbd> {{id}}<br><small>{{definition}}</small>{{#given}}<br><small>given by {{given}}</small>{{/given}}</button>
        {{/categories}}</div>
        </fieldset>
        </form>
        <div class="row">
        <form method="post" action="/skip"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="item" value="{{id}}"><button type="submit">Skip for now</button></form>
        </div>
        {{/item}}
        {{^item}}
        <h1>Nothing to reconcile</h1>
        <p>Every item the judges coded differently in its current round is reconciled.</p>
        {{/item}}
        </main>
        <script>
        document.addEventListener("keydown", function (event) {
          var target = event.target;
          if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA") || event.ctrlKey || event.metaKey || event.altKey) { return; }
          var button = document.querySelector('button[data-key="' + event.key + '"]');
          if (button) { event.preventDefault(); button.click(); }
        });
        </script>
        </body>
        </html>

        """
}
