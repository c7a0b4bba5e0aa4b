import CartableCore
import CartableStore
import Foundation

/// A realistic collège to try Cartable with: 24 classes from 6e to 3e, about 600 pupils and their
/// guardians, about 40 teachers, language groups, and two weeks of homework notebook.
///
/// Everything (names, ids) comes from a seeded generator, so the school is the same on every machine
/// and a second run finds it again instead of making a new one.
public struct DemoSchool: Sendable {
    /// The password of every demo account.
    public static let password = "cartable-demo"
    /// The demo school's UAI code.
    public static let uai = "0759999Z"

    /// A class's weekly lessons of one subject.
    struct Course {
        var classID: SchoolClass.ID
        var className: String
        var subject: String
        var teacherID: User.ID
        var teacherName: String
        /// ISO weekdays (1 = Monday).
        var weekdays: [Int]
    }

    /// The school.
    public let school: School
    /// Everyone in it, its classes and teachings.
    public var roster = Roster()
    var courses: [Course] = []
    /// 0 for the demo collège, 1, 2, … for the benchmark's.
    let number: Int

    /// Builds the school. `number` 0 is the demo collège; the surge benchmark makes many more (numbers
    /// 1, 2, …), each with its own UAI, ids and logins prefixed `c<number>.` so that they never collide.
    public init(number: Int = 0, pupilsPerClass: Int = 25, passwordHash: String) {
        self.number = number
        var random = SeededGenerator(seed: 20_210_406 &+ UInt64(number) &* 7_919)
        let prefix = number == 0 ? "" : "c\(number)."
        school = School(
            id: School.ID(rawValue: random.uuid()), uai: number == 0 ? Self.uai : String(format: "08%05dS", number),
            name: number == 0 ? "Collège Jean Moulin" : "Collège n° \(number)")
        roster.schools = [school]
        var logins: Set<String> = []

        func account(_ first: String, _ last: String, _ role: Role, login preferred: String? = nil) -> User {
            var login = prefix + (preferred ?? "\(Self.ascii(first)).\(Self.ascii(last))")
            if preferred == nil, logins.contains(login) {
                var suffix = 2
                while logins.contains("\(login)\(suffix)") { suffix += 1 }
                login += String(suffix)
            }
            logins.insert(login)
            let user = User(
                id: User.ID(rawValue: random.uuid()), schoolID: school.id, login: login, firstName: first, lastName: last, role: role)
            roster.accounts.append(Roster.Account(user: user, passwordHash: passwordHash))
            return user
        }

        // Staff.
        _ = account("Jean", "Dupont", .staff, login: "direction")
        _ = account("Nadia", "Benali", .staff)
        _ = account("Marc", "Lefèvre", .staff)

        // Classes and groups.
        let levels = ["6e", "5e", "4e", "3e"]
        let letters = ["A", "B", "C", "D", "E", "F"]
        var divisions: [String: [SchoolClass]] = [:]
        var groups: [String: [String: SchoolClass]] = [:]
        for level in levels {
            for letter in letters {
                let schoolClass = SchoolClass(
                    id: SchoolClass.ID(rawValue: random.uuid()), schoolID: school.id, name: "\(level) \(letter)", kind: .division, level: level)
                divisions[level, default: []].append(schoolClass)
                roster.classes.append(schoolClass)
            }
            if level != "6e" {
                for subject in ["Espagnol", "Allemand", "Latin"] {
                    let group = SchoolClass(
                        id: SchoolClass.ID(rawValue: random.uuid()), schoolID: school.id, name: "\(subject) \(level)", kind: .group, level: level)
                    groups[level, default: [:]][subject] = group
                    roster.classes.append(group)
                }
            }
        }

        // Teachers: (subject, how many). Each teacher of a subject takes a share of the divisions.
        let staffing: [(String, Int)] = [
            ("Mathématiques", 6), ("Français", 6), ("Histoire-géographie", 5), ("Anglais", 5), ("SVT", 3), ("Physique-chimie", 3),
            ("Technologie", 2), ("Arts plastiques", 1), ("Éducation musicale", 1), ("EPS", 4), ("Espagnol", 3), ("Allemand", 1), ("Latin", 1),
        ]
        let allDivisions = levels.flatMap { divisions[$0] ?? [] }
        var teachersBySubject: [String: [User]] = [:]
        for (subject, count) in staffing {
            for index in 0..<count {
                let isDemoTeacher = subject == "Mathématiques" && index == 0
                let first = isDemoTeacher ? "Claire" : Self.firstNames[random.next(upperBound: Self.firstNames.count)]
                let last = isDemoTeacher ? "Moreau" : Self.lastNames[random.next(upperBound: Self.lastNames.count)]
                teachersBySubject[subject, default: []].append(account(first, last, .teacher, login: isDemoTeacher ? "prof" : nil))
            }
        }
        let weekPatterns: [String: [[Int]]] = [
            "Mathématiques": [[1, 3, 4], [2, 4, 5], [1, 2, 5]], "Français": [[1, 2, 4, 5], [1, 3, 4, 5], [2, 3, 4, 5]],
            "Histoire-géographie": [[2, 5], [1, 4], [3, 5]], "Anglais": [[1, 3, 5], [2, 4, 5], [1, 2, 4]], "SVT": [[2], [4], [1]],
            "Physique-chimie": [[4], [1], [5]], "Technologie": [[5], [2], [3]], "Arts plastiques": [[3], [4]], "Éducation musicale": [[2], [1]],
            "EPS": [[2, 4], [1, 3], [4, 5]], "Espagnol": [[2, 4]], "Allemand": [[2, 4]], "Latin": [[1]],
        ]
        for (subject, _) in staffing where !["Espagnol", "Allemand", "Latin"].contains(subject) {
            let teachers = teachersBySubject[subject] ?? []
            for (index, division) in allDivisions.enumerated() {
                // The demo teacher (first of mathematics) has 4e B among their classes: give teachers consecutive blocks.
                let teacher = teachers[min(teachers.count - 1, index * teachers.count / allDivisions.count)]
                let patterns = weekPatterns[subject] ?? [[1]]
                addCourse(division, subject, teacher, patterns[index % patterns.count])
            }
        }
        for level in levels where level != "6e" {
            for subject in ["Espagnol", "Allemand", "Latin"] {
                guard let group = groups[level]?[subject] else { continue }
                let teachers = teachersBySubject[subject] ?? []
                let teacher = teachers[(levels.firstIndex(of: level) ?? 0) % teachers.count]
                addCourse(group, subject, teacher, weekPatterns[subject]?.first ?? [1])
            }
        }
        // Make sure `prof` teaches mathematics to 4e B.
        if let fourB = divisions["4e"]?[1], let prof = teachersBySubject["Mathématiques"]?.first,
            let index = courses.firstIndex(where: { $0.classID == fourB.id && $0.subject == "Mathématiques" }), courses[index].teacherID != prof.id
        {
            courses[index].teacherID = prof.id
            courses[index].teacherName = prof.displayName
        }
        roster.teachings = courses.map { Teaching(teacherID: $0.teacherID, classID: $0.classID, subject: $0.subject) }

        // Pupils and guardians.
        let fourB = divisions["4e"]![1]
        let sixA = divisions["6e"]![0]
        let demoParent = account("Sophie", "Martin", .guardian, login: "parent")
        for level in levels {
            for division in divisions[level] ?? [] {
                for seat in 0..<pupilsPerClass {
                    let pupil: User
                    var guardian: User?
                    if division.id == fourB.id && seat == 0 {
                        pupil = account("Léa", "Martin", .pupil, login: "eleve")
                        guardian = demoParent
                    } else if division.id == sixA.id && seat == 0 {
                        pupil = account("Hugo", "Martin", .pupil)
                        guardian = demoParent
                    } else {
                        let last = Self.lastNames[random.next(upperBound: Self.lastNames.count)]
                        pupil = account(Self.firstNames[random.next(upperBound: Self.firstNames.count)], last, .pupil)
                        let parentFirst = Self.firstNames[random.next(upperBound: Self.firstNames.count)]
                        guardian = account(parentFirst, last, .guardian)
                        if random.next(upperBound: 3) == 0 {
                            let second = account(Self.firstNames[random.next(upperBound: Self.firstNames.count)], last, .guardian)
                            roster.guardianships.append((second.id, pupil.id))
                        }
                    }
                    roster.enrolments.append((division.id, pupil.id))
                    if let guardian { roster.guardianships.append((guardian.id, pupil.id)) }
                    if level != "6e" {
                        let language = pupil.login == prefix + "eleve" || random.next(upperBound: 10) < 7 ? "Espagnol" : "Allemand"
                        if let group = groups[level]?[language] { roster.enrolments.append((group.id, pupil.id)) }
                        if random.next(upperBound: 5) == 0, let latin = groups[level]?["Latin"] {
                            roster.enrolments.append((latin.id, pupil.id))
                        }
                    }
                }
            }
        }

        func addCourse(_ schoolClass: SchoolClass, _ subject: String, _ teacher: User, _ weekdays: [Int]) {
            courses.append(
                Course(
                    classID: schoolClass.id, className: schoolClass.name, subject: subject, teacherID: teacher.id,
                    teacherName: teacher.displayName, weekdays: weekdays))
        }
    }

