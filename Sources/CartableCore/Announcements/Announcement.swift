import Foundation

/// Who an announcement is for.
public struct AnnouncementAudience: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// The pupils.
    public static let pupils = AnnouncementAudience(rawValue: 1)
    /// Their guardians.
    public static let guardians = AnnouncementAudience(rawValue: 2)
}

/// Staff's word to the school, or a teacher's to their classes, shown for a while, maybe to be acknowledged.
public struct Announcement: Hashable, Sendable, Identifiable {
    /// Its identifier.
    public typealias ID = Identifier<Announcement>

    public var id: ID
    public var schoolID: School.ID
    public var authorID: User.ID
    public var title: String
    public var body: String
    /// Pupils, guardians, or both.
    public var audience: AnnouncementAudience
    /// The classes it is for; empty: the whole school (staff only).
    public var classIDs: Set<SchoolClass.ID>
    /// When it starts to be shown.
    public var visibleFrom: Date
    /// When it stops being shown.
    public var visibleUntil: Date
    /// Whether each reader (each child, for guardians) says "j'ai lu".
    public var needsAck: Bool
    public var createdAt: Date

    public init(
        id: ID, schoolID: School.ID, authorID: User.ID, title: String, body: String, audience: AnnouncementAudience, classIDs: Set<SchoolClass.ID>,
        visibleFrom: Date, visibleUntil: Date, needsAck: Bool, createdAt: Date
    ) {
        self.id = id
        self.schoolID = schoolID
        self.authorID = authorID
        self.title = title
        self.body = body
        self.audience = audience
        self.classIDs = classIDs
        self.visibleFrom = visibleFrom
        self.visibleUntil = visibleUntil
        self.needsAck = needsAck
        self.createdAt = createdAt
    }

    /// Whether it is shown at `now`.
    public func isVisible(at now: Date) -> Bool { visibleFrom <= now && now < visibleUntil }

    /// Whether `pupilClasses` (a pupil's classes) are among those it is for.
    public func concerns(classes pupilClasses: Set<SchoolClass.ID>) -> Bool {
        classIDs.isEmpty || !classIDs.isDisjoint(with: pupilClasses)
    }
}

/// An urgent line at the top of every page of a school (or of every school), until its end.
public struct Banner: Hashable, Sendable, Identifiable {
    public typealias ID = Identifier<Banner>

    public var id: ID
    /// Its school, `nil` for every school of the platform.
    public var schoolID: School.ID?
    public var text: String
    public var startsAt: Date
    public var endsAt: Date
    /// Who wrote it (`nil`: the operator).
    public var createdBy: User.ID?

    public init(id: ID, schoolID: School.ID?, text: String, startsAt: Date, endsAt: Date, createdBy: User.ID?) {
        self.id = id
        self.schoolID = schoolID
        self.text = text
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
    }

    public func isShown(at now: Date) -> Bool { startsAt <= now && now < endsAt }
}

/// An announcement as its author types it.
public struct AnnouncementInput: Sendable, Hashable {
    public var title: String?
    public var body: String?
    public var toPupils: Bool
    public var toGuardians: Bool
    /// Class ids; none: the whole school.
    public var classIDs: [String]
    /// The first day shown, `YYYY-MM-DD` (empty: today).
    public var from: String?
    /// The last day shown, `YYYY-MM-DD`.
    public var until: String?
    public var needsAck: Bool

    public init(
        title: String? = nil, body: String? = nil, toPupils: Bool = false, toGuardians: Bool = false, classIDs: [String] = [], from: String? = nil,
        until: String? = nil, needsAck: Bool = false
    ) {
        self.title = title
        self.body = body
        self.toPupils = toPupils
        self.toGuardians = toGuardians
        self.classIDs = classIDs
        self.from = from
        self.until = until
        self.needsAck = needsAck
    }

    public enum Limits {
        public static let title = 150
        public static let body = 5_000
        /// The longest an announcement stays, in days.
        public static let days = 120
    }

    /// What a checked announcement says.
    public struct Checked: Sendable, Hashable {
        public var title: String
        public var body: String
        public var audience: AnnouncementAudience
        public var classIDs: Set<SchoolClass.ID>
        public var from: LocalDate
        public var until: LocalDate
        public var needsAck: Bool
    }

    /// Checks the input; throws every problem at once. `schoolClasses` are the classes of the school.
    public func validated(schoolClasses: Set<SchoolClass.ID>, today: LocalDate) throws(ValidationError) -> Checked {
        var issues: [FieldIssue] = []
        let title = TextRules.clean(title)
        if title.isEmpty { issues.append(.init(field: "title", problem: .required)) }
        if title.count > Limits.title { issues.append(.init(field: "title", problem: .tooLong(max: Limits.title))) }
        let body = TextRules.clean(body, multiline: true)
        if body.isEmpty { issues.append(.init(field: "body", problem: .required)) }
        if body.count > Limits.body { issues.append(.init(field: "body", problem: .tooLong(max: Limits.body))) }
        var audience: AnnouncementAudience = []
        if toPupils { audience.insert(.pupils) }
        if toGuardians { audience.insert(.guardians) }
        if audience.isEmpty { issues.append(.init(field: "audience", problem: .required)) }
        var classes: Set<SchoolClass.ID> = []
        for raw in classIDs where !TextRules.clean(raw).isEmpty {
            guard let id = SchoolClass.ID(validating: TextRules.clean(raw)), schoolClasses.contains(id) else {
                issues.append(.init(field: "classes", problem: .invalidChoice))
                break
            }
            classes.insert(id)
        }
        func day(_ field: String, _ text: String?, default value: LocalDate?) -> LocalDate? {
            let clean = TextRules.clean(text)
            if clean.isEmpty {
                if value == nil { issues.append(.init(field: field, problem: .required)) }
                return value
            }
            guard let parsed = LocalDate(iso: clean) else {
                issues.append(.init(field: field, problem: .invalidDate))
                return nil
            }
            if parsed < today.adding(days: -1) || parsed > today.adding(days: 365) {
                issues.append(.init(field: field, problem: .dateOutOfRange))
                return nil
            }
            return parsed
        }
        let first = day("from", from, default: today)
        let last = day("until", until, default: nil)
        if let first, let last {
            if last < first {
                issues.append(.init(field: "until", problem: .endBeforeStart))
            } else if first.days(until: last) >= Limits.days {
                issues.append(.init(field: "until", problem: .notInRange(min: 1, max: Limits.days)))
            }
        }
        guard issues.isEmpty, let first, let last else { throw ValidationError(issues) }
        return Checked(title: title, body: body, audience: audience, classIDs: classes, from: first, until: last, needsAck: needsAck)
    }
}

