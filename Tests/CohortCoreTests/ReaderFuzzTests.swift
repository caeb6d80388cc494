import CohortCore
import CohortTestSupport
import Foundation
import PropertyBased
import Testing

/// The readers that take text from outside (CSV files, `cohort.yaml`, announcement front matter)
/// over mutated copies of the example's own files, for a bounded time: none may crash or hang,
/// and whatever they accept keeps the rule for text entering the records. Property-based with
/// x-sheep/swift-property-based: a failure prints the seed that reproduces it.
@Suite("Readers under mutated input")
struct ReaderFuzzTests {
    /// Cases per reader in one run, and the most one read may take (a hang shows as a failure).
    static let cases = 2000
    static let slowest: Duration = .seconds(2)

    /// Bytes mutations favour: CSV and YAML syntax, controls, a NUL, a BOM, bytes that are not UTF-8.
    static let interesting: [UInt8] =
        Array("\",\n\r:-{}[]#&*!|>'%@` \t\\".utf8) + [0, 0x1B, 0x7F, 0xEF, 0xBB, 0xBF, 0xC3, 0xFF, 0x85]

    /// Applies mutations to `bytes`; each number picks an operation, a position and a byte.
    static func mutate(_ bytes: [UInt8], _ plan: [Int]) -> [UInt8] {
        var result = bytes
        for step in plan {
            guard !result.isEmpty else {
                result.append(interesting[step % interesting.count])
                continue
            }
            let position = (step / 1024) % result.count
            let byte = step % 3 == 0 ? UInt8(truncatingIfNeeded: step / 4) : interesting[(step / 4) % interesting.count]
            switch step % 5 {
            case 0: result[position] = byte
            case 1: result.insert(byte, at: position)
            case 2: result.remove(at: position)
            case 3:
                let end = min(result.count, position + 1 + (step / 8) % 24)
                result.insert(contentsOf: result[position..<end], at: (step / 16) % result.count)
            default: result.removeSubrange(position..<min(result.count, position + 1 + (step / 8) % 8))
            }
        }
        return result
    }

    static let plans = Gen.int(in: 0...Int(Int32.max)).array(of: 1...16)

    static func example(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Repository.root.appendingPathComponent(relative)))
    }

    /// The text a reader gets: Cohort decodes files as UTF-8 before reading them, refusing the rest.
    static func text(_ bytes: [UInt8]) -> String? { String(validating: bytes, as: UTF8.self) }

    /// Runs `read` and fails when it takes longer than `slowest`.
    static func timed(_ what: String, _ read: () -> Void) {
        let started = ContinuousClock.now
        read()
        let took = ContinuousClock.now - started
        #expect(took < slowest, "\(what) took \(took)")
    }

    @Test func csvReaderNeverCrashesAndKeepsTheTextRule() async throws {
        let seeds = try ["data/signups.csv", "data/feedback.csv", "data/poll.csv", "data/partners.csv"].map(
            Self.example)
        let formats = [Signup.columns, FeedbackImport.itemColumns, Poll.columns, Partner.columns]
        await propertyCheck(count: Self.cases, input: Gen.int(in: 0...3), Self.plans) { which, plan in
            guard let text = Self.text(Self.mutate(seeds[which], plan)) else { return }
            Self.timed("CSVTable.parse") {
                guard let table = try? CSVTable.parse(text, file: "in.csv", columns: formats[which]) else { return }
                for row in table.rows {
                    for column in table.header {
                        #expect(TextRule.problem(in: row[column], kind: formats[which].text[column] ?? .line) == nil)
                    }
                }
                // The importers' own readers take whatever the table holds.
                switch which {
                case 0: _ = Signup.read(table)
                case 1:
                    var ledger = FeedbackLedger(judges: [])
                    _ = try? FeedbackImport.items(table, into: &ledger, skipInvalid: true)
                case 2: _ = try? Poll.read(table, skipInvalid: true)
                default: _ = Partner.read(table, waves: ["pilot", "partners", "public"])
                }
            }
        }
    }

    @Test func programDecoderNeverCrashes() async throws {
        let seed = try Self.example("cohort.yaml")
        await propertyCheck(count: Self.cases, input: Self.plans) { plan in
            guard let text = Self.text(Self.mutate(seed, plan)) else { return }
            Self.timed("ProgramDecoder.decode") {
                if case .success(let program) = ProgramDecoder.decode(text) {
                    #expect(TextRule.problem(in: program.name) == nil)
                    #expect(program.phases.allSatisfy { $0.dates.isSupported })
                }
            }
        }
    }

    @Test func announcementFrontMatterNeverCrashes() async throws {
        let seeds = try ["announcements/2022-06-outcome.md", "announcements/2022-05-dashboard-delay.md"].map(
            Self.example)
        await propertyCheck(count: Self.cases, input: Gen.int(in: 0...1), Self.plans) { which, plan in
            guard let text = Self.text(Self.mutate(seeds[which], plan)) else { return }
            Self.timed("AnnouncementDecoder.decode") {
                if case .success(let source) = AnnouncementDecoder.decode(
                    text, slug: "fuzz", file: "announcements/fuzz.md", timeZone: .gmt)
                {
                    #expect(TextRule.problem(in: source.title) == nil)
                    #expect(source.mail.subject.map { TextRule.problem(in: $0) == nil } ?? true)
                    #expect(Instant.isSupported(source.date))
                }
            }
        }
    }
}
