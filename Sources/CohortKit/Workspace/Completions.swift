import CohortCore
internal import CohortStore
import Foundation

/// What a shell completes an argument with, read from the workspace the command line names
/// (`--workspace DIR` among the words, else the one around the current folder). Completion never
/// fails loudly: a workspace that cannot be read completes nothing.
public enum CompletionCandidates: Sendable {
    case announcements, participants, waves, partners, timelineItems, judges, sessions, batches

    /// The candidates that start with `prefix`, sorted.
    public func values(words: [String], prefix: String, currentDirectory: URL) -> [String] {
        var explicit: String?
        if let index = words.firstIndex(of: "--workspace"), index + 1 < words.count { explicit = words[index + 1] }
        guard let session = try? ProgramSession.open(workspace: explicit, from: currentDirectory) else { return [] }
        let all = (try? candidates(session)) ?? []
        return all.filter { $0.hasPrefix(prefix) }.sorted()
    }

    func candidates(_ session: ProgramSession) throws -> [String] {
        let program = session.program
        switch self {
        case .announcements: return AnnouncementBuild(session: session, sections: [], now: .distantPast).slugs()
        case .waves: return program.waves.map(\.id)
        case .timelineItems: return program.phases.map(\.id) + program.milestones.map(\.id) + program.waves.map(\.id)
        case .judges: return program.judges.map(\.id)
        case .participants, .partners, .sessions, .batches:
            guard session.records.exists else { return [] }
            return try session.openStore().read { records in
                switch self {
                case .participants: try records.signups().map(\.username)
                case .partners: try records.partners().map(\.id)
                case .sessions: try records.sessions().map(\.id)
                default: try records.outboxBatches()
                }
            }
        }
    }
}
