import Foundation
import Yams

/// Every problem found in a `cohort.yaml`, in file order. Thrown as one error so a user sees them all.
public struct ConfigurationProblems: Error, Sendable, Equatable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    /// Bad input (64) for what a command reads to decide; problems found (65) for what a check or
    /// a render looks at (announcements, templates).
    public var kind: FailureKind

    public init(_ diagnostics: [Diagnostic], kind: FailureKind = .badInput) {
        self.diagnostics = diagnostics.sorted { $0.location < $1.location }
        self.kind = kind
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Reads the text of a `cohort.yaml` (version 1) into a `Program`, validating all of it at once.
public enum ProgramDecoder {
    /// Decodes `text`; `file` is the name used in diagnostics.
    /// `channels`: the names `channels:` may hold besides `meta`, `blog` and `mail`, each a plug-in
    /// channel's section, kept as written (`Channels.sections`) for the channel to decode.
    public static func decode(
        _ text: String, file: String = "cohort.yaml", channels: [String] = Channels.pluginNames
    ) -> Result<Program, ConfigurationProblems> {
        let root: Node?
        do {
            // Every scalar is read as text and interpreted by YAMLReader: Yams' tag rules
            // (regular expressions tried on each scalar) would only cost time. UTF-8 said outright:
            // the default reads the environment on every call (and prints if it is set).
            root = try Yams.compose(yaml: text, Resolver.basic, Constructor.default, .utf8)
        } catch {
            return .failure(ConfigurationProblems([syntaxDiagnostic(error, file: file, text: text)]))
        }
        guard let root else {
            let start = SourceLocation(file: file, line: 1, column: 1)
            return .failure(
                ConfigurationProblems([
                    Diagnostic(start, "the file is empty; run `cohort init` to write a starting cohort.yaml")
                ]))
        }
        var decoding = Decoding(reader: YAMLReader(file: file), pluginChannels: channels)
        let program = decoding.program(root)
        let problems = decoding.reader.diagnostics
        guard problems.isEmpty, let program else {
            return .failure(ConfigurationProblems(problems))
        }
        return .success(program)
    }

    /// The next line after `first` that starts the same key at the same column.
    static func secondUse(of key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line < lines.count else { return nil }
        let indent = String(repeating: " ", count: first.column - 1)
        for index in first.line..<lines.count {
            let line = lines[index]
            for spelling in [key, "\"\(key)\"", "'\(key)'"] {
                let prefix = indent + spelling
                if line.hasPrefix(prefix), line.dropFirst(prefix.count).drop(while: { $0 == " " }).first == ":" {
                    return (index + 1, first.column)
                }
            }
        }
        return nil
    }

    /// A YAML syntax error as a diagnostic; `lineOffset` counts the file's lines before the YAML
    /// text (front matter), so places and the lines named in messages are the file's.
    static func syntaxDiagnostic(_ error: any Error, file: String, text: String, lineOffset: Int = 0) -> Diagnostic {
        func at(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> Diagnostic {
            let extra = context.map { " (\($0.text))" } ?? ""
            return Diagnostic(
                SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column),
                "YAML syntax: \(problem)\(extra)")
        }
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _): return at(mark, problem, context)
        case .parser(let context, let problem, let mark, _): return at(mark, problem, context)
        case .composer(let context, let problem, let mark, _): return at(mark, problem, context)
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the first use; point at the second, which is usually the one to remove.
            let first = context.mark
            let second = duplicates.first.flatMap { secondUse(of: $0, after: first, in: text) }
            let names = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return Diagnostic(
                SourceLocation(
                    file: file, line: (second?.line ?? first.line) + lineOffset, column: second?.column ?? first.column),
                "key \(names) appears twice in the same mapping (first at line \(first.line + lineOffset)); keep one")
        case .reader(let problem, _, _, _):
            return Diagnostic(SourceLocation(file: file, line: 1, column: 1), "cannot read the file: \(problem)")
        default:
            return Diagnostic(SourceLocation(file: file, line: 1, column: 1), "cannot read the file: \(error)")
        }
    }
}

/// The schema of `cohort.yaml` version 1, one function per section.
private struct Decoding {
    var reader: YAMLReader
    /// Channel sections kept as written for their plug-ins.
    let pluginChannels: [String]

