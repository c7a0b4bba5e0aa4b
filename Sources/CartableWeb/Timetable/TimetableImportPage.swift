import CartableCore

/// Staff's import page: the file, then what it would do (or what is wrong, line by line), then the confirmation.
struct TimetableImportPage {
    struct Line {
        var text: String
    }

    var csv: String
    var from: String
    var hasErrors: Bool
    var errors: [Line]
    var hasPlan: Bool
    var summary: String
    var created: [Line]
    var changed: [Line]
    var removed: [Line]
    var hasCreated: Bool
    var hasChanged: Bool
    var hasRemoved: Bool
    var notice: String?

    init(csv: String, from: String, preview: TimetableImportActions.Preview?, applied: Bool, t: Localizer) {
        self.csv = csv
        self.from = preview?.from.iso ?? from
        errors = (preview?.errors ?? []).map { error in
            let sentence = t(error.key, error.values)
            return Line(text: error.line > 0 ? t("csvLine", ["line": String(error.line), "message": sentence]) : sentence)
        }
        hasErrors = !errors.isEmpty
        let plan = preview?.plan
        hasPlan = plan != nil && !applied
        func describe(_ course: WeeklyCourse) -> String {
            let names = preview.map { preview in course.teacherIDs.map { preview.teacherNames[$0] ?? "" }.joined(separator: ", ") } ?? ""
            let weeks = course.weeks == .every ? "" : " · " + (course.weeks == .weekA ? t("weekA") : t("weekB"))
            return [
                preview?.classNames[course.classID] ?? "", course.subject, t.weekday(course.weekday) + " " + course.start.text + "–" + course.end.text + weeks,
                names, course.room,
            ].filter { !$0.isEmpty }.joined(separator: " · ")
        }
        created = (plan?.created ?? []).map { Line(text: describe($0)) }
        changed = (plan?.changed ?? []).map { Line(text: describe($0.new)) }
        removed = (plan?.removed ?? []).map { Line(text: describe($0)) }
        hasCreated = !created.isEmpty
        hasChanged = !changed.isEmpty
        hasRemoved = !removed.isEmpty
        summary = plan.map { plan in
            t(
                "csvSummary",
                [
                    "from": t.day(preview?.from ?? .distantFuture), "created": String(plan.created.count), "changed": String(plan.changed.count),
                    "removed": String(plan.removed.count), "unchanged": String(plan.unchanged.count),
                ])
        } ?? ""
        notice = applied && plan != nil ? summary : nil
    }
}

extension Localizer {
    /// "lundi" … "dimanche" for ISO weekday 1 … 7.
    func weekday(_ number: Int) -> String {
        let keys = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        return self("day_" + keys[max(0, min(6, number - 1))])
    }
}
