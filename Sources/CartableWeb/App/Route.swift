import CartableCore
import Foundation
import Hummingbird

/// Every page of the site, so that a link is never a hand-written string.
///
/// ``href`` prints the link; the matching router pattern sits next to each case in ``pattern``, and a
/// test requests every printed link through the router so the two cannot drift apart.
public enum Route: Sendable, Hashable {
    case home
    case signIn(next: String?)
    case signOut
    case today(pupil: User.ID?)
    case pupilNotebook(pupil: User.ID?, week: LocalDate?)
    case classes
    case classNotebook(SchoolClass.ID, week: LocalDate?)
    case newEntry(classID: SchoolClass.ID?)
    case createEntry
    case entry(NotebookEntry.ID)
    case editEntry(NotebookEntry.ID)
    case updateEntry(NotebookEntry.ID)
    case deleteEntry(NotebookEntry.ID)
    case devices
    case revokeDevice(DeviceSession.ID)
    case revokeOtherDevices
    case accounts(search: String?, role: Role?, page: Int)
    case newAccount
    case createAccount
    case account(User.ID)
    case accountPassword(User.ID)
    case disableAccount(User.ID)
    case enableAccount(User.ID)
    case language
    case work(Assignment.ID)
    case workFiles(Assignment.ID)
    case deleteWorkFile(Assignment.ID, SubmissionFile.ID)
    case submission(Assignment.ID, pupil: User.ID)
    case returnSubmission(Assignment.ID, pupil: User.ID)
    case submissionsZip(Assignment.ID)
    case assignmentForm(NotebookEntry.ID)
    case submissionFile(SubmissionFile.ID)
    case documents
    case classDocuments(SchoolClass.ID)
    case entryDocuments(NotebookEntry.ID)
    case document(Document.ID)
    case deleteDocument(Document.ID)
    case signInCode(next: String?)
    case security
    case startTwoFactor
    case confirmTwoFactor
    case turnOffTwoFactor
    case newRecoveryCodes
    case staffTwoFactor
    case securityLog
    case privacy
    case privacyText

    /// The path (and query) to link to.
    public var href: String {
        switch self {
        case .home: return "/"
        case .signIn(let next): return "/signin" + Self.query(["next": next])
        case .signOut: return "/signout"
        case .today(let pupil): return "/today" + Self.query(["pupil": pupil?.rawValue])
        case .pupilNotebook(let pupil, let week): return "/notebook" + Self.query(["pupil": pupil?.rawValue, "week": week?.iso])
        case .classes: return "/classes"
        case .classNotebook(let id, let week): return "/classes/\(id)/notebook" + Self.query(["week": week?.iso])
        case .newEntry(let classID): return "/entries/new" + Self.query(["class": classID?.rawValue])
        case .createEntry: return "/entries"
        case .entry(let id): return "/entries/\(id)"
        case .editEntry(let id): return "/entries/\(id)/edit"
        case .updateEntry(let id): return "/entries/\(id)"
        case .deleteEntry(let id): return "/entries/\(id)/delete"
        case .devices: return "/account/devices"
        case .revokeDevice(let id): return "/account/devices/\(id)/revoke"
        case .revokeOtherDevices: return "/account/devices/revoke-others"
        case .accounts(let search, let role, let page):
            return "/admin/accounts" + Self.query(["q": search, "role": role?.rawValue, "page": page > 1 ? String(page) : nil])
        case .newAccount: return "/admin/accounts/new"
        case .createAccount: return "/admin/accounts"
        case .account(let id): return "/admin/accounts/\(id)"
        case .accountPassword(let id): return "/admin/accounts/\(id)/password"
        case .disableAccount(let id): return "/admin/accounts/\(id)/disable"
        case .enableAccount(let id): return "/admin/accounts/\(id)/enable"
        case .language: return "/settings/language"
        case .work(let id): return "/work/\(id)"
        case .workFiles(let id): return "/work/\(id)/files"
        case .deleteWorkFile(let id, let fileID): return "/work/\(id)/files/\(fileID)/delete"
        case .submission(let id, let pupil): return "/work/\(id)/pupils/\(pupil)"
        case .returnSubmission(let id, let pupil): return "/work/\(id)/pupils/\(pupil)/return"
        case .submissionsZip(let id): return "/work/\(id)/submissions.zip"
        case .assignmentForm(let id): return "/entries/\(id)/assignment"
        case .submissionFile(let id): return "/submission-files/\(id)"
        case .documents: return "/documents"
        case .classDocuments(let id): return "/classes/\(id)/documents"
        case .entryDocuments(let id): return "/entries/\(id)/documents"
        case .document(let id): return "/documents/\(id)"
        case .deleteDocument(let id): return "/documents/\(id)/delete"
        case .signInCode(let next): return "/signin/code" + Self.query(["next": next])
        case .security: return "/account/security"
        case .startTwoFactor: return "/account/security/two-factor/start"
        case .confirmTwoFactor: return "/account/security/two-factor/confirm"
        case .turnOffTwoFactor: return "/account/security/two-factor/off"
        case .newRecoveryCodes: return "/account/security/recovery-codes"
        case .staffTwoFactor: return "/account/security/staff-two-factor"
        case .securityLog: return "/admin/security-log"
        case .privacy: return "/privacy"
        case .privacyText: return "/admin/privacy"
        }
    }