    static var idPattern: Regex<Substring> { /^[a-z0-9][a-z0-9-]*$/ }
    static var emailPattern: Regex<Substring> { /^[^\s@<>",;:()\[\]\\]+@[^\s@<>",;:()\[\]\\]+\.[^\s@<>",;:()\[\]\\]+$/ }

    mutating func program(_ root: Node) -> Program? {
        let keys = [
            "version", "program", "timeline", "pilot", "release", "channels", "feedback", "onboarding", "records",
            "approvals",
        ]
        guard let top = reader.fields(root, reader.file, allowed: keys, required: ["version", "program"]) else {
            return nil
        }
        if let versionNode = top["version"] {
            let version = versionNode.scalar.flatMap { Int($0.string) }
            if version != Program.supportedVersion {
                reader.report(
                    versionNode,
                    "unknown version \(reader.describe(versionNode)); this cohort reads version \(Program.supportedVersion)"
                )
                return nil  // the rest of the file may mean something else in another version
            }
        }
        let header = top["program"].flatMap { programHeader($0) }
        let timeline = top["timeline"].map { self.timeline($0) } ?? ([], [])
        let pilot = top["pilot"].map { self.pilot($0) } ?? PilotRules()
        let waves = top["release"].map { release($0) } ?? []
        let updates = top["release"].flatMap { self.updatesList($0) }
        let channels = top["channels"].map { self.channels($0) } ?? Channels()
        let judges = top["feedback"].map { feedback($0) } ?? []
        let onboarding = top["onboarding"].map { self.onboarding($0) } ?? OnboardingRules()
        let records = top["records"].flatMap { self.records($0) }
        let approvals = top["approvals"].map { self.approvals($0) } ?? ApprovalRules()
        checkOnboardedGates(waves, stages: onboarding.stageIDs)
        if let (list, node) = updates {
            let known = channels.mail?.lists.map(\.id) ?? []
            if !known.contains(list) {
                reader.report(
                    node,
                    "release.updates_list \"\(list)\" is not one of channels.mail.lists"
                        + (known.isEmpty
                            ? " (there are none); declare the list under channels.mail.lists"
                            : " (\(known.joined(separator: ", ")))\(Suggestion.didYouMean(list, in: known))"))
            }
        }
        guard let header, reader.diagnostics.isEmpty else { return nil }
        var declared = Program(
            name: header.name, slug: header.slug, timeZone: header.zone.zone, timeZoneName: header.zone.name,
            contact: header.contact,
            phases: timeline.0, milestones: timeline.1, pilot: pilot, waves: waves, channels: channels,
            judges: judges, onboarding: onboarding)
        declared.records = records
        declared.approvals = approvals
        declared.defaultActor = header.defaultActor
        declared.updatesList = updates?.0
        switch Timeline.schedule(declared) {
        case .success(let (scheduled, _)):
            return scheduled
        case .failure(let problems):
            for problem in problems.diagnostics { reader.report(problem.location, problem.message) }
            return nil
        }
    }

    // MARK: records

    /// `records: {url: postgres://…, password_file: …}`. A password never belongs here: the file
    /// is committed and shared.
    mutating func records(_ node: Node) -> RecordsSetting? {
        if let mapping = node.mapping, let key = mapping.keys.first(where: { $0.string == "password" }) {
            reader.report(
                key,
                "a password does not belong in cohort.yaml (it is shared and committed); set PGPASSWORD or COHORT_DATABASE_PASSWORD, use ~/.pgpass, or name a file readable only by you in records.password_file"
            )
            return nil
        }
        guard let fields = reader.fields(node, "records", allowed: ["url", "password_file"], required: ["url"]) else {
            return nil
        }
        guard let url = reader.string(fields["url"], "records.url") else { return nil }
        let passwordFile = fields["password_file"].flatMap { reader.string($0, "records.password_file") }
        return RecordsSetting(url: url, passwordFile: passwordFile, location: reader.location(of: fields["url"]))
    }

    // MARK: program

    mutating func programHeader(_ node: Node) -> (
        name: String, slug: String, zone: (zone: TimeZone, name: String), contact: Person, defaultActor: String?
    )? {
        guard
            let fields = reader.fields(
                node, "program", allowed: ["name", "slug", "time_zone", "contact", "default_actor"],
                required: ["name", "slug", "time_zone", "contact"])
        else { return nil }
        let defaultActor = fields["default_actor"].flatMap { reader.string($0, "program.default_actor") }
        let name = reader.string(fields["name"], "program.name")
        let slug = id(fields["slug"], "program.slug")
        let zone = timeZone(fields["time_zone"], "program.time_zone")
        let contact = fields["contact"].flatMap { person($0, "program.contact") }
        guard let name, let slug, let zone, let contact else { return nil }
        return (name, slug, (zone, fields["time_zone"]?.scalar?.string ?? zone.identifier), contact, defaultActor)
    }

    mutating func person(_ node: Node, _ context: String) -> Person? {
        guard let fields = reader.fields(node, context, allowed: ["name", "email"], required: ["name", "email"]) else {
            return nil
        }
        let name = reader.string(fields["name"], "\(context).name")
        let email = self.email(fields["email"], "\(context).email")
        guard let name, let email else { return nil }
        return Person(name: name, email: email)
    }

    // MARK: timeline

    mutating func timeline(_ node: Node) -> ([Phase], [Milestone]) {
        guard let fields = reader.fields(node, "timeline", allowed: ["phases", "milestones"]) else { return ([], []) }
        var ids = UniqueIDs(kind: "timeline id")
        var phases: [Phase] = []
        var declaredPhases: [String] = []  // valid or not, so a bad phase does not also fail its milestones
        for item in reader.sequence(fields["phases"], "timeline.phases") {
            guard
                let phase = reader.fields(
                    item, "a phase", allowed: ["id", "name", "start", "end", "after", "duration", "deadline"],
                    required: ["id", "name"])
            else { continue }
            let phaseID = id(phase["id"], "phase id")
            let name = reader.string(phase["name"], "phase name")
            let after = phase["after"].flatMap { dependency($0, "phase after") }
            let duration = phase["duration"].flatMap { lag($0, "phase duration") }
            let deadline = phase["deadline"].flatMap { plannedDate($0, "phase deadline") }
            if let phaseID {
                ids.claim(phaseID, at: reader.location(of: phase["id"]), &reader)
                declaredPhases.append(phaseID)
            }
            if phase["after"] != nil {
                if phase["start"] != nil {
                    reader.report(phase["start"], "a phase has either start or after, not both; remove one")
                    continue
                }
                if phase["duration"] == nil {
                    reader.report(item, "a phase with after needs a duration, e.g. \"duration: 4w\"")
                    continue
                }
                guard let phaseID, let name, let after, let duration else { continue }
                phases.append(
                    Phase(
                        id: phaseID, name: name, dates: Self.undated, after: after, duration: duration,
                        deadline: deadline, location: phase.location))
                continue
            }
            guard phase["start"] != nil, phase["end"] != nil else {
                reader.report(item, "a phase needs start and end (or after and duration)")
                continue
            }
            let start = period(phase["start"], "phase start")
            let end = period(phase["end"], "phase end")
            guard let phaseID, let name, let start, let end else { continue }
            guard let dates = PlannedDate(from: start, to: end) else {
                reader.report(
                    phase["end"],
                    "phase \"\(phaseID)\" ends (\(end)) before it starts (\(start)); swap them or fix the date")
                continue
            }
            phases.append(
                Phase(id: phaseID, name: name, dates: dates, deadline: deadline, location: phase.location))
        }
        var milestones: [Milestone] = []
        for item in reader.sequence(fields["milestones"], "timeline.milestones") {
            guard
                let milestone = reader.fields(
                    item, "a milestone", allowed: ["id", "name", "date", "phase", "after", "deadline"],
                    required: ["id", "name"])
            else { continue }
            let milestoneID = id(milestone["id"], "milestone id")
            let name = reader.string(milestone["name"], "milestone name")
            let after = milestone["after"].flatMap { dependency($0, "milestone after") }
            let deadline = milestone["deadline"].flatMap { plannedDate($0, "milestone deadline") }
            if (milestone["date"] == nil) == (milestone["after"] == nil) {
                reader.report(
                    item,
                    "a milestone has a date or an after (e.g. \"after: {id: input-closes, lag: 2w}\"), one of them")
                continue
            }
            let date = milestone["date"] == nil ? Self.undated : plannedDate(milestone["date"], "milestone date")
            let phaseRef = reader.string(milestone["phase"], "milestone phase")
            if let milestoneID { ids.claim(milestoneID, at: reader.location(of: milestone["id"]), &reader) }
            guard let milestoneID, let name, let date else { continue }
            if milestone["after"] != nil, after == nil { continue }
            if let phaseRef {
                if let phase = phases.first(where: { $0.id == phaseRef }) {
                    if after == nil, date.first < phase.dates.first || date.last > phase.dates.last {
                        reader.report(
                            milestone["date"],
                            "milestone \"\(milestoneID)\" (\(date.spelledOut)) falls outside its phase \"\(phaseRef)\" (\(phase.dates.spelledOut))"
                        )
                    }
                } else if !declaredPhases.contains(phaseRef) {
                    reader.report(
                        milestone["phase"],
                        "unknown phase \"\(phaseRef)\"\(Suggestion.didYouMean(phaseRef, in: phases.map(\.id)))")
                }
            }
            milestones.append(
                Milestone(
                    id: milestoneID, name: name, date: date, phase: phaseRef, after: after, deadline: deadline,
                    location: milestone.location))
        }
        return (phases, milestones)
    }

    // MARK: approvals

    /// `approvals: {announcements: N, releases: N, allow_override: bool}`; absent, nothing needs approval.
    mutating func approvals(_ node: Node) -> ApprovalRules {
        var rules = ApprovalRules()
        guard
            let fields = reader.fields(node, "approvals", allowed: ["announcements", "releases", "allow_override"])
        else { return rules }
        if let count = reader.integer(fields["announcements"], "approvals.announcements", in: 0...20) {
            rules.announcements = count
        }
        if let count = reader.integer(fields["releases"], "approvals.releases", in: 0...20) { rules.releases = count }
        if let allow = reader.boolean(fields["allow_override"], "approvals.allow_override") {
            rules.allowOverride = allow
        }
        return rules
    }

    // MARK: pilot

    mutating func pilot(_ node: Node) -> PilotRules {
        var rules = PilotRules()
        guard
            let fields = reader.fields(
                node, "pilot", allowed: ["capacity", "nda_required", "offer_hours", "public_session_links", "signup"])
        else {
            return rules
        }
        if let open = reader.boolean(fields["public_session_links"], "pilot.public_session_links") {
            rules.publicSessionLinks = open
        }
        if let capacity = reader.integer(fields["capacity"], "pilot.capacity", in: 1...10_000) {
            rules.capacity = capacity
        }
        if let required = reader.boolean(fields["nda_required"], "pilot.nda_required") { rules.ndaRequired = required }
        if let hours = reader.integer(fields["offer_hours"], "pilot.offer_hours", in: 1...24 * 90) {
            rules.offerHours = hours
        }
        if let node = fields["signup"] { rules.signup = signup(node, ndaRequired: rules.ndaRequired) }
        return rules
    }

    /// `pilot.signup`: `section` (required), and `template` with its `fields` (Cohort's field →
    /// the template's parameter; `available`, and `nda` when the NDA is required, must be named).
    mutating func signup(_ node: Node, ndaRequired: Bool) -> TalkSignupRules? {
        guard
            let fields = reader.fields(
                node, "pilot.signup", allowed: ["section", "template", "fields"], required: ["section"])
        else { return nil }
        let section = reader.string(fields["section"], "pilot.signup.section")
        let template = reader.string(fields["template"], "pilot.signup.template").map {
            $0.hasPrefix("Template:") ? String($0.dropFirst("Template:".count)) : $0
        }
        var mapping: [String: String] = [:]
        if let node = fields["fields"] {
            if fields["template"] == nil {
                reader.report(
                    node,
                    "pilot.signup.fields names a template's parameters; name the template in pilot.signup.template")
            }
            if let entries = reader.fields(node, "pilot.signup.fields", allowed: TalkSignupRules.fieldNames) {
                var used: [String: String] = [:]
                for name in TalkSignupRules.fieldNames {
                    guard let value = entries[name],
                        let parameter = reader.string(value, "pilot.signup.fields.\(name)")
                    else { continue }
                    if parameter.isEmpty || parameter.contains(where: { "|={}[]".contains($0) }) {
                        reader.report(
                            value,
                            "pilot.signup.fields.\(name): \"\(parameter)\" is not a template parameter; write the parameter's name, like \(name)"
                        )
                    } else if let other = used[parameter] {
                        reader.report(
                            value,
                            "pilot.signup.fields.\(name): the parameter \"\(parameter)\" is \(other)'s already; give each field its own parameter"
                        )
                    } else {
                        used[parameter] = name
                        mapping[name] = parameter
                    }
                }
                if template != nil {
                    for name in ["available"] + (ndaRequired ? ["nda"] : []) where entries[name] == nil {
                        reader.report(
                            node,
                            "pilot.signup.fields lacks \"\(name)\"; name the template's parameter that answers it")
                    }
                }
            }
        } else if let template {
            reader.report(
                fields["template"],
                "pilot.signup.template \"\(template)\" needs pilot.signup.fields: map available\(ndaRequired ? ", nda" : "") and use_case to its parameters"
            )
        }
        guard let section else { return nil }
        return TalkSignupRules(section: section, template: template, fields: template == nil ? [:] : mapping)
    }

    // MARK: onboarding

    /// `onboarding:` — the stages in order (each with an optional name and checklist of items due
    /// a lag after the stage is entered) and `reminder_interval`. Absent, the plan's defaults apply.
    mutating func onboarding(_ node: Node) -> OnboardingRules {
        var rules = OnboardingRules()
        guard let fields = reader.fields(node, "onboarding", allowed: ["stages", "reminder_interval"]) else {
            return rules
        }
        if let intervalNode = fields["reminder_interval"] {
            if let interval = lag(intervalNode, "onboarding.reminder_interval") { rules.reminderInterval = interval }
        }
        guard fields["stages"] != nil else { return rules }
        var stageIDs = UniqueIDs(kind: "stage id")
        var itemIDs = UniqueIDs(kind: "checklist item id")
        var stages: [OnboardingStage] = []
        for item in reader.sequence(fields["stages"], "onboarding.stages") {
            guard
                let stage = reader.fields(item, "a stage", allowed: ["id", "name", "checklist"], required: ["id"])
            else { continue }
            let stageID = id(stage["id"], "stage id")
            let name = stage["name"].flatMap { reader.string($0, "stage name") }
            if let stageID { stageIDs.claim(stageID, at: reader.location(of: stage["id"]), &reader) }
            var checklist: [ChecklistItem] = []
            for entry in reader.sequence(stage["checklist"], "stage checklist") {
                guard
                    let fields = reader.fields(
                        entry, "a checklist item", allowed: ["id", "name", "due"], required: ["id", "name", "due"])
                else { continue }
                let itemID = id(fields["id"], "checklist item id")
                let itemName = reader.string(fields["name"], "checklist item name")
                let due = fields["due"].flatMap { lag($0, "checklist item due") }
                if let itemID { itemIDs.claim(itemID, at: reader.location(of: fields["id"]), &reader) }
                if let itemID, let itemName, let due {
                    checklist.append(ChecklistItem(id: itemID, name: itemName, due: due))
                }
            }
            if let stageID { stages.append(OnboardingStage(id: stageID, name: name, checklist: checklist)) }
        }
        if stages.isEmpty {
            reader.report(
                fields["stages"], "onboarding.stages lists no stages; list them in order, e.g. \"- id: invited\"")
        } else {
            rules.stages = stages
        }
        return rules
    }

    /// Every `onboarded: STAGE` gate must name a stage of the onboarding.
    mutating func checkOnboardedGates(_ waves: [ReleaseWave], stages: [String]) {
        for wave in waves {
            for case .onboarded(let stage) in wave.gates where !stages.contains(stage) {
                reader.report(
                    wave.location ?? SourceLocation(file: reader.file),
                    "wave \"\(wave.id)\": onboarded gate names unknown stage \"\(stage)\"\(Suggestion.didYouMean(stage, in: stages)); stages: \(stages.joined(separator: ", "))"
                )
            }
        }
    }

    // MARK: release

    mutating func release(_ node: Node) -> [ReleaseWave] {
        guard let fields = reader.fields(node, "release", allowed: ["waves", "updates_list"]) else { return [] }
        var ids = UniqueIDs(kind: "wave id")
        var waves: [ReleaseWave] = []
        var references: [(wave: String, node: Node)] = []
        for item in reader.sequence(fields["waves"], "release.waves") {
            guard
                let wave = reader.fields(
                    item, "a release wave",
                    allowed: ["id", "name", "audience", "date", "previous_date", "gates", "deadline"],
                    required: ["id", "name", "audience"])
            else { continue }
            let waveID = id(wave["id"], "wave id")
            let name = reader.string(wave["name"], "wave name")
            let audience = reader.string(wave["audience"], "wave audience")
            let date = wave["date"].flatMap { plannedDate($0, "wave date") }
            let previous = wave["previous_date"].flatMap { plannedDate($0, "wave previous_date") }
            let deadline = wave["deadline"].flatMap { plannedDate($0, "wave deadline") }
            if let waveID { ids.claim(waveID, at: reader.location(of: wave["id"]), &reader) }
            var gates: [Gate] = []
            for gateNode in reader.sequence(wave["gates"], "wave gates") {
                if let (gate, reference) = self.gate(gateNode, wave: waveID) {
                    gates.append(gate)
                    if let reference { references.append(reference) }
                }
            }
            guard let waveID, let name, let audience else { continue }
            var declared = ReleaseWave(
                id: waveID, name: name, audience: audience, date: date, previousDate: previous, gates: gates,
                location: wave.location)
            declared.deadline = deadline
            waves.append(declared)
        }
        let known = waves.map(\.id)
        for (reference, node) in references where !known.contains(reference) {
            reader.report(node, "unknown wave \"\(reference)\"\(Suggestion.didYouMean(reference, in: known))")
        }
        return waves
    }

    /// `release.updates_list`, with where it is written (checked against the mail lists later).
    mutating func updatesList(_ node: Node) -> (String, Node)? {
        guard let value = node.mapping?.first(where: { $0.key.string == "updates_list" })?.value else { return nil }
        return reader.string(value, "release.updates_list").map { ($0, value) }
    }

    /// One gate, and the wave it refers to (for `after`), checked once all waves are known.
    mutating func gate(_ node: Node, wave: String?) -> (Gate, (String, Node)?)? {
        guard case .mapping(let mapping) = node, mapping.count == 1, let (keyNode, value) = mapping.first,
            let kind = keyNode.scalar?.string
        else {
            reader.report(
                node,
                "a gate is one key and its value, e.g. \"- not_before: 2022-05\"; keys: \(Gate.kinds.joined(separator: ", "))"
            )
            return nil
        }
        switch kind {
        case "not_before":
            return plannedDate(value, "not_before").map { (.notBefore($0), nil) }
        case "after":
            guard let fields = reader.fields(value, "the after gate", allowed: ["wave", "lag"], required: ["wave"])
            else {
                return nil
            }
            let other = reader.string(fields["wave"], "after.wave")
            var lag = Lag(days: 0)
            if let lagNode = fields["lag"], let text = reader.string(lagNode, "after.lag") {
                guard let parsed = Lag(text) else {
                    reader.report(
                        lagNode, "lag \"\(text)\" is not a number of days or weeks; write it like \"14d\" or \"2w\"")
                    return nil
                }
                lag = parsed
            }
            guard let other, let otherNode = fields["wave"] else { return nil }
            if other == wave {
                reader.report(otherNode, "wave \"\(other)\" cannot wait for itself")
                return nil
            }
            return (.after(wave: other, lag: lag), (other, otherNode))
        case "nda":
            guard reader.string(value, "nda") == "signed" else {
                reader.report(value, "the nda gate takes one value: \"signed\"")
                return nil
            }
            return (.ndaSigned, nil)
        case "onboarded":
            return id(value, "onboarded stage").map { (.onboarded(stage: $0), nil) }
        case "approval":
            return reader.string(value, "approval").map { (.approval(by: $0), nil) }
        default:
            reader.report(keyNode, "unknown gate \"\(kind)\"\(Suggestion.didYouMean(kind, in: Gate.kinds))")
            return nil
        }
    }

    // MARK: channels

    mutating func channels(_ node: Node) -> Channels {
        var channels = Channels()
        guard let fields = reader.fields(node, "channels", allowed: ["meta", "blog", "mail"] + pluginChannels)
        else { return channels }
        if let meta = fields["meta"],
            let section = reader.fields(
                meta, "channels.meta",
                allowed: [
                    "api", "page", "talk", "questions", "staff", "hide_templates", "working_days", "holidays",
                    "answer_period",
                ],
                required: ["api", "page"])
        {
            let api = url(section["api"], "channels.meta.api")
            let page = reader.string(section["page"], "channels.meta.page")
            if let api, let page {
                var channel = MetaChannel(api: api, page: page)
                if let talk = reader.string(section["talk"], "channels.meta.talk") { channel.talk = talk }
                if let questions = reader.string(section["questions"], "channels.meta.questions") {
                    channel.questions = questions
                }
                channel.staff = reader.sequence(section["staff"], "channels.meta.staff").compactMap {
                    reader.string($0, "channels.meta.staff")
                }
                channel.hideTemplates = reader.sequence(section["hide_templates"], "channels.meta.hide_templates")
                    .compactMap { reader.string($0, "channels.meta.hide_templates") }
                answerDays(section, into: &channel)
                channels.meta = channel
            }
        }
        if let blog = fields["blog"],
            let section = reader.fields(blog, "channels.blog", allowed: ["site"], required: ["site"])
        {
            if let site = url(section["site"], "channels.blog.site") { channels.blog = BlogChannel(site: site) }
        }
        if let mail = fields["mail"] {
            channels.mail = self.mail(mail)
        }
        for name in pluginChannels {
            if let node = fields[name], let section = section(node, "channels.\(name)") {
                channels.sections[name] = section
            }
        }
        return channels
    }

    /// A plug-in channel's section: a mapping of keys to text, each kept with where it stands.
    mutating func section(_ node: Node, _ context: String) -> ChannelSection? {
        guard case .mapping(let mapping) = node else {
            reader.report(node, "\(context) must be a mapping of keys to values, not \(reader.describe(node))")
            return nil
        }
        var section = ChannelSection(location: reader.location(of: node))
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                reader.report(keyNode, "keys in \(context) must be plain words")
                continue
            }
            if let text = reader.string(value, "\(context).\(key)") {
                section.values[key] = ChannelSection.Value(
                    text: text, location: reader.location(of: value), keyLocation: reader.location(of: keyNode))
            }
        }
        return section
    }

