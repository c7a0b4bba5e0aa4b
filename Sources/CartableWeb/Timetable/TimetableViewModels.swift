import CartableCore
import CartableStore
import Foundation

/// One course in a day's list, as *Aujourd'hui* and the week show it: its time, subject, teachers and
/// room, and what changed, said as a change of that course ("salle B12 au lieu de A03", "annulé").
struct CourseRowModel: Hashable, Sendable {
    var time: String
    var subject: String
    var detail: String?
    var changes: [String]
    var hasChanges: Bool
    var isCancelled: Bool
    var note: String?
    /// Staff's form for this occurrence, when the reader may change it.
    var editHref: String?
    /// *Rejoindre* (or *Démarrer la classe* for its teacher), while the live class is open and the reader may join.
    var join: Link?
    /// The teacher's form for how the course happens.
    var liveHref: String?
    /// The roll, for its teacher, from the day of the course.
    var rollHref: String?

    struct Link: Hashable, Sendable {
        var href: String
        var label: String
    }

    /// What the reader may do with each occurrence online: join it now, choose how it happens.
    struct LiveLinks: Sendable {
        var join: @Sendable (CourseOccurrence) -> Link?
        var live: @Sendable (CourseOccurrence) -> String?
        var roll: @Sendable (CourseOccurrence) -> String? = { _ in nil }
        static let none = LiveLinks(join: { _ in nil }, live: { _ in nil })
    }

    /// - Parameter showClass: the class's name goes in the detail (a teacher's week), instead of the teachers.
    init(_ occurrence: CourseOccurrence, slice: TimetableSlice, showClass: Bool, canEdit: Bool = false, links: LiveLinks = .none, t: Localizer) {
        editHref = canEdit ? Route.occurrence(occurrence.course.id, occurrence.plannedDate).href : nil
        let isOnline = !occurrence.isCancelled && slice.mode(of: occurrence).isOnline
        join = isOnline ? links.join(occurrence) : nil
        liveHref = occurrence.isCancelled ? nil : links.live(occurrence)
        rollHref = occurrence.isCancelled ? nil : links.roll(occurrence)
        let course = occurrence.course
        time = t("courseTime", ["start": occurrence.start.text, "end": occurrence.end.text])
        subject = course.subject
        let who =
            showClass ? (slice.classNames[course.classID] ?? "") : occurrence.teacherIDs.map { t.personName(slice.teacherNames[$0]) }.joined(separator: ", ")
        // A course of a day declared remote happens at home: its room does not matter that day.
        let isRemote = !isOnline && slice.remoteDay(of: occurrence) != nil
        let room =
            isOnline ? t("courseOnline") : isRemote ? t("courseRemote") : occurrence.room.isEmpty ? nil : t("courseRoom", ["room": occurrence.room])
        let detail = [who, room].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
        self.detail = detail.isEmpty ? nil : detail
        var changes: [String] = []
        if occurrence.isCancelled {
            changes.append(t("courseCancelled"))
        } else {
            if course.isExtra { changes.append(t("courseExtra")) }
            if occurrence.isMoved {
                if occurrence.date == occurrence.plannedDate {
                    changes.append(t("courseMovedAt", ["time": occurrence.start.text]))
                } else {
                    changes.append(t("courseMovedFrom", ["date": t.day(occurrence.plannedDate), "time": course.start.text]))
                }
            }
            if occurrence.isRoomChanged && !isOnline && !isRemote {
                changes.append(
                    course.room.isEmpty
                        ? t("courseRoom", ["room": occurrence.room]) : t("courseRoomChanged", ["room": occurrence.room, "before": course.room]))
            }
            if occurrence.isReplaced {
                changes.append(t("courseReplaced", ["name": occurrence.teacherIDs.map { t.personName(slice.teacherNames[$0]) }.joined(separator: ", ")]))
            }
        }
        self.changes = changes
        hasChanges = !changes.isEmpty
        isCancelled = occurrence.isCancelled
        note = occurrence.change.flatMap { $0.note.isEmpty ? nil : $0.note }
    }

    /// The rows of `day`, in order.
    static func rows(
        on day: LocalDate, of occurrences: [CourseOccurrence], slice: TimetableSlice, showClass: Bool, canEdit: Bool = false,
        links: LiveLinks = .none, t: Localizer
    ) -> [Self] {
        occurrences.filter { $0.date == day }.map { Self($0, slice: slice, showClass: showClass, canEdit: canEdit, links: links, t: t) }
    }
}

/// Course rows rendered once per content and language and shared by everyone who sees a course the same way (the
/// pupils of a class at 9:00, its guardians): the day's courses on *Aujourd'hui* and a week cost a lookup, not a render
/// (rendering through Mustache, which reads each model by reflection, was most of the page's cost). Keyed by what the
/// row shows, so a row is never stale; at most `capacity` rows, oldest out first.
final class CourseRows: Sendable {
    private struct Key: Hashable, Sendable {
        var row: CourseRowModel
        var language: Language
    }

    private let views: ViewRenderer
    private let rows: BoundedCache<Key, String>

    /// Creates the cache, rendering with `views`.
    init(views: ViewRenderer, capacity: Int = 50_000) {
        self.views = views
        self.rows = BoundedCache(capacity: capacity)
    }

    /// How many rows are kept.
    var count: Int { rows.count }

    /// The HTML of `models`, one `<li>` each, in order.
    func html(_ models: [CourseRowModel], t: Localizer) -> String {
        var html = ""
        for model in models {
            let key = Key(row: model, language: t.language)
            if let row = rows.value(forKey: key) {
                html += row
            } else {
                let row = views.renderFragment(.courseRow, content: model, localizer: t)
                rows.store(row, forKey: key)
                html += row
            }
        }
        return html
    }
}

extension Localizer {
    /// A teacher's name (a timetable's, an entry's), or "a former teacher" once their account was purged (it has no name left).
    func personName(_ name: String?) -> String {
        let name = (name ?? "").trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? self("formerTeacher") : name
    }
}
