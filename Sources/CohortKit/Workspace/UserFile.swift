import Foundation

extension ProgramSession {
    /// Writes `text` to the file the user named (`--out`, relative to the current folder) whole
    /// or not at all: it is written beside the target first and then moved into place. Every
    /// command that writes where the user says (`report`, `timeline --format svg`) goes through here.
    func writeUserFile(_ text: String, to out: String) throws {
        let url = URL(fileURLWithPath: out, relativeTo: currentDirectory)
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw WorkspaceError.cannotWrite(path: out, reason: error.localizedDescription)
        }
    }
}
