import CartableCore
import Foundation

/// The security log of each school (sign-ins, password resets, two-factor changes, accounts disabled
/// or enabled), kept for the retention period the platform sets.
public protocol SecurityLogStore: Sendable {
    /// Adds an event.
    func record(_ event: SecurityEvent) async throws
    /// The school's latest events, newest first, with the names of the people involved.
    func events(in schoolID: School.ID, limit: Int) async throws -> [SecurityLogEntry]
    /// Deletes the events older than `instant` (the retention period); returns how many.
    func deleteEvents(before instant: Date) async throws -> Int
}

/// An event with the names of the people it involves, for the staff's page.
public struct SecurityLogEntry: Sendable, Hashable {
    /// The event.
    public var event: SecurityEvent
    /// Who did it, by name.
    public var actorName: String?
    /// Whose account it is about, by name and login.
    public var subjectName: String?

    /// Creates an entry.
    public init(event: SecurityEvent, actorName: String?, subjectName: String?) {
        self.event = event
        self.actorName = actorName
        self.subjectName = subjectName
    }
}
