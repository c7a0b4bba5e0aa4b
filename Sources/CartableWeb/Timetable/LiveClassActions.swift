import CartableCore
import CartableStore
import Foundation
import Logging
import Metrics

/// Joining an occurrence online, and choosing how a course happens: policy first, then the video server.
struct LiveClassActions: Sendable {
    let services: AppServices

    /// What a press on *Rejoindre* leads to.
    enum Outcome: Sendable, Equatable {
        /// Go there (the video server's join address or the external link), the join recorded.
        case redirect(String)
        /// The teacher has not started the class yet: wait, the page retries by itself.
        case waiting
        /// Not open yet: it opens at that time on that day.
        case notYet(TimeOfDay, LocalDate)
        /// The course is over.
        case over
        /// The course does not take place.
        case cancelled
        /// The course is in its room, not online.
        case inRoom(String)
        /// The video server did not answer in time, or refused.
        case failed
    }

    /// The occurrence of `courseID` planned on `date`, with the slice it comes from (see ``TimetableActions/occurrence(_:on:viewer:)``).
    func occurrence(_ courseID: WeeklyCourse.ID, on date: LocalDate, viewer: Viewer) async throws -> (CourseOccurrence, TimetableSlice) {
        try await TimetableActions(services: services).occurrence(courseID, on: date, viewer: viewer)
    }

    /// The BigBlueButton meeting of an occurrence: one per course and planned day.
    static func meetingID(of occurrence: CourseOccurrence) -> String {
        "cartable-\(occurrence.course.id)-\(occurrence.plannedDate.iso)"
    }

    /// Where the viewer goes when they press *Rejoindre*.
    func join(_ courseID: WeeklyCourse.ID, on date: LocalDate, viewer: Viewer) async throws -> Outcome {
        let (occurrence, slice) = try await occurrence(courseID, on: date, viewer: viewer)
        guard services.policy.allows(viewer, .joinCourse(occurrence)) else { throw NotFound() }
        if occurrence.isCancelled { return .cancelled }
        let mode = slice.mode(of: occurrence)
        guard mode.isOnline else { return .inRoom(occurrence.room) }
        let now = services.clock.now()
        let zone = viewer.school.timeZone
        switch LiveWindow.state(of: occurrence, on: viewer.school.today(at: now), minute: TimeOfDay.minute(of: now, in: zone)) {
        case .notYet(let time, let day): return .notYet(time, day)
        case .over: return .over
        case .open: break
        }
        let isModerator = viewer.role == .staff || (viewer.role == .teacher && occurrence.teacherIDs.contains(viewer.user.id))
            || (viewer.role == .teacher && occurrence.course.teacherIDs.contains(viewer.user.id))
        let role = isModerator ? "moderator" : "viewer"
        let target: String
        switch mode {
        case .room:
            return .inRoom(occurrence.room)
        case .link(let address):
            target = address
        case .jitsi(let room):
            let ends = occurrence.date.instant(atMinute: occurrence.end.minutes, in: zone).addingTimeInterval(3_600)
            target = JitsiRoom(settings: try await services.video.settings(for: viewer.schoolID)).url(
                room: room, name: viewer.user.displayName, isModerator: isModerator, expires: ends)
        case .bigBlueButton:
            guard let server = services.video.bigBlueButton(try await services.video.settings(for: viewer.schoolID)) else { return .failed }
            let meetingID = Self.meetingID(of: occurrence)
            do {
                let name = [occurrence.course.subject, slice.classNames[occurrence.course.classID] ?? ""].filter { !$0.isEmpty }
                    .joined(separator: " · ")
                // The teacher's join creates the meeting (idempotent on the server); a pupil's waits until it runs.
                let meeting: BigBlueButtonClient.Meeting
                if isModerator {
                    meeting = try await server.create(meetingID: meetingID, name: name)
                } else if let running = try await server.runningMeeting(meetingID: meetingID) {
                    meeting = running
                } else {
                    Observability.liveJoinsWaiting.increment()
                    return .waiting
                }
                target = server.joinURL(meeting: meeting, fullName: viewer.user.displayName, userID: viewer.user.id.rawValue, isModerator: isModerator)
            } catch {
                Observability.liveJoinsFailed.increment()
                services.signals.note(.videoServer, server: server.baseURL, schoolID: viewer.schoolID, person: viewer.user.id)
                services.signals.attempt(.joinFailed, by: viewer)
                services.logger.warning(
                    "live class server failed", metadata: ["course": "\(occurrence.course.id)", "date": "\(occurrence.plannedDate)", "error": "\(error)"])
                return .failed
            }
        }
        try await services.storage.timetable.recordJoin(
            courseID: occurrence.course.id, plannedDate: occurrence.plannedDate, userID: viewer.user.id, role: role, in: viewer.schoolID, at: now)
        Observability.liveJoinsRedirected.increment()
        return .redirect(target)
    }

    /// Sets how the course happens (this occurrence, or every week) from the teacher's form.
    func setMode(_ input: LiveModeInput, of occurrence: CourseOccurrence, viewer: Viewer) async throws {
        guard services.policy.allows(viewer, .setLiveMode(occurrence.course)) else { throw NotFound() }
        let (mode, everyWeek) = try input.validated(
            available: try await services.video.settings(for: viewer.schoolID).availableKinds, newRoom: "cartable-" + SessionToken.make())
        let setting = LiveSetting(
            courseID: occurrence.course.id, schoolID: viewer.schoolID, plannedDate: everyWeek ? nil : occurrence.plannedDate, mode: mode,
            updatedAt: services.clock.now())
        guard try await services.storage.timetable.setLive(setting) else { throw NotFound() }
    }

    /// A marker of which online occurrences of `day` are open now, for the ETag of a page that shows *Rejoindre*
    /// only while a class is open: the page changes when one opens or closes, and not otherwise.
    static func openMarker(of occurrences: [CourseOccurrence], slice: TimetableSlice, day: LocalDate, now: Date, zone: TimeZone) -> String {
        let minute = TimeOfDay.minute(of: now, in: zone)
        let open = occurrences.filter {
            slice.mode(of: $0).isOnline && LiveWindow.state(of: $0, on: day, minute: minute) == .open
        }.map { "\($0.course.id)" }
        return "live-open:" + open.joined(separator: ",")
    }
}
