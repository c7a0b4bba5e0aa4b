import Foundation

/// A period when a node measured that it failed people: the waiting room kept them out, the database did not answer,
/// a video server failed or timed out. Longer than a set time, it is proposed to staff as an incident window, with
/// its evidence.
public struct NodeSignal: Hashable, Sendable, Identifiable {
    /// Its identifier.
    public typealias ID = Identifier<NodeSignal>

    /// What the node measured.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// People were sent to the waiting room.
        case waitingRoom = "waiting_room"
        /// The database was unreachable (requests answered "try again").
        case database
        /// A video server failed or timed out (`server` says which).
        case videoServer = "video_server"

        /// The incident window's scope it proposes.
        public var scope: IncidentWindow.Scope { self == .videoServer ? .videoServer : .platform }
    }

    public var id: ID
    public var kind: Kind
    /// For a video server: its address; "" otherwise.
    public var server: String
    /// The school it concerns; `nil` for every school the node serves (the waiting room, the database).
    public var schoolID: School.ID?
    /// The first time it was seen.
    public var start: Date
    /// The last time it was seen.
    public var end: Date
    /// How many requests it failed (sent to the waiting room, answered 503, joins that failed).
    public var requests: Int
    /// How many signed-in people it failed.
    public var people: Int

    /// Creates a signal.
    public init(
        id: ID, kind: Kind, server: String = "", schoolID: School.ID? = nil, start: Date, end: Date, requests: Int, people: Int
    ) {
        self.id = id
        self.kind = kind
        self.server = server
        self.schoolID = schoolID
        self.start = start
        self.end = end
        self.requests = requests
        self.people = people
    }

    /// How long it lasted, in seconds.
    public var seconds: TimeInterval { end.timeIntervalSince(start) }
}

/// A signed-in person's attempt to reach Cartable, kept as evidence for attendance ("a essayé de rejoindre la
/// classe à 9:02 — salle d'attente"). Kept per minute: the first attempt of each kind in a minute.
public struct PresenceAttempt: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// A page or API request that was served.
        case request
        /// A visit to the waiting room.
        case waitingRoom = "waiting_room"
        /// A live class that could not be joined (its server failed).
        case joinFailed = "join_failed"
        /// The database did not answer (the page said "try again").
        case unavailable
    }

    public var userID: User.ID
    public var schoolID: School.ID
    /// The minute it happened (seconds cut off).
    public var at: Date
    public var kind: Kind

    /// Creates an attempt, its time cut to the minute.
    public init(userID: User.ID, schoolID: School.ID, at: Date, kind: Kind) {
        self.userID = userID
        self.schoolID = schoolID
        self.at = Date(timeIntervalSince1970: (at.timeIntervalSince1970 / 60).rounded(.down) * 60)
        self.kind = kind
    }
}