/// An urgent banner as staff type it.
public struct BannerInput: Sendable, Hashable {
    public var text: String?
    /// How long it stays, in minutes.
    public var minutes: String?

    public init(text: String? = nil, minutes: String? = nil) {
        self.text = text
        self.minutes = minutes
    }

    public enum Limits {
        public static let text = 200
        /// The longest a banner stays: a day and a half.
        public static let minutes = 36 * 60
    }

    /// The text and how long it stays.
    public func validated() throws(ValidationError) -> (text: String, minutes: Int) {
        var issues: [FieldIssue] = []
        let text = TextRules.clean(text)
        if text.isEmpty { issues.append(.init(field: "text", problem: .required)) }
        if text.count > Limits.text { issues.append(.init(field: "text", problem: .tooLong(max: Limits.text))) }
        let minutes = Int(TextRules.clean(minutes))
        if minutes == nil || !(5...Limits.minutes).contains(minutes ?? 0) {
            issues.append(.init(field: "minutes", problem: .notInRange(min: 5, max: Limits.minutes)))
        }
        guard issues.isEmpty, let minutes else { throw ValidationError(issues) }
        return (text, minutes)
    }
}

/// What the access policy decides about announcements and banners (one part of ``AccessPolicy/Action``).
public enum AnnouncementsAccess: Sendable, Hashable {
    /// Publish to `classIDs` (none: the whole school): staff, or a teacher to classes they teach.
    case announce(classIDs: Set<SchoolClass.ID>, schoolID: School.ID)
    /// Read an announcement: its audience (pupils of its classes, their guardians), its author, staff.
    case read(Announcement)
    /// Say "j'ai lu" for `pupilID`: the pupil (if pupils are in the audience), a guardian of the pupil (if guardians are).
    case acknowledge(Announcement, pupilID: User.ID)
    /// See who read it and remind the others: its author, staff.
    case follow(Announcement)
    /// Put up or take down an urgent banner for the school: staff.
    case banner(schoolID: School.ID)
}

extension AccessPolicy.Action {
    public static func announce(classIDs: Set<SchoolClass.ID>, schoolID: School.ID) -> Self {
        .announcements(.announce(classIDs: classIDs, schoolID: schoolID))
    }
    public static func readAnnouncement(_ announcement: Announcement) -> Self { .announcements(.read(announcement)) }
    public static func acknowledge(_ announcement: Announcement, pupilID: User.ID) -> Self {
        .announcements(.acknowledge(announcement, pupilID: pupilID))
    }
    public static func followAnnouncement(_ announcement: Announcement) -> Self { .announcements(.follow(announcement)) }
    public static func putBanner(schoolID: School.ID) -> Self { .announcements(.banner(schoolID: schoolID)) }
}

extension AccessPolicy {
    func allows(_ viewer: Viewer, announcements action: AnnouncementsAccess) -> Bool {
        switch action {
        case .announce(let classIDs, let schoolID):
            guard schoolID == viewer.schoolID else { return false }
            switch viewer.role {
            case .staff: return true
            case .teacher: return !classIDs.isEmpty && classIDs.isSubset(of: viewer.taughtClassIDs)
            case .pupil, .guardian: return false
            }
        case .read(let announcement):
            guard announcement.schoolID == viewer.schoolID else { return false }
            if announcement.authorID == viewer.user.id { return true }
            switch viewer.role {
            case .staff: return true
            case .teacher: return !announcement.classIDs.isEmpty && !announcement.classIDs.isDisjoint(with: viewer.taughtClassIDs)
            case .pupil: return announcement.audience.contains(.pupils) && announcement.concerns(classes: viewer.classIDs)
            case .guardian:
                return announcement.audience.contains(.guardians) && viewer.children.contains { announcement.concerns(classes: $0.classIDs) }
            }
        case .acknowledge(let announcement, let pupilID):
            guard announcement.schoolID == viewer.schoolID, announcement.needsAck else { return false }
            switch viewer.role {
            case .pupil:
                return viewer.user.id == pupilID && announcement.audience.contains(.pupils) && announcement.concerns(classes: viewer.classIDs)
            case .guardian:
                guard announcement.audience.contains(.guardians), let child = viewer.children.first(where: { $0.pupil.id == pupilID }) else { return false }
                return announcement.concerns(classes: child.classIDs)
            case .teacher, .staff: return false
            }
        case .follow(let announcement):
            return announcement.schoolID == viewer.schoolID && (announcement.authorID == viewer.user.id || viewer.role == .staff)
        case .banner(let schoolID):
            return schoolID == viewer.schoolID && viewer.role == .staff
        }
    }
}
