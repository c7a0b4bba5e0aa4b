import Foundation

/// A school's messaging settings, with the platform's switch.
public struct MessagingSettings: Hashable, Sendable {
    /// Whether pupils may write to their classmates (the default of the most used French ENT: yes).
    public var pupilsWritePupils: Bool
    /// The school's switch: only staff may send (what the ministry asked for in March 2024).
    public var staffOnly: Bool
    /// The platform operator's switch, for every school at once.
    public var platformStaffOnly: Bool

    /// Creates settings; the defaults are a school's before it changed anything.
    public init(pupilsWritePupils: Bool = true, staffOnly: Bool = false, platformStaffOnly: Bool = false) {
        self.pupilsWritePupils = pupilsWritePupils
        self.staffOnly = staffOnly
        self.platformStaffOnly = platformStaffOnly
    }

    /// Whether sending is restricted to staff, by the school or by the platform.
    public var isRestrictedToStaff: Bool { staffOnly || platformStaffOnly }
}

/// What the reach rules need to know about a possible recipient: who they are and where they belong.
public struct MessagingContact: Hashable, Sendable {
    /// The account.
    public var user: User
    /// A pupil's classes and groups; a guardian's children's; a teacher's taught classes; empty for staff.
    public var classIDs: Set<SchoolClass.ID>
    /// A pupil's guardians; a guardian's children. Empty otherwise.
    public var relatedIDs: Set<User.ID>
    /// Whether the person has ever signed in (if not, they will not read the message).
    public var hasSignedIn: Bool

    /// Creates a contact.
    public init(user: User, classIDs: Set<SchoolClass.ID> = [], relatedIDs: Set<User.ID> = [], hasSignedIn: Bool = true) {
        self.user = user
        self.classIDs = classIDs
        self.relatedIDs = relatedIDs
        self.hasSignedIn = hasSignedIn
    }
}

/// A ready-made list of recipients.
public enum RecipientList: Hashable, Sendable {
    /// The pupils of a class or group.
    case pupils(of: SchoolClass.ID)
    /// The guardians of a class's or group's pupils.
    case guardians(of: SchoolClass.ID)
    /// The teachers of a class or group.
    case teachers(of: SchoolClass.ID)
    /// Everyone of the school: staff only.
    case wholeSchool

    /// Its form value: `pupils:<class>`, `guardians:<class>`, `teachers:<class>`, `school`.
    public var key: String {
        switch self {
        case .pupils(let id): "pupils:\(id)"
        case .guardians(let id): "guardians:\(id)"
        case .teachers(let id): "teachers:\(id)"
        case .wholeSchool: "school"
        }
    }

    /// Reads a form value; `nil` for junk.
    public init?(key: String) {
        if key == "school" {
            self = .wholeSchool
            return
        }
        let parts = key.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let id = SchoolClass.ID(validating: parts[1]) else { return nil }
        switch parts[0] {
        case "pupils": self = .pupils(of: id)
        case "guardians": self = .guardians(of: id)
        case "teachers": self = .teachers(of: id)
        default: return nil
        }
    }
}

/// Who may write to whom: the rules of the most used French ENT, adjustable per school.
///
/// Teachers and staff reach everyone of the school. Pupils reach their classes' teachers, their classmates (unless
/// the school turned it off) and staff. Guardians reach their children's teachers, staff and their own children,
/// never other pupils. A reply to a message one received is always allowed. When the switch is on, only staff send.
public enum MessagingRules {
    /// Why a send is refused before any recipient is looked at.
    public enum Closed: Sendable, Hashable {
        /// The school or the platform restricted sending to staff.
        case restrictedToStaff
        /// Staff suspended this person's right to write.
        case suspended
    }

    /// Whether `sender` may send anything at all, or why not.
    public static func closed(for sender: Viewer, settings: MessagingSettings, isSuspended: Bool) -> Closed? {
        if sender.role != .staff && settings.isRestrictedToStaff { return .restrictedToStaff }
        if isSuspended { return .suspended }
        return nil
    }

    /// Whether `sender` may write a new message to `recipient` under `settings` (the switch is checked by ``closed(for:settings:isSuspended:)``).
    public static func mayReach(_ sender: Viewer, _ recipient: MessagingContact, settings: MessagingSettings) -> Bool {
        let other = recipient.user
        guard other.schoolID == sender.schoolID, other.id != sender.user.id, !other.isDisabled else { return false }
        switch sender.role {
        case .staff, .teacher:
            return true
        case .pupil:
            switch other.role {
            case .staff: return true
            case .teacher: return !recipient.classIDs.isDisjoint(with: sender.classIDs)
            case .pupil: return settings.pupilsWritePupils && !recipient.classIDs.isDisjoint(with: sender.classIDs)
            case .guardian: return false
            }
        case .guardian:
            switch other.role {
            case .staff: return true
            case .teacher:
                let childClasses = sender.children.reduce(into: Set<SchoolClass.ID>()) { $0.formUnion($1.classIDs) }
                return !recipient.classIDs.isDisjoint(with: childClasses)
            case .pupil: return sender.children.contains { $0.pupil.id == other.id }
            case .guardian: return false
            }
        }
    }

    /// Whether `sender` may use `list` at all (a list they may not use is refused as a whole).
    public static func mayUse(_ sender: Viewer, _ list: RecipientList, classSchoolID: School.ID?) -> Bool {
        if case .wholeSchool = list { return sender.role == .staff }
        guard classSchoolID == sender.schoolID else { return false }
        return true
    }

    /// Splits `recipients` into those `sender` may reach and those refused (all or nothing is the caller's rule).
    /// `repliedTo` is the author of the message being answered: always reachable (in the same school, enabled).
    public static func check(
        _ sender: Viewer, _ recipients: [MessagingContact], settings: MessagingSettings, repliedTo: User.ID? = nil
    ) -> (allowed: [MessagingContact], refused: [MessagingContact]) {
        var allowed: [MessagingContact] = []
        var refused: [MessagingContact] = []
        for recipient in recipients {
            let isReply =
                recipient.user.id == repliedTo && recipient.user.schoolID == sender.schoolID && !recipient.user.isDisabled
                && recipient.user.id != sender.user.id
            if isReply || mayReach(sender, recipient, settings: settings) {
                allowed.append(recipient)
            } else {
                refused.append(recipient)
            }
        }
        return (allowed, refused)
    }
}
