import CohortCore
internal import CohortRender
import Foundation

extension Workspace {
    /// Validates the workspace without changing anything: `cohort.yaml`, the folders, and the
    /// records database's permissions when it exists.
    public func check() -> CheckReport {
        var problems: [Diagnostic] = []
        var program: Program?
        do {
            program = try loadProgram()
        } catch .invalidConfiguration(let found) {
            problems += found.diagnostics
        } catch {
            problems.append(
                Diagnostic(SourceLocation(file: displayPath(configurationURL)), error.errorDescription ?? "\(error)"))
        }
        let files = FileManager.default
        for folder in Self.folders {
            var isFolder: ObjCBool = false
            let url = root.appendingPathComponent(folder)
            if !files.fileExists(atPath: url.path, isDirectory: &isFolder) || !isFolder.boolValue {
                problems.append(
                    Diagnostic(
                        SourceLocation(file: displayPath(url) + "/"), "missing folder; create it (mkdir \(folder))"))
            }
        }
        if let attributes = try? files.attributesOfItem(atPath: databaseURL.path),
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0
        {
            problems.append(
                Diagnostic(
                    SourceLocation(file: displayPath(databaseURL)),
                    "the records database is readable by others (mode \(String(mode, radix: 8))); run chmod 600 on it"))
        }
        for (link, target) in escapingLinks() {
            let exists = FileManager.default.fileExists(atPath: root.appendingPathComponent(link).path)
            problems.append(
                Diagnostic(
                    SourceLocation(file: displayPath(root.appendingPathComponent(link))),
                    exists
                        ? "a symbolic link to \(target), outside the workspace\(WorkspaceError.recordsNote(target)); cohort will not read or write through it; replace it with the file itself"
                        : "a symbolic link to \(target), which does not exist; remove it or point it at a file in the workspace"
                ))
        }
        if let program { problems += noticeTemplateProblems(program) }
        return CheckReport(program: program, problems: problems)
    }

    /// Every problem of the notice templates, each checked against its kind's variables, so a
    /// broken one is found before a decision needs it.
    func noticeTemplateProblems(_ program: Program) -> [Diagnostic] {
        let templates = noticeTemplates()
        let renderer = NoticeRenderer(program: program, partials: templates.partials)
        var problems: [Diagnostic] = []
        for (kind, _, parsed) in templates.all {
            switch parsed {
            case .failure(let found): problems += found.diagnostics
            case .success(let template):
                problems += renderer.problems(template, for: NoticeSamples.draft(kind, program: program))
            }
        }
        let draft = NoticeSamples.draft(.clarification, program: program)
        problems += TemplateCheck(partials: templates.partials, unescapedAllowed: []).problems(
            in: templates.talkPage, context: renderer.context(draft, language: "en"))
        return problems
    }
}