    /// Router patterns, one per kind of page.
    public enum Pattern {
        public static let home: RouterPath = "/"
        public static let signIn: RouterPath = "/signin"
        public static let signOut: RouterPath = "/signout"
        public static let today: RouterPath = "/today"
        public static let pupilNotebook: RouterPath = "/notebook"
        public static let classes: RouterPath = "/classes"
        public static let classNotebook: RouterPath = "/classes/:classID/notebook"
        public static let newEntry: RouterPath = "/entries/new"
        public static let entries: RouterPath = "/entries"
        public static let entry: RouterPath = "/entries/:entryID"
        public static let editEntry: RouterPath = "/entries/:entryID/edit"
        public static let deleteEntry: RouterPath = "/entries/:entryID/delete"
        public static let devices: RouterPath = "/account/devices"
        public static let revokeDevice: RouterPath = "/account/devices/:sessionID/revoke"
        public static let revokeOtherDevices: RouterPath = "/account/devices/revoke-others"
        public static let accounts: RouterPath = "/admin/accounts"
        public static let newAccount: RouterPath = "/admin/accounts/new"
        public static let account: RouterPath = "/admin/accounts/:userID"
        public static let accountPassword: RouterPath = "/admin/accounts/:userID/password"
        public static let disableAccount: RouterPath = "/admin/accounts/:userID/disable"
        public static let enableAccount: RouterPath = "/admin/accounts/:userID/enable"
        public static let language: RouterPath = "/settings/language"
        public static let work: RouterPath = "/work/:assignmentID"
        public static let workFiles: RouterPath = "/work/:assignmentID/files"
        public static let deleteWorkFile: RouterPath = "/work/:assignmentID/files/:fileID/delete"
        public static let submission: RouterPath = "/work/:assignmentID/pupils/:pupilID"
        public static let returnSubmission: RouterPath = "/work/:assignmentID/pupils/:pupilID/return"
        public static let submissionsZip: RouterPath = "/work/:assignmentID/submissions.zip"
        public static let assignmentForm: RouterPath = "/entries/:entryID/assignment"
        public static let submissionFile: RouterPath = "/submission-files/:fileID"
        public static let documents: RouterPath = "/documents"
        public static let classDocuments: RouterPath = "/classes/:classID/documents"
        public static let entryDocuments: RouterPath = "/entries/:entryID/documents"
        public static let document: RouterPath = "/documents/:documentID"
        public static let deleteDocument: RouterPath = "/documents/:documentID/delete"
        public static let signInCode: RouterPath = "/signin/code"
        public static let security: RouterPath = "/account/security"
        public static let startTwoFactor: RouterPath = "/account/security/two-factor/start"
        public static let confirmTwoFactor: RouterPath = "/account/security/two-factor/confirm"
        public static let turnOffTwoFactor: RouterPath = "/account/security/two-factor/off"
        public static let newRecoveryCodes: RouterPath = "/account/security/recovery-codes"
        public static let staffTwoFactor: RouterPath = "/account/security/staff-two-factor"
        public static let securityLog: RouterPath = "/admin/security-log"
        public static let privacy: RouterPath = "/privacy"
        public static let privacyText: RouterPath = "/admin/privacy"
    }

    static func query(_ items: KeyValuePairs<String, String?>) -> String {
        let parts = items.compactMap { key, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return "\(key)=\(Self.escape(value))"
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")

    static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// A local path safe to redirect to after sign-in: starts with one `/`, not `//`, no backslash.
    public static func safeLocalPath(_ candidate: String?) -> String? {
        guard let candidate, candidate.hasPrefix("/"), !candidate.hasPrefix("//"), !candidate.contains("\\"),
            !candidate.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }), candidate.count < 512
        else { return nil }
        return candidate
    }
}