    /// Notebook entries for every lesson held after `after` (exclusive) and up to `today`, from the Monday of
    /// last week at the earliest; work is due at the subject's next lesson.
    public func entries(upTo today: LocalDate, after: LocalDate?, createdAt: Date) -> [NotebookEntry] {
        var random = SeededGenerator(seed: UInt64(bitPattern: Int64(today.dayNumber)) &+ UInt64(number) &* 1_000_003)
        let start = max(today.startOfWeek.adding(days: -7), after.map { $0.adding(days: 1) } ?? .init(dayNumber: .min))
        var entries: [NotebookEntry] = []
        guard start <= today else { return [] }
        for dayNumber in start.dayNumber...today.dayNumber {
            let day = LocalDate(dayNumber: dayNumber)
            guard day.isoWeekday <= 5 else { continue }
            for (index, course) in courses.enumerated() where course.weekdays.contains(day.isoWeekday) {
                let lessons = DemoTexts.lessons[course.subject] ?? []
                guard !lessons.isEmpty else { continue }
                let lesson = lessons[(dayNumber + index) % lessons.count]
                let due = lesson.work.isEmpty ? nil : nextLesson(of: course, after: day)
                let content = EntryContent(
                    subject: course.subject, sessionDate: day, done: lesson.done, work: lesson.work, dueDate: due,
                    estimatedMinutes: lesson.work.isEmpty ? nil : [10, 15, 20, 30, 45][random.next(upperBound: 5)],
                    links: lesson.link.map { [EntryLink(title: $0.title, url: $0.url)] } ?? [])
                entries.append(
                    NotebookEntry(
                        id: NotebookEntry.ID(rawValue: random.uuid()), schoolID: school.id, classID: course.classID, teacherID: course.teacherID,
                        content: content, createdAt: createdAt, updatedAt: createdAt, teacherName: course.teacherName, className: course.className))
            }
        }
        return entries
    }

