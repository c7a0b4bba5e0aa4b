import Foundation

/// A pupil's work for an assignment: the continuously saved draft, then the hand-in, then the teacher's return.
public struct Submission: Hashable, Sendable {
    /// The submission's identifier.
    public typealias ID = Identifier<Submission>

    /// Where the work stands, as pupils, guardians and teachers see it.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Nothing saved yet.
        case notStarted = "not_started"
        /// A draft is saved, not handed in.
        case draft
        /// Handed in on time.
        case handedIn = "handed_in"
        /// Handed in after the deadline.
        case late
        /// The teacher has returned it with feedback.
        case returned
    }

    /// The identifier.
    public var id: ID
    /// The school.
    public var schoolID: School.ID
    /// The assignment.
    public var assignmentID: Assignment.ID
    /// The pupil whose work it is.
    public var pupilID: User.ID
    /// The written answer (the latest saved draft, then what was handed in).
    public var text: String
    /// The client's revision of `text`: a save with an older or equal revision never overwrites it.
    public var revision: Int64
    /// When the text was last saved.
    public var savedAt: Date
    /// The client-made id of the hand-in, so that a retry is not a second hand-in.
    public var handInID: UUID?
    /// When it was handed in.
    public var handedInAt: Date?
    /// Whether it was handed in after the deadline.
    public var isLate: Bool
    /// The teacher's feedback.
    public var feedback: String
    /// The teacher's mark, free text ("15/20", "Acquis").
    public var mark: String?
    /// When the teacher returned it.
    public var returnedAt: Date?
    /// Attached files.
    public var files: [SubmissionFile]

    /// Creates a submission.
    public init(
        id: ID, schoolID: School.ID, assignmentID: Assignment.ID, pupilID: User.ID, text: String = "", revision: Int64 = 0, savedAt: Date,
        handInID: UUID? = nil, handedInAt: Date? = nil, isLate: Bool = false, feedback: String = "", mark: String? = nil,
        returnedAt: Date? = nil, files: [SubmissionFile] = []
    ) {
        self.id = id
        self.schoolID = schoolID
        self.assignmentID = assignmentID
        self.pupilID = pupilID
        self.text = text
        self.revision = revision
        self.savedAt = savedAt
        self.handInID = handInID
        self.handedInAt = handedInAt
        self.isLate = isLate
        self.feedback = feedback
        self.mark = mark
        self.returnedAt = returnedAt
        self.files = files
    }

    /// Where the work stands.
    public var state: State {
        if returnedAt != nil { return .returned }
        if handedInAt != nil { return isLate ? .late : .handedIn }
        return .draft
    }

    /// Whether it has been handed in (and so can no longer change).
    public var isHandedIn: Bool { handedInAt != nil }

    /// Total size of the attached files, in bytes.
    public var filesSize: Int64 { files.reduce(0) { $0 + $1.size } }

    /// Limits on a draft's text.
    public enum Limits {
        /// Longest answer, in characters.
        public static let text = 100_000
        /// Longest feedback.
        public static let feedback = 10_000
        /// Longest mark.
        public static let mark = 20
        /// Most files on one submission.
        public static let files = 20
    }
}

/// A file attached to a submission.
public struct SubmissionFile: Hashable, Sendable {
    /// The file's identifier.
    public typealias ID = Identifier<SubmissionFile>

    /// The identifier.
    public var id: ID
    /// The stored content.
    public var blob: StoredFile

    /// Creates a file.
    public init(id: ID, blob: StoredFile) {
        self.id = id
        self.blob = blob
    }

    /// Its size in bytes.
    public var size: Int64 { blob.size }
}

/// A draft save as received: the text and the client's revision.
public struct DraftInput: Sendable, Hashable, Codable {
    /// The text.
    public var text: String?
    /// The client's revision (a positive whole number, higher for newer text).
    public var revision: Int64?

    /// Creates an input.
    public init(text: String?, revision: Int64?) {
        self.text = text
        self.revision = revision
    }

    /// The cleaned text and revision, or the problems.
    public func validated() throws(ValidationError) -> (text: String, revision: Int64) {
        var issues: [FieldIssue] = []
        // A draft keeps the pupil's spacing; only characters nobody types are removed.
        let text = TextRules.clean(self.text, multiline: true, trim: false)
        if text.utf8.count > Submission.Limits.text && text.count > Submission.Limits.text {
            issues.append(FieldIssue(field: "text", problem: .tooLong(max: Submission.Limits.text)))
        }
        if revision == nil {
            issues.append(FieldIssue(field: "revision", problem: .required))
        } else if let revision, revision < 1 || revision > 1 << 53 {
            issues.append(FieldIssue(field: "revision", problem: .notInRange(min: 1, max: 1 << 53)))
        }
        guard issues.isEmpty, let revision else { throw ValidationError(issues) }
        return (text, revision)
    }
}

/// What the teacher sends back.
public struct FeedbackInput: Sendable, Hashable, Codable {
    /// Comments for the pupil.
    public var feedback: String?
    /// An optional mark.
    public var mark: String?

    /// Creates an input.
    public init(feedback: String?, mark: String?) {
        self.feedback = feedback
        self.mark = mark
    }

    /// The cleaned feedback and mark (`nil` when empty), or the problems.
    public func validated() throws(ValidationError) -> (feedback: String, mark: String?) {
        var issues: [FieldIssue] = []
        let feedback = TextRules.clean(self.feedback, multiline: true)
        let mark = TextRules.clean(self.mark)
        if feedback.count > Submission.Limits.feedback {
            issues.append(FieldIssue(field: "feedback", problem: .tooLong(max: Submission.Limits.feedback)))
        }
        if mark.count > Submission.Limits.mark { issues.append(FieldIssue(field: "mark", problem: .tooLong(max: Submission.Limits.mark))) }
        if feedback.isEmpty && mark.isEmpty { issues.append(FieldIssue(field: "feedback", problem: .required)) }
        guard issues.isEmpty else { throw ValidationError(issues) }
        return (feedback, mark.isEmpty ? nil : mark)
    }
}

/// A request that cannot be done in the current state of things. Nothing was written. Answered with 409.
public struct Conflict: Error, Sendable, Hashable {
    /// Why.
    public enum Reason: Sendable, Hashable {
        /// The server already holds a newer (or different, same-numbered) revision of the draft.
        case staleRevision(current: Int64)
        /// The work has been handed in and can no longer change.
        case alreadyHandedIn
        /// The work has not been handed in yet, so it cannot be returned.
        case notHandedIn
        /// Pupils have started this work: the entry cannot be deleted.
        case workStarted
    }

    /// Why.
    public var reason: Reason

    /// Creates the error.
    public init(_ reason: Reason) {
        self.reason = reason
    }
}
