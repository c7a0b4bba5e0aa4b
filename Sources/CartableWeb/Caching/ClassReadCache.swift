import CartableCore
import CartableStore
import Metrics
import Synchronization

/// What the notebook's pages read about a class — its entries for a range of days, each entry, and
/// each entry's assignment and documents — kept in memory per version of the class
/// (``ContentVersions``). At 9:00 the 600 pupils of a collège open the same few classes' pages for
/// the first time: the first reads the database, the 599 others read memory. Only what is a
/// pupil's own (their submissions) is read for each of them.
///
/// A value is kept with the class version noted *before* it was read, so a change committed
/// meanwhile makes it stale, never the reverse; another node's change reaches this node's versions
/// within a second (``ContentVersionsPoller``), the freshness the pages already have.
final class ClassReadCache: Sendable {
    /// Which dates a list of entries is chosen by.
    enum DateKind: Sendable, Hashable {
        case session
        case due
    }

    private struct ListKey: Hashable {
        var schoolID: School.ID
        var classID: SchoolClass.ID
        var kind: DateKind
        var lowerBound: LocalDate
        var upperBound: LocalDate
    }

    private struct Versioned<Value> {
        var schoolID: School.ID
        var classID: SchoolClass.ID
        var version: Int64
        var value: Value
        var storedAt = ContinuousClock.now
    }

    /// An entry's assignment (if any) and documents.
    struct Extras: Sendable {
        var assignment: Assignment?
        var documents: [Document]
    }

    private struct State {
        var lists: [ListKey: Versioned<[NotebookEntry]>] = [:]
        var entries: [NotebookEntry.ID: Versioned<NotebookEntry>] = [:]
        var extras: [NotebookEntry.ID: Versioned<Extras>] = [:]
    }

    /// Values of each kind at most; past it that kind starts again empty.
    let capacity: Int
    /// How long a value is used at most, even if its class is unchanged: what it shows of other
    /// things (a teacher's or a class's name) is never older than that, as with ``PageCache``.
    let lifetime: Duration
    private let state = Mutex(State())

    init(capacity: Int = 50_000, lifetime: Duration = .seconds(60)) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    private func isFresh<Value>(_ value: Versioned<Value>, version: Int64) -> Bool {
        value.version == version && ContinuousClock.now - value.storedAt < lifetime
    }

    /// The entries of `classIDs` whose `kind` date falls in `range`, ordered by that date, subject,
    /// creation and id; read from `storage` only for classes not cached at their current version.
    func entries(
        of classIDs: Set<SchoolClass.ID>, in schoolID: School.ID, kind: DateKind, range: ClosedRange<LocalDate>, storage: Storage
    ) async throws -> [NotebookEntry] {
        let versions = storage.versions
        var found: [NotebookEntry] = []
        var missing: [SchoolClass.ID: Int64] = [:]
        for classID in classIDs {
            let version = versions.version(of: ContentVersions.scope(of: classID))
            let key = ListKey(schoolID: schoolID, classID: classID, kind: kind, lowerBound: range.lowerBound, upperBound: range.upperBound)
            if let cached = state.withLock({ $0.lists[key] }), isFresh(cached, version: version) {
                Observability.classCacheHits.increment()
                found.append(contentsOf: cached.value)
            } else {
                missing[classID] = version
            }
        }
        if !missing.isEmpty {
            Observability.classCacheMisses.increment(by: Int64(missing.count))
            let read: [NotebookEntry] =
                switch kind {
                case .session: try await storage.notebook.entries(of: Set(missing.keys), in: schoolID, sessionDates: range)
                case .due: try await storage.notebook.entries(of: Set(missing.keys), in: schoolID, dueDates: range)
                }
            let byClass = Dictionary(grouping: read, by: \.classID)
            state.withLock { state in
                if state.lists.count + missing.count > capacity { state.lists.removeAll(keepingCapacity: true) }
                for (classID, version) in missing {
                    let key = ListKey(
                        schoolID: schoolID, classID: classID, kind: kind, lowerBound: range.lowerBound, upperBound: range.upperBound)
                    state.lists[key] = Versioned(schoolID: schoolID, classID: classID, version: version, value: byClass[classID] ?? [])
                }
            }
            found.append(contentsOf: read)
        }
        return found.sorted { lhs, rhs in
            let left = kind == .session ? lhs.content.sessionDate : lhs.content.dueDate
            let right = kind == .session ? rhs.content.sessionDate : rhs.content.dueDate
            if left != right { return (left ?? lhs.content.sessionDate) < (right ?? rhs.content.sessionDate) }
            if lhs.content.subject != rhs.content.subject { return lhs.content.subject < rhs.content.subject }
            if lhs.createdAt != rhs.createdAt { return lhs.createdAt < rhs.createdAt }
            return lhs.id < rhs.id
        }
    }