    mutating func mail(_ node: Node) -> MailChannel? {
        guard
            let fields = reader.fields(
                node, "channels.mail", allowed: ["from", "reply_to", "lists", "smtp", "unsubscribe_url"],
                required: ["from"])
        else { return nil }
        let from = fields["from"].flatMap { person($0, "channels.mail.from") }
        let replyTo = fields["reply_to"].flatMap { email($0, "channels.mail.reply_to") }
        var ids = UniqueIDs(kind: "list id")
        var lists: [MailingList] = []
        for item in reader.sequence(fields["lists"], "channels.mail.lists") {
            guard
                let list = reader.fields(
                    item, "a mailing list", allowed: ["id", "address", "name"], required: ["id", "address"])
            else { continue }
            let listID = id(list["id"], "list id")
            let address = email(list["address"], "list address")
            let name = reader.string(list["name"], "list name")
            if let listID { ids.claim(listID, at: reader.location(of: list["id"]), &reader) }
            if let listID, let address { lists.append(MailingList(id: listID, address: address, name: name)) }
        }
        var smtpURL: URL?
        var security = SMTPSecurity.required
        if let smtp = fields["smtp"],
            let section = reader.fields(smtp, "channels.mail.smtp", allowed: ["url", "use_tls"], required: ["url"])
        {
            smtpURL = url(section["url"], "channels.mail.smtp.url", schemes: ["smtp", "smtps"])
            if let node = section["use_tls"], let text = reader.string(node, "channels.mail.smtp.use_tls") {
                if let value = SMTPSecurity(rawValue: text) {
                    security = value
                } else {
                    let names = SMTPSecurity.allCases.map(\.rawValue)
                    reader.report(
                        node,
                        "use_tls \"\(text)\" is not one of \(names.joined(separator: ", "))\(Suggestion.didYouMean(text, in: names))"
                    )
                }
            }
        }
        let unsubscribe = fields["unsubscribe_url"].flatMap { url($0, "channels.mail.unsubscribe_url") }
        guard let from else { return nil }
        var channel = MailChannel(
            from: from, replyTo: replyTo, lists: lists, smtpURL: smtpURL, unsubscribeURL: unsubscribe)
        channel.smtpSecurity = security
        return channel
    }

