import Foundation

/// What the roll says of one pupil in one course occurrence (the weekly course and the day it was planned on).
///
/// A pupil the roll does not mention was present: the roll stores only what the teacher tapped, each tap
/// at once, with a revision number the page counts up so that a retried or late save never undoes a newer one.
public struct AttendanceMark: Hashable, Sendable {
    /// What happened.
    public enum Status: String, Sendable, Hashable, CaseIterable, Codable {
        /// In the course (what a tap back to "présent" records).
        case present
        /// Not in the course.
        case absent
        /// Arrived late, by `minutes`.
        case late
        /// Left `minutes` before the end.
        case leftEarly = "left_early"

        /// Whether the status carries a number of minutes.
        public var hasMinutes: Bool { self == .late || self == .leftEarly }
    }

    /// The weekly course.
    public var courseID: WeeklyCourse.ID
    /// The day the course was planned on (the occurrence's key, as for joins).
    public var plannedDate: LocalDate
    /// The pupil.
    public var pupilID: User.ID
    /// What happened.
    public var status: Status
    /// Minutes late, or minutes before the end the pupil left; `nil` for present and absent.
    public var minutes: Int?
    /// The teacher's remark ("" when none).
    public var remark: String
    /// The page's count of taps on this pupil's line: a save with a lower or equal revision changes nothing.
    public var revision: Int
    /// Who recorded it.
    public var recordedBy: User.ID
    /// When.
    public var recordedAt: Date

    /// Creates a mark.
    public init(
        courseID: WeeklyCourse.ID, plannedDate: LocalDate, pupilID: User.ID, status: Status, minutes: Int? = nil, remark: String = "",
        revision: Int, recordedBy: User.ID, recordedAt: Date
    ) {
        self.courseID = courseID
        self.plannedDate = plannedDate
        self.pupilID = pupilID
        self.status = status
        self.minutes = minutes
        self.remark = remark
        self.revision = revision
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}
