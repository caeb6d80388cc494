import CohortCore
internal import CohortRender
import Foundation

/// The workspace's notice templates: `templates/notices/<kind>.txt.mustache` in English (the
/// built-in default where the workspace has none), `templates/notices/<language>/…` for others,
/// and the shared partials. A broken template is an error only when a notice needs it.
public struct NoticeTemplateSet: Sendable {
    /// Parsed templates, or their located problems, by kind and language.
    var templates: [NoticeKind: [String: Result<NoticeTemplate, ConfigurationProblems>]]
    var partials: [String: TemplateCheck.Source]
    /// The talk-page reply drafted for a commenter without an address.
    var talkPage: TemplateCheck.Source

    /// The languages `kind` has a template in.
    public func languages(_ kind: NoticeKind) -> Set<String> { Set((templates[kind] ?? [:]).keys) }

    /// The template of `kind` in `language` (English when there is none in it); its problems if it is broken.
    func template(_ kind: NoticeKind, language: String) throws(ConfigurationProblems) -> NoticeTemplate {
        guard let found = templates[kind]?[language] ?? templates[kind]?["en"] else {
            // Every kind has an English template: the workspace's or the built-in one.
            return try NoticeTemplate.parse(
                DefaultNoticeTemplates.text(kind), kind: kind, language: "en",
                file: NoticeTemplate.path(kind, language: "en"))
        }
        return try found.get()
    }

    /// Every template, for `cohort check`.
    var all: [(kind: NoticeKind, language: String, template: Result<NoticeTemplate, ConfigurationProblems>)] {
        NoticeKind.allCases.flatMap { kind in
            (templates[kind] ?? [:]).sorted { $0.key < $1.key }.map { (kind, $0.key, $0.value) }
        }
    }
}

extension Workspace {
    /// Every `templates/partials/<name>.mustache`, by name: shared by announcements and notices.
    func templatePartials() throws(WorkspaceError) -> [String: TemplateCheck.Source] {
        var partials: [String: TemplateCheck.Source] = [:]
        for file in files(in: "templates/partials", endingWith: ".mustache") {
            let path = "templates/partials/\(file)"
            partials[String(file.dropLast(".mustache".count))] = TemplateCheck.Source(
                text: try readText(path), file: path)
        }
        return partials
    }

    /// A language folder's name: `es`, `pt-br`.
    static func isLanguageTag(_ name: String) -> Bool {
        name.wholeMatch(of: /[a-z]{2,3}(-[a-z0-9]{2,8})*/) != nil
    }

    /// Reads the notice templates (see `NoticeTemplateSet`).
    public func noticeTemplates() -> NoticeTemplateSet {
        var templates: [NoticeKind: [String: Result<NoticeTemplate, ConfigurationProblems>]] = [:]
        let folder = root.appendingPathComponent("templates/notices", isDirectory: true)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let languages =
            ["en"]
            + entries.filter { name in
                var isFolder: ObjCBool = false
                return Self.isLanguageTag(name) && name != "en"
                    && FileManager.default.fileExists(
                        atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder)
                    && isFolder.boolValue
            }.sorted()
        for kind in NoticeKind.allCases {
            for language in languages {
                let path = NoticeTemplate.path(kind, language: language)
                let text: String
                if exists(path), let read = try? readText(path) {
                    text = read
                } else if language == "en" {
                    text = DefaultNoticeTemplates.text(kind)
                } else {
                    continue
                }
                templates[kind, default: [:]][language] = Result {
                    () throws(ConfigurationProblems) -> NoticeTemplate in
                    try NoticeTemplate.parse(text, kind: kind, language: language, file: path)
                }
            }
        }
        let partials = (try? templatePartials()) ?? [:]
        let talkPath = DefaultNoticeTemplates.talkPagePath
        let talkText = (try? readText(talkPath)) ?? DefaultNoticeTemplates.talkPageClarification
        return NoticeTemplateSet(
            templates: templates, partials: partials, talkPage: TemplateCheck.Source(text: talkText, file: talkPath))
    }
}
