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

    /// Which live classes of a day are open at one minute, for the versions of what decides it.
    private struct OpenMarker: Sendable {
        var versions: [Int64]
        var minute: Int
        var marker: String
    }

    private let slices: BoundedCache<Key, Versioned>
    private let markers: BoundedCache<Key, OpenMarker>

    /// Creates the cache: `capacity` slices at most, each kept `lifetime` seconds at most on `clock`.
    init(capacity: Int = 20_000, lifetime: TimeInterval = 60, clock: any WallClock) {
        slices = BoundedCache(capacity: capacity, lifetime: lifetime, clock: clock)
        markers = BoundedCache(capacity: capacity, lifetime: lifetime, clock: clock)
    }

    /// The versions a slice of `key` depends on, noted before any read.
    private func versions(of key: Key, storage: Storage) -> [Int64] {
        var scopes = key.classIDs.map(ContentVersions.scope(ofTimetable:)) + [ContentVersions.scope(ofSchoolYear: key.schoolID)]
        if let teacherID = key.teacherID { scopes.append(ContentVersions.scope(ofTeacherTimetable: teacherID)) }
        return scopes.map { storage.versions.version(of: $0) }
    }

    /// Which live classes of `classIDs` on `day` are open at `now` (see ``LiveClassActions/openMarker(of:slice:day:now:zone:)``),
    /// worked out once per minute and version: a revalidated *Aujourd'hui* (a 304) then costs a lookup, not the day's
    /// occurrences.
    func openMarker(
        ofClasses classIDs: Set<SchoolClass.ID>, in schoolID: School.ID, day: LocalDate, now: Date, zone: TimeZone, storage: Storage
    ) async throws -> String {
        let key = Key(schoolID: schoolID, classIDs: classIDs.sorted(), teacherID: nil, range: day...day)
        let versions = versions(of: key, storage: storage)
        let minute = TimeOfDay.minute(of: now, in: zone)
        if let memo = markers.value(forKey: key), memo.versions == versions, memo.minute == minute { return memo.marker }
        let slice = try await timetable(ofClasses: classIDs, teacher: nil, in: schoolID, range: day...day, storage: storage)
        let marker = LiveClassActions.openMarker(of: slice.occurrences(in: day...day), slice: slice, day: day, now: now, zone: zone)
        markers.store(OpenMarker(versions: versions, minute: minute, marker: marker), forKey: key)
        return marker
    }

    /// The slice of `classIDs` (and `teacherID`'s courses) over `range`, from memory when nothing it shows changed.
    func timetable(
        ofClasses classIDs: Set<SchoolClass.ID>, teacher teacherID: User.ID?, in schoolID: School.ID, range: ClosedRange<LocalDate>,
        storage: Storage
    ) async throws -> TimetableSlice {
        let key = Key(schoolID: schoolID, classIDs: classIDs.sorted(), teacherID: teacherID, range: range)
        let versions = versions(of: key, storage: storage)
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
