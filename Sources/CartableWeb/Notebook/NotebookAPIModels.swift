import CartableCore
import Foundation

/// The notebook API's JSON shapes: entries, the pupil's days, classes.
extension APIModel {
    struct Link: Codable, Sendable {
        var title: String
        var url: String
    }

    struct Entry: Codable, Sendable {
        var id: String
        var classID: String
        var className: String
        var teacherID: String
        var teacherName: String
        var subject: String
        var sessionDate: String
        var done: String
        var work: String
        var dueDate: String?
        var estimatedMinutes: Int?
        var links: [Link]
        var createdAt: Date
        var updatedAt: Date

        enum CodingKeys: String, CodingKey {
            case classID = "classId"
            case teacherID = "teacherId"
            case id, className, teacherName, subject, sessionDate, done, work, dueDate, estimatedMinutes, links, createdAt, updatedAt
        }

        init(_ entry: NotebookEntry) {
            id = entry.id.rawValue
            classID = entry.classID.rawValue
            className = entry.className
            teacherID = entry.teacherID.rawValue
            teacherName = entry.teacherName
            subject = entry.content.subject
            sessionDate = entry.content.sessionDate.iso
            done = entry.content.done
            work = entry.content.work
            dueDate = entry.content.dueDate?.iso
            estimatedMinutes = entry.content.estimatedMinutes
            links = entry.content.links.map { Link(title: $0.title, url: $0.url) }
            createdAt = entry.createdAt
            updatedAt = entry.updatedAt
        }
    }

    struct EntryList: Codable, Sendable {
        var entries: [Entry]
    }

    struct ClassList: Codable, Sendable {
        var classes: [SchoolClass]
    }

    struct DueDay: Codable, Sendable {
        var date: String
        var entries: [Entry]
    }

    struct Today: Codable, Sendable {
        var pupil: User
        var today: String
        var days: [DueDay]
    }

    /// A notebook entry to create or replace. Every field is optional here so that a missing one is
    /// reported as a field problem (422), not as unreadable JSON.
    struct EntryBody: Decodable, Sendable {
        var subject: String?
        var sessionDate: String?
        var done: String?
        var work: String?
        var dueDate: String?
        var estimatedMinutes: Int?
        var links: [LinkBody]?
        /// `otherClassIds` on the wire; `otherClassIDs`, its spelling before the API had one casing, is
        /// still read when the new one is absent, so that a client written then does not silently post
        /// to one class only (JSON decoding ignores an unknown property).
        var otherClassIDs: [String]?

        struct LinkBody: Decodable, Sendable {
            var title: String?
            var url: String?
        }

        enum CodingKeys: String, CodingKey {
            case otherClassIDs = "otherClassIds"
            case formerOtherClassIDs = "otherClassIDs"
            case subject, sessionDate, done, work, dueDate, estimatedMinutes, links
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            subject = try container.decodeIfPresent(String.self, forKey: .subject)
            sessionDate = try container.decodeIfPresent(String.self, forKey: .sessionDate)
            done = try container.decodeIfPresent(String.self, forKey: .done)
            work = try container.decodeIfPresent(String.self, forKey: .work)
            dueDate = try container.decodeIfPresent(String.self, forKey: .dueDate)
            estimatedMinutes = try container.decodeIfPresent(Int.self, forKey: .estimatedMinutes)
            links = try container.decodeIfPresent([LinkBody].self, forKey: .links)
            otherClassIDs =
                try container.decodeIfPresent([String].self, forKey: .otherClassIDs)
                ?? container.decodeIfPresent([String].self, forKey: .formerOtherClassIDs)
        }

        var input: EntryInput {
            EntryInput(
                subject: subject, sessionDate: sessionDate, done: done, work: work, dueDate: dueDate,
                estimatedMinutes: estimatedMinutes.map(String.init), links: (links ?? []).map { .init(title: $0.title, url: $0.url) })
        }
    }
}
