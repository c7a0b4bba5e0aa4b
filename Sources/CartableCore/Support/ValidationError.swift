/// What is wrong with one field of a form or of a JSON body.
public struct FieldIssue: Sendable, Hashable {
    /// The field's name, as in the form and the JSON body (`dueDate`).
    public var field: String
    /// What is wrong with it.
    public var problem: Problem

    /// Creates an issue.
    public init(field: String, problem: Problem) {
        self.field = field
        self.problem = problem
    }

    /// The kinds of problem; the web layer turns each into a sentence in the reader's language.
    public enum Problem: Sendable, Hashable {
        /// Nothing was given and something is needed.
        case required
        /// Longer than `max` characters.
        case tooLong(max: Int)
        /// Shorter than `min` characters.
        case tooShort(min: Int)
        /// Not a date written as YYYY-MM-DD (or not a real day).
        case invalidDate
        /// A real date, but too far in the past or the future to be meant.
        case dateOutOfRange
        /// A due date earlier than the session it was set in.
        case dueBeforeSession
        /// Not a whole number between `min` and `max`.
        case notInRange(min: Int, max: Int)
        /// Not a web address starting with http:// or https://.
        case invalidURL
        /// More than `max` items.
        case tooMany(max: Int)
        /// A sign-in name with characters other than letters, digits, dots, dashes and underscores.
        case invalidLogin
        /// The sign-in name is already used.
        case loginTaken
        /// The teacher does not teach this subject to one of the chosen classes.
        case subjectNotTaught
        /// Neither what was done nor the work to do was written.
        case nothingWritten
        /// Not one of the allowed choices.
        case invalidChoice
        /// Not a time written as HH:MM.
        case invalidTime
        /// A deadline that has already passed.
        case dateInPast
        /// The deadline has passed and this work does not take late hand-ins.
        case deadlinePassed
        /// Handing in with no answer and no file.
        case nothingToHandIn
        /// A file larger than `max` bytes.
        case fileTooLarge(max: Int64)
        /// All the files together larger than `max` bytes.
        case filesTooLarge(max: Int64)
        /// A kind of file that is not accepted (judged from its content, not its name).
        case forbiddenFileType
        /// A file with no content.
        case emptyFile
        /// Files are not part of this work's answer (or text is not).
        case notAccepted
        /// The virus scanner found something in the file.
        case infectedFile
        /// A two-factor code that is wrong, too old, or already used.
        case wrongCode
        /// Two-factor sign-in cannot be turned off: the school requires it of its staff.
        case requiredBySchool
        /// A web address that does not start with https:// where only a secure one will do.
        case insecureURL
        /// An end that is not after the start.
        case endBeforeStart
        /// A course's time outside the school day, from `fromHour` to `toHour` o'clock.
        case outsideSchoolDay(fromHour: Int, toHour: Int)
        /// At the same time as another course of the same teacher, room or class (said in the sentence).
        case clash(with: String)
        /// The reason chosen needs a proof (a certificate) and no file came with it.
        case proofNeeded
        /// Some recipients may not be written to (named in the sentence): nothing was sent.
        case notReachable(who: String)
        /// Sending is restricted to the school's staff for now.
        case messagingRestricted
        /// Staff suspended this person's right to write.
        case writingSuspended
        /// A "no reply" message: nobody answers it.
        case noReply
        /// More than an hour after sending: a message can no longer be recalled.
        case recallTooLate
        /// A password on the list of the most common ones.
        case tooCommon
        /// The two passwords typed differ.
        case passwordsDiffer
        /// The school's charter must be accepted first.
        case charterNotAccepted
    }
}

/// A request that was refused because of its content. Nothing was written.
public struct ValidationError: Error, Sendable, Hashable {
    /// Every problem found, in the order of the form's fields.
    public var issues: [FieldIssue]

    /// Creates the error.
    public init(_ issues: [FieldIssue]) {
        self.issues = issues
    }

    /// The first problem with `field`, if any.
    public func problem(for field: String) -> FieldIssue.Problem? {
        issues.first { $0.field == field }?.problem
    }
}

/// The thing asked for does not exist, or belongs to someone the viewer may not see: both look the same.
public struct NotFound: Error, Sendable, Hashable {
    /// Creates the error.
    public init() {}
}

/// Sign-in refused. On purpose it does not say whether the name or the password was wrong.
public struct SignInRefused: Error, Sendable, Hashable {
    /// Creates the error.
    public init() {}
}
