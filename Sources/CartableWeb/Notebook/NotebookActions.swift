import CartableCore
import CartableStore
import Foundation

/// What pages and the API both do with the notebook: policy first, then the store.
///
/// Unknown ids and ids the viewer may not touch throw ``NotFound``; bad content throws
/// ``ValidationError`` with every problem; nothing is written unless everything holds.
struct NotebookActions: Sendable {
    let services: AppServices

    /// Most classes one entry may be posted to at once.
    static let maximumClasses = 30

    /// Loads a class the viewer may read, or throws ``NotFound``.
    func readableClass(_ id: SchoolClass.ID, viewer: Viewer) async throws -> SchoolClass {
        guard let schoolClass = try await services.storage.schools.schoolClass(id, in: viewer.schoolID),
            services.policy.allows(viewer, .readNotebook(classID: id, schoolID: schoolClass.schoolID))
        else { throw NotFound() }
        return schoolClass
    }

    /// Loads an entry the viewer may read, or throws ``NotFound``.
    func readableEntry(_ id: NotebookEntry.ID, viewer: Viewer) async throws -> NotebookEntry {
        try await entry(id, viewer: viewer, allowing: AccessPolicy.Action.readEntry, fromMemory: true)
    }

    /// Loads an entry the viewer may change, or throws ``NotFound``.
    func editableEntry(_ id: NotebookEntry.ID, viewer: Viewer) async throws -> NotebookEntry {
        try await entry(id, viewer: viewer, allowing: AccessPolicy.Action.editEntry)
    }

    /// Reading an entry may use the class's cache; changing one always reads the database.
    private func entry(
        _ id: NotebookEntry.ID, viewer: Viewer, allowing action: (NotebookEntry) -> AccessPolicy.Action, fromMemory: Bool = false
    ) async throws -> NotebookEntry {
        guard
            let entry =
                try await fromMemory
                ? services.classReads.entry(id, in: viewer.schoolID, storage: services.storage)
                : services.storage.notebook.entry(id, in: viewer.schoolID),
            services.policy.allows(viewer, action(entry))
        else { throw NotFound() }
        return entry
    }

    /// The pupil whose work the viewer is looking at: `rawID` if given (and allowed), else themself or
    /// their first child. `nil` for a guardian with no child linked.
    func followedPupil(_ rawID: String?, viewer: Viewer) throws -> Viewer.Child? {
        let pupils = services.policy.followedPupils(viewer)
        guard let rawID, !rawID.isEmpty else { return pupils.first }
        guard let id = User.ID(validating: rawID), services.policy.allows(viewer, .followPupil(id)),
            let child = pupils.first(where: { $0.pupil.id == id })
        else { throw NotFound() }
        return child
    }

    /// The classes the viewer may post to, in the school's order (empty for anyone but a teacher).
    func postableClasses(viewer: Viewer) async throws -> [SchoolClass] {
        try await services.storage.schools.classes(in: viewer.schoolID).filter {
            services.policy.allows(viewer, .postToClass(classID: $0.id, schoolID: $0.schoolID))
        }
    }

    /// Posts one entry to every class in `rawClassIDs`; a viewer who may post nowhere gets ``NotFound``.
    func createEntries(rawClassIDs: [String], input: EntryInput, viewer: Viewer) async throws -> [NotebookEntry] {
        guard services.policy.allows(viewer, .writeSomeNotebook) else { throw NotFound() }
        var issues: [FieldIssue] = []
        var seen: Set<String> = []
        let uniqueIDs = rawClassIDs.filter { !$0.isEmpty && seen.insert($0).inserted }
        if uniqueIDs.isEmpty {
            issues.append(FieldIssue(field: "classID", problem: .required))
        } else if uniqueIDs.count > Self.maximumClasses {
            issues.append(FieldIssue(field: "classID", problem: .tooMany(max: Self.maximumClasses)))
        }
        var classes: [SchoolClass] = []
        for rawID in uniqueIDs.prefix(Self.maximumClasses) {
            guard let id = SchoolClass.ID(validating: rawID),
                let schoolClass = try await services.storage.schools.schoolClass(id, in: viewer.schoolID),
                services.policy.allows(viewer, .postToClass(classID: id, schoolID: schoolClass.schoolID))
            else { throw NotFound() }
            classes.append(schoolClass)
        }
        var content: EntryContent?
        do {
            content = try input.validated(today: services.today(for: viewer))
        } catch {
            issues.append(contentsOf: error.issues)
        }
        if let content,
            classes.contains(where: {
                !services.policy.allows(viewer, .writeNotebook(classID: $0.id, subject: content.subject, schoolID: $0.schoolID))
            })
        {
            issues.append(FieldIssue(field: "subject", problem: .subjectNotTaught))
        }
        guard issues.isEmpty, let content else { throw ValidationError(Self.ordered(issues)) }

        let now = services.clock.now()
        let entries = classes.map { schoolClass in
            NotebookEntry(
                id: .make(using: services.identifiers), schoolID: viewer.schoolID, classID: schoolClass.id, teacherID: viewer.user.id,
                content: content, createdAt: now, updatedAt: now, teacherName: viewer.user.displayName, className: schoolClass.name)
        }
        try await services.storage.notebook.createEntries(entries)
        return entries
    }

