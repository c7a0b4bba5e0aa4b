import Foundation

/// A period when the platform failed the people using it, declared by staff or the platform's operator (or
/// proposed by a node from what it measured, then confirmed). An absence from an online course that overlaps
/// it is an **incident**: never counted against the pupil.
public struct IncidentWindow: Hashable, Sendable, Identifiable {
    /// Its identifier.
    public typealias ID = Identifier<IncidentWindow>

    /// What was degraded.
    public enum Scope: String, Hashable, Sendable, Codable, CaseIterable {
        /// The whole platform.
        case platform
        /// Live classes (every video server).
        case liveClasses = "live_classes"
        /// One video server (`server` says which).
        case videoServer = "video_server"
    }

    /// Its identifier.
    public var id: ID
    /// When it began.
    public var start: Date
    /// When it ended.
    public var end: Date
    /// The schools it covers.
    public var schoolIDs: Set<School.ID>
    /// What was degraded.
    public var scope: Scope
    /// For one video server: its address as configured (`https://bbb.example.fr/bigbluebutton/`); "" otherwise.
    public var server: String
    /// What families read ("Les classes en ligne n'ont pas fonctionné de 9:00 à 9:40.").
    public var note: String

    /// Creates a window.
    public init(id: ID, start: Date, end: Date, schoolIDs: Set<School.ID>, scope: Scope, server: String = "", note: String = "") {
        self.id = id
        self.start = start
        self.end = end
        self.schoolIDs = schoolIDs
        self.scope = scope
        self.server = server
        self.note = note
    }

    /// Whether it covers an online course of `schoolID` from `from` to `to`: the two periods overlap (touching ends
    /// do not) and what was degraded is what the course needed. `liveClass` is false for a course of a day declared
    /// remote (work at home through Cartable); `videoServer` is the live class's server ("" for Jitsi or a link).
    public func covers(schoolID: School.ID, from: Date, to: Date, liveClass: Bool, videoServer: String) -> Bool {
        guard schoolIDs.contains(schoolID), start < to, from < end else { return false }
        switch scope {
        case .platform: return true
        case .liveClasses: return liveClass
        case .videoServer: return liveClass && !server.isEmpty && server == videoServer
        }
    }
}
