import CartableCore

/// Assignments kept in memory, each with the version of its class's content when it was read: a
/// draft save (every few seconds per pupil at 9:00) then costs no read. An entry is used only while
/// its class's version is unchanged (``ContentVersions``: at once for this node's writes, within the
/// poll for other nodes'), the freshness the class's pages have.
///
/// The class of an assignment never changes, so it is learnt on the first read; the version is
/// noted *before* the next read, so that a change committed meanwhile makes the entry stale, never
/// the other way round.
final class AssignmentCache: Sendable {
    private struct Entry: Sendable {
        var classID: SchoolClass.ID
        var schoolID: School.ID
        /// The assignment and the class version noted before it was read; `nil` until then.
        var cached: (assignment: Assignment, version: Int64)?
    }

    /// `capacity` entries at most, oldest out first; no lifetime: an entry is checked by its class's version.
    private let entries: BoundedCache<Assignment.ID, Entry>

    /// Creates the cache, `capacity` entries at most.
    init(capacity: Int = 100_000) {
        entries = BoundedCache(capacity: capacity)
    }

    /// The assignment if it is cached and its class unchanged since.
    func assignment(_ id: Assignment.ID, in schoolID: School.ID, versions: ContentVersions) -> Assignment? {
        guard let entry = entries.value(forKey: id), entry.schoolID == schoolID, let cached = entry.cached else { return nil }
        guard versions.version(of: ContentVersions.scope(of: entry.classID)) == cached.version else { return nil }
        return cached.assignment
    }

    /// The version to note before reading `id` from the database, if its class is known.
    func versionBeforeReading(_ id: Assignment.ID, versions: ContentVersions) -> Int64? {
        entries.value(forKey: id).map { versions.version(of: ContentVersions.scope(of: $0.classID)) }
    }

    /// Records what a read found: `assignment` read after noting `version` (nil if the class was unknown then).
    func record(_ id: Assignment.ID, found assignment: Assignment?, versionBefore version: Int64?) {
        guard let assignment else {
            entries.removeValue(forKey: id)
            return
        }
        entries.store(Entry(classID: assignment.classID, schoolID: assignment.schoolID, cached: version.map { (assignment, $0) }), forKey: id)
    }
}