    // MARK: feedback

    mutating func feedback(_ node: Node) -> [Judge] {
        guard let fields = reader.fields(node, "feedback", allowed: ["judges"], required: ["judges"]) else { return [] }
        var ids = UniqueIDs(kind: "judge id")
        var judges: [Judge] = []
        let items = reader.sequence(fields["judges"], "feedback.judges")
        for item in items {
            guard let judge = reader.fields(item, "a judge", allowed: ["id", "name"], required: ["id", "name"]) else {
                continue
            }
            let judgeID = id(judge["id"], "judge id")
            let name = reader.string(judge["name"], "judge name")
            if let judgeID { ids.claim(judgeID, at: reader.location(of: judge["id"]), &reader) }
            if let judgeID, let name { judges.append(Judge(id: judgeID, name: name)) }
        }
        if items.count < 2 {
            reader.report(
                fields["judges"] ?? node, "feedback is coded by two judges; list at least two under feedback.judges")
        }
        return judges
    }

    // MARK: scalars

    /// The placeholder date of a relative item until the timeline is scheduled.
    static let undated = PlannedDate(DatePeriod(day: CivilDate(daysSinceEpoch: 0)))

    /// `after: ID` or `after: {id: ID, lag: 2w}`.
    mutating func dependency(_ node: Node, _ what: String) -> Dependency? {
        if node.scalar != nil {
            return id(node, "\(what) id").map { Dependency(id: $0, location: reader.location(of: node)) }
        }
        guard let fields = reader.fields(node, what, allowed: ["id", "lag"], required: ["id"]) else { return nil }
        let target = id(fields["id"], "\(what) id")
        let lag = fields["lag"].map { self.lag($0, "\(what) lag") } ?? Lag(days: 0)
        guard let target, let lag else { return nil }
        return Dependency(id: target, lag: lag, location: reader.location(of: fields["id"]))
    }

