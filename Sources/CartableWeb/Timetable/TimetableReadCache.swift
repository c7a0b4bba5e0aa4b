import CartableCore
import CartableStore
import Foundation
import Metrics

/// Timetable slices kept in memory per version of what they show, so that at 9:00 the pupils of a class
/// (who share its courses) cost one read of the timetable between them, as the notebook's ``ClassReadCache`` does.
///
/// A slice is keyed by the classes (or teacher) and the days asked, and kept with the versions of their
/// timetables and of the school year noted *before* the read: a change committed meanwhile makes it stale,
/// never wrong. At most `capacity` slices (oldest out first), each kept `lifetime` at most (names shown).
final class TimetableReadCache: Sendable {
    private struct Key: Hashable, Sendable {
        var schoolID: School.ID
        var classIDs: [SchoolClass.ID]
        var teacherID: User.ID?
        var range: ClosedRange<LocalDate>
    }

    private struct Versioned: Sendable {
        var versions: [Int64]
        var slice: TimetableSlice
    }

    private let slices: BoundedCache<Key, Versioned>

    /// Creates the cache: `capacity` slices at most, each kept `lifetime` seconds at most on `clock`.
    init(capacity: Int = 20_000, lifetime: TimeInterval = 60, clock: any WallClock) {
        slices = BoundedCache(capacity: capacity, lifetime: lifetime, clock: clock)
    }

    /// The slice of `classIDs` (and `teacherID`'s courses) over `range`, from memory when nothing it shows changed.
    func timetable(
        ofClasses classIDs: Set<SchoolClass.ID>, teacher teacherID: User.ID?, in schoolID: School.ID, range: ClosedRange<LocalDate>,
        storage: Storage
    ) async throws -> TimetableSlice {
        let key = Key(schoolID: schoolID, classIDs: classIDs.sorted(), teacherID: teacherID, range: range)
        var scopes = key.classIDs.map(ContentVersions.scope(ofTimetable:)) + [ContentVersions.scope(ofSchoolYear: schoolID)]
        if let teacherID { scopes.append(ContentVersions.scope(ofTeacherTimetable: teacherID)) }
        let versions = scopes.map { storage.versions.version(of: $0) }
        if let cached = slices.value(forKey: key), cached.versions == versions {
            Observability.classCacheHits.increment()
            return cached.slice
        }
        Observability.classCacheMisses.increment()
        let slice = try await storage.timetable.timetable(ofClasses: classIDs, teacher: teacherID, in: schoolID, range: range)
        slices.store(Versioned(versions: versions, slice: slice), forKey: key)
        return slice
    }
}
