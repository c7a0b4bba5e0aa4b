import CartableCore
import CartableStore
import CartableTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@testable import CartableWeb

/// One casing on the wire: every property the API writes is lowerCamelCase, an id ending in `Id`
/// (`classId`, `pupilId`), as `openapi.json` says; never `classID`.
@Suite struct WireCasingTests {
    /// Every property name in a JSON value, nested ones included.
    static func propertyNames(_ value: Any) -> Set<String> {
        switch value {
        case let object as [String: Any]:
            object.reduce(into: Set(object.keys)) { $0.formUnion(propertyNames($1.value)) }
        case let array as [Any]:
            array.reduce(into: Set<String>()) { $0.formUnion(propertyNames($1)) }
        default:
            []
        }
    }

    static func isWireName(_ name: String) -> Bool {
        name.range(of: "^[a-z][a-zA-Z0-9]*$", options: .regularExpression) != nil && !name.contains("ID")
    }

    @Test func everyPropertyTheAPIWritesHasTheOneCasing() async throws {
        try await TestApp.run { (app) async throws in
            let teacher = try await app.session(for: app.world.teacher)
            let pupil = try await app.session(for: app.world.pupil)
            let w = app.world
            // A changed course and an online one, so that the timetable's optional properties are written too.
            try await app.services.storage.timetable.setChange(
                CourseChange(
                    courseID: w.courseSpanish.id, schoolID: w.school.id, date: LocalDate(iso: "2026-11-23")!,
                    movedToDate: LocalDate(iso: "2026-11-24"), start: TimeOfDay(text: "16:00"), end: TimeOfDay(text: "17:00"), room: "C01",
                    teacherIDs: [w.teacherB.id], note: "Sortie", updatedAt: app.clock.now()))
            _ = try await app.services.storage.timetable.setLive(
                LiveSetting(
                    courseID: w.courseMaths.id, schoolID: w.school.id, plannedDate: nil, mode: .link("https://visio.example.org/4eB"),
                    updatedAt: app.clock.now()))
            let reads: [(TestSession, String)] = [
                (teacher, "/api/v1/me"), (pupil, "/api/v1/me"), (pupil, "/api/v1/today"), (teacher, "/api/v1/classes"),
                (teacher, "/api/v1/classes/\(w.classA.id)/entries?from=2026-11-01&to=2026-11-30"), (teacher, "/api/v1/entries/\(w.entryA.id)"),
                (pupil, "/api/v1/assignments/\(w.assignmentA.id)"), (teacher, "/api/v1/assignments/\(w.assignmentA.id)/submissions"),
                (teacher, "/api/v1/classes/\(w.classA.id)/documents"), (teacher, "/api/v1/sessions"),
                (pupil, "/api/v1/timetable?week=2026-11-23"), (pupil, "/api/v1/timetable?week=2026-10-19"),
                (teacher, "/api/v1/classes/\(w.group.id)/timetable?week=2026-11-23"),
            ]
            var seen: Set<String> = []
            for (session, path) in reads {
                let response = try await app.json(.get, path, as: session)
                #expect(response.status == .ok, "\(path)")
                let names = Self.propertyNames(try JSONSerialization.jsonObject(with: Data(buffer: response.body)))
                #expect(names.filter { !Self.isWireName($0) }.isEmpty, "\(path): \(names.filter { !Self.isWireName($0) }.sorted())")
                seen.formUnion(names)
            }
            // The names that had two spellings are really there, so this test reads what it means to.
            #expect(["classId", "teacherId", "entryId", "pupilId", "courseId", "joinUrl", "movedFrom"].allSatisfy(seen.contains), "\(seen.sorted())")
        }
    }

    @Test func everyPropertyTheDocumentDescribesHasTheOneCasing() throws {
        let url = try #require(ViewRenderer.resourcesURL?.appendingPathComponent("openapi.json"))
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        var names: Set<String> = []
        func walk(_ node: Any) {
            if let object = node as? [String: Any] {
                if let properties = object["properties"] as? [String: Any] { names.formUnion(properties.keys) }
                if object["in"] as? String == "query", let name = object["name"] as? String { names.insert(name) }
                object.values.forEach(walk)
            } else if let array = node as? [Any] {
                array.forEach(walk)
            }
        }
        walk(document)
        #expect(names.count > 50)
        #expect(names.filter { !Self.isWireName($0) }.isEmpty, "\(names.filter { !Self.isWireName($0) }.sorted())")
    }
}