    mutating func lag(_ node: Node, _ what: String) -> Lag? {
        guard let text = reader.string(node, what) else { return nil }
        guard let lag = Lag(text) else {
            reader.report(node, "\(what) \"\(text)\" is not a number of days or weeks; write it like \"14d\" or \"2w\"")
            return nil
        }
        return lag
    }

    mutating func id(_ node: Node?, _ what: String) -> String? {
        guard let node, let text = reader.string(node, what) else { return nil }
        guard text.wholeMatch(of: Self.idPattern) != nil else {
            let fixed = text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
            reader.report(
                node,
                "\(what) \"\(text)\" may hold only lowercase letters, digits and hyphens (e.g. \"\(String(fixed))\")")
            return nil
        }
        return text
    }

    mutating func email(_ node: Node?, _ what: String) -> String? {
        guard let node, let text = reader.string(node, what) else { return nil }
        guard text.wholeMatch(of: Self.emailPattern) != nil else {
            reader.report(node, "\(what) \"\(text)\" is not a mail address like name@example.org")
            return nil
        }
        return text
    }

    mutating func url(_ node: Node?, _ what: String, schemes: [String] = ["https", "http"]) -> URL? {
        guard let node, let text = reader.string(node, what) else { return nil }
        let relay = schemes.contains("smtp")
        if let problem = WebLink.problem(
            text, schemes: schemes.filter { $0 != "http" },
            loginGoes: relay ? WebLink.smtpLoginGoes : "in the environment")
        {
            reader.report(node, "\(what) \(problem)")
            return nil
        }
        return URL(string: text)
    }