    private func nextLesson(of course: Course, after day: LocalDate) -> LocalDate {
        var candidate = day.adding(days: 1)
        while !(candidate.isoWeekday <= 5 && course.weekdays.contains(candidate.isoWeekday)) { candidate = candidate.adding(days: 1) }
        return candidate
    }

    /// Lower-case ASCII for logins: "Hélène" → "helene".
    static func ascii(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "fr_FR")).lowercased()
        return String(folded.unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.map(Character.init))
    }

    static let firstNames = [
        "Emma", "Louise", "Jade", "Alice", "Chloé", "Lina", "Mila", "Léa", "Manon", "Rose", "Anna", "Inès", "Camille", "Lola", "Ambre",
        "Léna", "Zoé", "Juliette", "Julia", "Lou", "Sarah", "Lucie", "Mia", "Jeanne", "Romane", "Agathe", "Eva", "Nina", "Charlotte",
        "Inaya", "Gabriel", "Léo", "Raphaël", "Arthur", "Louis", "Jules", "Adam", "Maël", "Lucas", "Hugo", "Noah", "Liam", "Gabin",
        "Sacha", "Paul", "Nathan", "Aaron", "Mohamed", "Ethan", "Tom", "Éden", "Léon", "Noé", "Tiago", "Théo", "Isaac", "Marius",
        "Victor", "Ayden", "Martin", "Naël", "Mathis", "Axel", "Robin", "Timéo", "Enzo", "Marceau", "Valentin", "Nolan", "Malo", "Yanis",
    ]

    static let lastNames = [
        "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon", "Michel",
        "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
        "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier",
        "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu",
        "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun",
        "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard", "Roche",
        "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud",
        "Dumas", "Lacroix", "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq",
        "Guillaume", "Lecomte", "Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin",
        "Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet", "Adam", "Paris", "Poirier",
        "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier", "Ménard", "Maillard", "Baron", "Bertin", "Bailly",
        "Hervé", "Schneider", "Fernandez", "Le Gall", "Collet", "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel",
        "Diallo", "Traoré", "Nguyen", "Benali", "Haddad", "Kone", "Da Silva", "Ferreira", "Pereira", "Cohen", "Bensaïd", "Yilmaz",
    ]
}

extension SeededGenerator {
    /// A number in `0..<upperBound`.
    mutating func next(upperBound: Int) -> Int {
        Int(next() % UInt64(upperBound))
    }
}
