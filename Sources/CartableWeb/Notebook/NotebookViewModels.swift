import CartableCore
import Foundation

/// One entry as a card on *Aujourd'hui* or in a week of the notebook.
struct EntryCardModel {
    /// The card's HTML up to the work badge: the same for every reader of the entry, so rendered
    /// once per content and language (``CardHeads``) and shared by all the pupils of the class.
    var head: String
    var href: String
    /// Work to hand in, with where it stands for the pupil.
    var workBadge: AssignmentBadge?

    /// A card; `forToday` leaves out what was done in class and the due date (the page groups by it).
    init(_ entry: NotebookEntry, forToday: Bool, extras: CardExtras, t: Localizer) {
        head = extras.heads.html(for: entry, documents: extras.documents[entry.id] ?? [], forToday: forToday, t: t)
        href = Route.entry(entry.id).href
        workBadge = extras.badge(for: entry, t: t)
    }
}

/// What a card shows of its entry, the same for every reader.
struct EntryCardHead {
    var subject: String
    var teacherName: String
    var className: String
    var minutes: String?
    var dueLabel: String?
    var done: String?
    var work: String?
    var showWorkHeading: Bool
    var links: [EntryLink]
    var hasLinks: Bool
    /// Documents attached to the entry (kept for offline reading).
    var documents: [FileRow]
    var hasDocuments: Bool

    init(_ entry: NotebookEntry, documents: [Document], forToday: Bool, t: Localizer) {
        let content = entry.content
        subject = content.subject
        teacherName = t.teacherName(entry)
        className = entry.className
        minutes = content.estimatedMinutes.map { t("minutes", ["count": String($0)]) }
        dueLabel = forToday ? nil : content.dueDate.map { t("dueLabel", ["date": t.day($0)]) }
        done = forToday || content.done.isEmpty ? nil : content.done
        work = content.work.isEmpty ? nil : content.work
        showWorkHeading = !forToday
        links = content.links
        hasLinks = !content.links.isEmpty
        self.documents = FileRow.documents(documents, canDelete: false, t: t)
        hasDocuments = !self.documents.isEmpty
    }
}

/// Cards' heads rendered once per content (the entry as read, its documents, the kind of page, the
/// language) and kept in memory: at 9:00 a class's 30 pupils, and a collège's 600, open the same
/// few entries for the first time, and rendering each card for each of them was the largest part of
/// a first page view. Keyed by the content itself, so a change to the entry or its documents is a
/// new key, never a stale card.
final class CardHeads: Sendable {
    private struct Key: Hashable, Sendable {
        var entry: NotebookEntry
        var documents: [Document.ID]
        var forToday: Bool
        var language: Language
    }

    private let views: ViewRenderer
    /// `capacity` cards at most, oldest out first; no lifetime: the key is the content, so a card is never stale.
    private let cards: BoundedCache<Key, String>

    /// Creates the cache, rendering with `views`, `capacity` cards at most.
    init(views: ViewRenderer, capacity: Int = 20_000) {
        self.views = views
        self.cards = BoundedCache(capacity: capacity)
    }

    /// How many heads are kept.
    var count: Int { cards.count }

    /// The card's head for `entry` with `documents`.
    func html(for entry: NotebookEntry, documents: [Document], forToday: Bool, t: Localizer) -> String {
        let key = Key(entry: entry, documents: documents.map(\.id), forToday: forToday, language: t.language)
        if let html = cards.value(forKey: key) { return html }
        let html = views.renderFragment(.entryCardHead, content: EntryCardHead(entry, documents: documents, forToday: forToday, t: t), localizer: t)
        cards.store(html, forKey: key)
        return html
    }
}

/// A link to work to hand in, with its state ("Rendu", "Brouillon"…).
struct AssignmentBadge {
    var label: String
    var tone: String
    var href: String
    var action: String
}

extension AssignmentBadge {
    /// Where a followed pupil's work stands, linking to their work page (or, for a guardian, to the child's submission).
    init(
        assignment: Assignment, pupilID: User.ID, submission: Submission?, isGuardian: Bool, now: Date, action: String,
        labelPrefix: String? = nil, t: Localizer
    ) {
        let state = AssignmentState(submission: submission, assignment: assignment, now: now, t: t)
        self.init(
            label: labelPrefix.map { "\($0) · \(state.label)" } ?? state.label, tone: state.tone,
            href: isGuardian ? Route.submission(assignment.id, pupil: pupilID).href : Route.work(assignment.id).href, action: action)
    }

    /// The teacher's link to everyone's hand-ins.
    static func submissions(of assignment: Assignment, t: Localizer) -> AssignmentBadge {
        AssignmentBadge(label: dueWords(assignment, t: t), tone: "todo", href: Route.work(assignment.id).href, action: t("seeSubmissions"))
    }
}

/// What cards show beyond the entry: assignments, the followed pupil's submissions, attached documents.
struct CardExtras {
    /// Where the cards' shared parts are rendered and kept.
    var heads: CardHeads
    var assignments: [NotebookEntry.ID: Assignment] = [:]
    var submissions: [Assignment.ID: Submission] = [:]
    var documents: [NotebookEntry.ID: [Document]] = [:]
    /// The pupil whose state is shown (nil for teachers and staff).
    var pupilID: User.ID?
    var isGuardian = false
    /// The request's instant (from the injected clock): what is late is late by it.
    var now: Date

    func badge(for entry: NotebookEntry, t: Localizer) -> AssignmentBadge? {
        guard let assignment = assignments[entry.id] else { return nil }
        guard let pupilID else { return .submissions(of: assignment, t: t) }
        return AssignmentBadge(
            assignment: assignment, pupilID: pupilID, submission: submissions[assignment.id], isGuardian: isGuardian, now: now,
            action: isGuardian ? t("seeWork") : "\(t("doTheWork")) · \(assignment.settings.dueTime)", t: t)
    }
}

/// A day heading with its cards.
struct DayModel {
    var heading: String
    var entries: [EntryCardModel]
}

/// A guardian's tab for one child.
struct ChildTab {
    var name: String
    var href: String
    var isCurrent: Bool

    /// One tab per child for a guardian (none for anyone else), each linking to `route` for that child.
    static func tabs(for viewer: Viewer, current: Viewer.Child, route: (User.ID) -> Route) -> [ChildTab] {
        guard viewer.role == .guardian else { return [] }
        return viewer.children.map {
            ChildTab(name: $0.pupil.firstName, href: route($0.pupil.id).href, isCurrent: $0.pupil.id == current.pupil.id)
        }
    }
}

extension String {
    /// The string with its first letter in upper case ("lundi" → "Lundi").
    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}

extension Localizer {
    /// The teacher's name on an entry, or "a former teacher" once their account was purged (it has no name left).
    func teacherName(_ entry: NotebookEntry) -> String {
        personName(entry.teacherName)
    }
}