    /// One entry, from memory if its class is unchanged since it was read.
    func entry(_ id: NotebookEntry.ID, in schoolID: School.ID, storage: Storage) async throws -> NotebookEntry? {
        let versions = storage.versions
        let known = state.withLock { $0.entries[id] }
        if let known, known.schoolID == schoolID, isFresh(known, version: versions.version(of: ContentVersions.scope(of: known.classID))) {
            Observability.classCacheHits.increment()
            return known.value
        }
        Observability.classCacheMisses.increment()
        // The version of the class it was in when last seen; a first read is not kept until the next.
        let before = known.map { versions.version(of: ContentVersions.scope(of: $0.classID)) }
        let entry = try await storage.notebook.entry(id, in: schoolID)
        state.withLock { state in
            guard let entry else {
                // Gone (or never in this school: then what is kept for its own school stays).
                if known?.schoolID == schoolID { state.entries[id] = nil }
                return
            }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            // Kept with the version noted before the read when the class is the same, else with an
            // impossible one, so that the next read notes the right class's version first.
            let version = known?.classID == entry.classID ? (before ?? -1) : -1
            state.entries[id] = Versioned(schoolID: schoolID, classID: entry.classID, version: version, value: entry)
        }
        return entry
    }

    /// The assignments and documents of `entries`, read from `storage` only for entries whose class
    /// changed since they were cached.
    func extras(of entries: [NotebookEntry], in schoolID: School.ID, storage: Storage) async throws -> [NotebookEntry.ID: Extras] {
        let versions = storage.versions
        var result: [NotebookEntry.ID: Extras] = [:]
        var missing: [NotebookEntry.ID: (classID: SchoolClass.ID, version: Int64)] = [:]
        for entry in entries {
            let version = versions.version(of: ContentVersions.scope(of: entry.classID))
            if let cached = state.withLock({ $0.extras[entry.id] }), cached.schoolID == schoolID, cached.classID == entry.classID,
                isFresh(cached, version: version)
            {
                result[entry.id] = cached.value
            } else {
                missing[entry.id] = (entry.classID, version)
            }
        }
        guard !missing.isEmpty else {
            Observability.classCacheHits.increment()
            return result
        }
        Observability.classCacheMisses.increment()
        let ids = Set(missing.keys)
        let assignments = try await storage.assignments.assignments(forEntries: ids, in: schoolID)
        var documents: [NotebookEntry.ID: [Document]] = [:]
        for document in try await storage.documents.documents(ofEntries: ids, in: schoolID) {
            if let entryID = document.entryID { documents[entryID, default: []].append(document) }
        }
        state.withLock { state in
            if state.extras.count + missing.count > capacity { state.extras.removeAll(keepingCapacity: true) }
            for (id, noted) in missing {
                let extras = Extras(assignment: assignments[id], documents: documents[id] ?? [])
                state.extras[id] = Versioned(schoolID: schoolID, classID: noted.classID, version: noted.version, value: extras)
                result[id] = extras
            }
        }
        return result
    }
}