    /// Replaces the content of `entry`, which the caller loaded with ``editableEntry(_:viewer:)``.
    func updateEntry(_ entry: NotebookEntry, input: EntryInput, viewer: Viewer) async throws -> NotebookEntry {
        let content: EntryContent
        do {
            content = try input.validated(today: services.today(for: viewer))
        } catch {
            throw ValidationError(Self.ordered(error.issues))
        }
        if !content.hasWork, try await !services.storage.assignments.assignments(forEntries: [entry.id], in: viewer.schoolID).isEmpty {
            // Pupils hand this work in: it cannot disappear from under them.
            throw ValidationError([FieldIssue(field: "work", problem: .required)])
        }
        if content.subject != entry.content.subject
            && !services.policy.allows(viewer, .writeNotebook(classID: entry.classID, subject: content.subject, schoolID: entry.schoolID))
        {
            throw ValidationError([FieldIssue(field: "subject", problem: .subjectNotTaught)])
        }
        guard let updated = try await services.storage.notebook.updateEntry(entry.id, in: viewer.schoolID, content: content, at: services.clock.now())
        else { throw NotFound() }
        return updated
    }

    /// Deletes an entry the viewer may change; returns it as it was.
    func deleteEntry(_ id: NotebookEntry.ID, viewer: Viewer) async throws -> NotebookEntry {
        let entry = try await editableEntry(id, viewer: viewer)
        guard try await services.storage.notebook.deleteEntry(entry.id, in: viewer.schoolID, at: services.clock.now()) else { throw NotFound() }
        // (The store refuses with ``Conflict`` when pupils have started the entry's work.)
        return entry
    }

    /// The work due for `pupil` from today over the page's horizon.
    func dueWork(for pupil: Viewer.Child, viewer: Viewer) async throws -> DueWork {
        let today = services.today(for: viewer)
        let entries = try await services.classReads.entries(
            of: pupil.classIDs, in: viewer.schoolID, kind: .due, range: DueWork.dueRange(from: today), storage: services.storage)
        return DueWork(entries: entries, today: today)
    }

    /// Assignments, the pupil's submissions and attached documents for a set of cards.
    func cardExtras(for entries: [NotebookEntry], pupilID: User.ID?, viewer: Viewer) async throws -> CardExtras {
        guard !entries.isEmpty else { return CardExtras(heads: services.cardHeads, now: services.clock.now()) }
        let shared = try await services.classReads.extras(of: entries, in: viewer.schoolID, storage: services.storage)
        let assignments = shared.compactMapValues(\.assignment)
        var submissions: [Assignment.ID: Submission] = [:]
        if let pupilID, !assignments.isEmpty {
            submissions = try await services.storage.assignments.submissions(
                of: pupilID, to: Set(assignments.values.map(\.id)), in: viewer.schoolID)
        }
        let documents = shared.mapValues(\.documents).filter { !$0.value.isEmpty }
        return CardExtras(
            heads: services.cardHeads, assignments: assignments, submissions: submissions, documents: documents, pupilID: pupilID,
            isGuardian: viewer.role == .guardian,
            now: services.clock.now())
    }

    static let fieldOrder = ["classID", "subject", "sessionDate", "done", "work", "dueDate", "estimatedMinutes", "links"]

    /// Issues in the order of the form's fields.
    static func ordered(_ issues: [FieldIssue]) -> [FieldIssue] {
        issues.enumerated().sorted { lhs, rhs in
            let left = fieldOrder.firstIndex(of: lhs.element.field) ?? fieldOrder.count
            let right = fieldOrder.firstIndex(of: rhs.element.field) ?? fieldOrder.count
            return (left, lhs.offset) < (right, rhs.offset)
        }.map(\.element)
    }
}