    mutating func timeZone(_ node: Node?, _ what: String) -> TimeZone? {
        guard let node, let text = reader.string(node, what) else { return nil }
        guard TimeZoneNames.isKnown(text), let zone = TimeZone(identifier: text) else {
            reader.report(
                node, "unknown time zone \"\(text)\"" + TimeZoneNames.hint(text))
            return nil
        }
        return zone
    }

    mutating func period(_ node: Node?, _ what: String) -> DatePeriod? {
        guard let node, let text = reader.string(node, what) else { return nil }
        guard let period = DatePeriod(text) else {
            reader.report(
                node,
                DatePeriod.isOutOfRange(text)
                    ? "\(what) \"\(text)\" lies outside \(CivilDate.supportedYearsText); write a date within them"
                    : "\(what) \"\(text)\" is not a date; write 2022-02-14, 2022-02, 2022-Q2 or 2022-H2")
            return nil
        }
        return period
    }

    mutating func plannedDate(_ node: Node?, _ what: String) -> PlannedDate? {
        guard let node, let text = reader.string(node, what) else { return nil }
        switch PlannedDate.parse(text) {
        case .success(let date):
            return date
        case .failure(.endsBeforeItStarts):
            reader.report(node, "\(what) \"\(text)\" ends before it starts; write the earlier date first")
        case .failure(.outOfRange):
            reader.report(
                node, "\(what) \"\(text)\" lies outside \(CivilDate.supportedYearsText); write a date within them")
        case .failure(.malformed):
            reader.report(
                node,
                "\(what) \"\(text)\" is not a date; write 2022-02-14, 2022-02, 2022-Q2, 2022-H2 or a window like 2022-05/2022-06"
            )
        }
        return nil
    }
}

