import CartableCore

extension SampleSchool {
    /// A group of the school's year: an LV2 class of one level.
    struct Group: Sendable {
        var code: String
        var label: String
        var subject: SampleSubject
        var divisions: [String]
    }

    /// How the year's pupils are cut into divisions and groups, from their levels and order.
    struct Layout: Sendable {
        /// Each pupil's division code (`Inactifs` for the inactive one), by index in ``SampleSchool/pupils``.
        var division: [String]
        /// Each pupil's group code, if any.
        var group: [String?]
        /// The kept pupils' divisions, in level and letter order.
        var divisions: [(code: String, label: String)]
        /// The kept pupils' groups.
        var groups: [Group]
    }

    /// The division letters: `A`…`Z`, then `AA`, `AB`… (as spreadsheet columns are named).
    static func letters(_ index: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var rest = index + 1
        var letters = ""
        while rest > 0 {
            rest -= 1
            letters = String(alphabet[rest % 26]) + letters
            rest /= 26
        }
        return letters
    }

    /// The year's divisions and groups: each level's enrolled pupils are dealt in turn into ⌈n / 28⌉ divisions and,
    /// two in three, into Spanish, else German; pupils who left are dealt the same way (so their divisions exist).
    func layout() -> Layout {
        var division = [String](repeating: "", count: pupils.count)
        var group = [String?](repeating: nil, count: pupils.count)
        var divisions: [(code: String, label: String)] = []
        var groups: [Group] = []
        for (level, prefix) in kind.levels.enumerated() {
            let enrolled = pupils.indices.filter { pupils[$0].level == level && pupils[$0].status == .enrolled }
            let left = pupils.indices.filter { pupils[$0].level == level && pupils[$0].status == .left }
            let count = max(1, (enrolled.count + 27) / 28)
            var spanish: Set<String> = []
            var german: Set<String> = []
            for (offset, index) in enrolled.enumerated() {
                division[index] = prefix + Self.letters(offset % count)
                let isGerman = offset % 3 == 2
                group[index] = prefix + (isGerman ? "ALL2" : "ESP2")
                if isGerman { german.insert(division[index]) } else { spanish.insert(division[index]) }
            }
            for (offset, index) in left.enumerated() {
                division[index] = prefix + Self.letters(offset % count)
                group[index] = prefix + (offset % 3 == 2 ? "ALL2" : "ESP2")
            }
            for index in pupils.indices where pupils[index].level == level {
                switch pupils[index].status {
                case .inactive: division[index] = "Inactifs"
                case .withoutNationalID: division[index] = prefix + "A"
                case .enrolled, .left: break
                }
            }
            guard !enrolled.isEmpty else { continue }
            for letter in 0..<min(count, enrolled.count) {
                divisions.append((prefix + Self.letters(letter), kind.levelNames[level] + " " + Self.letters(letter)))
            }
            for (subject, members, code) in [(SampleSubject.spanish, spanish, "ESP2"), (SampleSubject.german, german, "ALL2")] where !members.isEmpty
            {
                groups.append(
                    Group(code: prefix + code, label: subject.long + " " + kind.levelNames[level], subject: subject, divisions: members.sorted()))
            }
        }
        return Layout(division: division, group: group, divisions: divisions, groups: groups)
    }

    /// The counts parsing this year's four files must give (see ``Counts`` for what each counts).
    public var expected: Counts {
        let layout = layout()
        let enrolled = pupils.filter { $0.status == .enrolled }
        var skipped: [SchoolRecords.SkipReason: Int] = [:]
        for pupil in pupils {
            switch pupil.status {
            case .enrolled: break
            case .left: skipped[.left, default: 0] += 1
            case .inactive: skipped[.inactive, default: 0] += 1
            case .withoutNationalID: skipped[.noNationalID, default: 0] += 1
            }
        }
        var guardians: Set<Int> = []
        var links = 0
        for pupil in enrolled {
            let legal = Set(pupil.links.filter(\.isLegal).map(\.personID))
            guardians.formUnion(legal)
            links += legal.count
        }
        return Counts(
            pupils: enrolled.count, skipped: skipped, divisions: layout.divisions.count, groups: layout.groups.count,
            guardians: guardians.count, guardianships: links, teachers: staff.filter { $0.function == "ENS" }.count,
            teachings: layout.divisions.count * kind.divisionSubjects.count + layout.groups.count, subjects: SampleSubject.all.count)
    }
}
