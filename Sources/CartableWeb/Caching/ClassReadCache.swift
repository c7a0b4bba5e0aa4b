import CartableCore
import CartableStore
import Foundation
import Metrics

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

    private struct ListKey: Hashable, Sendable {
        var schoolID: School.ID
        var classID: SchoolClass.ID
        var kind: DateKind
        var lowerBound: LocalDate
        var upperBound: LocalDate
    }

    private struct Versioned<Value: Sendable>: Sendable {
        var schoolID: School.ID
        var classID: SchoolClass.ID
        var version: Int64
        var value: Value
    }

    /// An entry's assignment (if any) and documents.
    struct Extras: Sendable {
        var assignment: Assignment?
        var documents: [Document]
    }

    /// One ``BoundedCache`` per kind, each with `capacity` values at most (oldest out first) kept
    /// `lifetime` at most even if its class is unchanged: what a value shows of other things (a
    /// teacher's or a class's name) is never older than that, as with ``PageCache``.
    private let lists: BoundedCache<ListKey, Versioned<[NotebookEntry]>>
    private let entries: BoundedCache<NotebookEntry.ID, Versioned<NotebookEntry>>
    private let extras: BoundedCache<NotebookEntry.ID, Versioned<Extras>>

    /// Creates the cache: `capacity` values of each kind at most, each kept `lifetime` seconds at most on `clock`.
    init(capacity: Int = 50_000, lifetime: TimeInterval = 60, clock: any WallClock) {
        lists = BoundedCache(capacity: capacity, lifetime: lifetime, clock: clock)
        entries = BoundedCache(capacity: capacity, lifetime: lifetime, clock: clock)
        extras = BoundedCache(capacity: capacity, lifetime: lifetime, clock: clock)
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
            if let cached = lists.value(forKey: key), cached.version == version {
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
            for (classID, version) in missing {
                let key = ListKey(schoolID: schoolID, classID: classID, kind: kind, lowerBound: range.lowerBound, upperBound: range.upperBound)
                lists.store(Versioned(schoolID: schoolID, classID: classID, version: version, value: byClass[classID] ?? []), forKey: key)
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
        let known = entries.value(forKey: id)
        if let known, known.schoolID == schoolID, known.version == versions.version(of: ContentVersions.scope(of: known.classID)) {
            Observability.classCacheHits.increment()
            return known.value
        }
        Observability.classCacheMisses.increment()
        // The version of the class it was in when last seen; a first read is not kept until the next.
        let before = known.map { versions.version(of: ContentVersions.scope(of: $0.classID)) }
        let entry = try await storage.notebook.entry(id, in: schoolID)
        guard let entry else {
            // Gone (or never in this school: then what is kept for its own school stays).
            if known?.schoolID == schoolID { entries.removeValue(forKey: id) }
            return nil
        }
        // Kept with the version noted before the read when the class is the same, else with an
        // impossible one, so that the next read notes the right class's version first.
        let version = known?.classID == entry.classID ? (before ?? -1) : -1
        entries.store(Versioned(schoolID: schoolID, classID: entry.classID, version: version, value: entry), forKey: id)
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
            if let cached = extras.value(forKey: entry.id), cached.schoolID == schoolID, cached.classID == entry.classID,
                cached.version == version
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
        for (id, noted) in missing {
            let found = Extras(assignment: assignments[id], documents: documents[id] ?? [])
            extras.store(Versioned(schoolID: schoolID, classID: noted.classID, version: noted.version, value: found), forKey: id)
            result[id] = found
        }
        return result
    }
}