/// Ids must be unique within their kind; the second use is reported with where the first one is.
private struct UniqueIDs {
    let kind: String
    var seen: [String: SourceLocation] = [:]

    mutating func claim(_ id: String, at location: SourceLocation, _ reader: inout YAMLReader) {
        if let first = seen[id] {
            reader.report(
                location, "duplicate \(kind) \"\(id)\" (first used at line \(first.line)); ids must be unique")
        } else {
            seen[id] = location
        }
    }
}

extension Decoding {
    /// `channels.meta.working_days` (weekday names), `.holidays` (dates, or an `.ics` file) and
    /// `.answer_period` (a phase or milestone id, or a window of dates).
    mutating func answerDays(_ section: YAMLReader.Fields, into channel: inout MetaChannel) {
        if let node = section["working_days"] {
            var days: Set<Int> = []
            for entry in reader.sequence(node, "channels.meta.working_days") {
                guard let name = reader.string(entry, "channels.meta.working_days") else { continue }
                guard let day = WorkingCalendar.weekdayNames[name.lowercased()] else {
                    reader.report(
                        entry,
                        "\"\(name)\" is not a weekday\(Suggestion.didYouMean(name.lowercased(), in: Array(WorkingCalendar.weekdayNames.keys.sorted()))); write monday … sunday"
                    )
                    continue
                }
                days.insert(day)
            }
            if !days.isEmpty { channel.workingDays = days }
        }
        if let node = section["holidays"] {
            if case .scalar = node {
                if let path = reader.string(node, "channels.meta.holidays") {
                    if path.lowercased().hasSuffix(".ics") {
                        channel.holidayCalendar = path
                    } else {
                        reader.report(
                            node, "channels.meta.holidays is a list of dates or an .ics file, not \"\(path)\"")
                    }
                }
            } else {
                for entry in reader.sequence(node, "channels.meta.holidays") {
                    guard let text = reader.string(entry, "channels.meta.holidays") else { continue }
                    guard let day = CivilDate(iso: text) else {
                        reader.report(entry, "\"\(text)\" is not a date; write it like 2022-02-21")
                        continue
                    }
                    channel.holidays.append(day)
                }
            }
        }
        if let period = reader.string(section["answer_period"], "channels.meta.answer_period") {
            channel.answerPeriod = period
        }
    }
}
