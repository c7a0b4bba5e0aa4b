import CartableCore
import Foundation

/// The JSON shapes of work to hand in: assignments, submissions and their files, drafts, hand-ins.
extension APIModel {
    struct Assignment: Codable, Sendable {
        var id: String
        var entryID: String
        var classID: String
        var className: String
        var subject: String
        var instructions: String
        var dueDate: String
        var dueTime: String
        var dueAt: Date
        var answerKinds: String
        var allowsLate: Bool

        enum CodingKeys: String, CodingKey {
            case entryID = "entryId"
            case classID = "classId"
            case id, className, subject, instructions, dueDate, dueTime, dueAt, answerKinds, allowsLate
        }

        init(_ assignment: CartableCore.Assignment) {
            id = assignment.id.rawValue
            entryID = assignment.entryID.rawValue
            classID = assignment.classID.rawValue
            className = assignment.className
            subject = assignment.subject
            instructions = assignment.settings.instructions
            dueDate = assignment.settings.dueDate.iso
            dueTime = assignment.settings.dueTime
            dueAt = assignment.settings.dueAt
            answerKinds = assignment.settings.answerKinds.rawValue
            allowsLate = assignment.settings.allowsLate
        }
    }

    struct File: Codable, Sendable {
        var id: String
        var name: String
        var contentType: String
        var size: Int64
        var href: String

        init(id: String, file: StoredFile, href: String) {
            self.id = id
            name = file.name
            contentType = file.kind.contentType
            size = file.size
            self.href = href
        }
    }

    struct Submission: Codable, Sendable {
        var pupilID: String
        var state: String
        var text: String
        var revision: Int64
        var savedAt: Date?
        var handInID: String?
        var handedInAt: Date?
        var isLate: Bool
        var feedback: String?
        var mark: String?
        var returnedAt: Date?
        var files: [File]

        enum CodingKeys: String, CodingKey {
            case pupilID = "pupilId"
            case handInID = "handInId"
            case state, text, revision, savedAt, handedInAt, isLate, feedback, mark, returnedAt, files
        }

        init(_ submission: CartableCore.Submission?, pupilID: CartableCore.User.ID, assignment: CartableCore.Assignment, now: Date, showText: Bool) {
            self.pupilID = pupilID.rawValue
            var state = submission?.state ?? .notStarted
            if state == .draft && submission?.revision == 0 && submission?.files.isEmpty == true { state = .notStarted }
            self.state = state.rawValue
            text = showText ? submission?.text ?? "" : ""
            revision = submission?.revision ?? 0
            savedAt = submission?.savedAt
            handInID = submission?.handInID?.uuidString.lowercased()
            handedInAt = submission?.handedInAt
            isLate = submission?.isLate ?? false
            let returned = submission?.returnedAt != nil
            feedback = returned ? submission?.feedback : nil
            mark = returned ? submission?.mark : nil
            returnedAt = submission?.returnedAt
            files = showText ? (submission?.files ?? []).map { File(id: $0.id.rawValue, file: $0.blob, href: Route.submissionFile($0.id).href) } : []
        }
    }

    struct AssignmentDetail: Codable, Sendable {
        var assignment: Assignment
        var submission: Submission?
    }

    struct SubmissionList: Codable, Sendable {
        var assignment: Assignment
        var submissions: [PupilSubmission]
    }

    struct PupilSubmission: Codable, Sendable {
        var pupil: User
        var submission: Submission
    }

    struct DraftSaved: Codable, Sendable {
        var revision: Int64
        var savedAt: Date
        var state: String

        /// The same bytes as ``JSON/encoder`` writes (sorted keys, ISO 8601 seconds in UTC), without
        /// its machinery: the answer to every draft save, thousands a second at 9:00 (Foundation's
        /// encoder was 3 % of the node's CPU). `state` is one of ``Submission/State``'s raw values.
        var json: String {
            "{\"revision\":\(revision),\"savedAt\":\"\(UTCSeconds(savedAt))\",\"state\":\"\(state)\"}"
        }
    }

    struct HandInBody: Codable, Sendable {
        var handInID: String?
        var text: String?
        var revision: Int64?

        enum CodingKeys: String, CodingKey {
            case handInID = "handInId"
            case text, revision
        }
    }
}
