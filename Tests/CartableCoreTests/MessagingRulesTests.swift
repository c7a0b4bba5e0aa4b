import CartableCore
import Foundation
import Testing

/// Who may write to whom, and the checks around a message, on people built by hand (no database).
///
/// The reach rules are checked against a table written out below, not computed from the rules: every sender role ×
/// recipient role × relation × state of the switches.
@Suite struct MessagingRulesTests {
    static let school = School(id: .init(rawValue: "00000000-0000-4000-8000-000000000001"), uai: "0750001A", name: "Collège A")
    static let otherSchool = School(id: .init(rawValue: "00000000-0000-4000-8000-000000000002"), uai: "0750002B", name: "Collège B")
    static let classA = SchoolClass.ID(rawValue: "00000000-0000-4000-8000-00000000000a")
    static let classB = SchoolClass.ID(rawValue: "00000000-0000-4000-8000-00000000000b")
    static let classX = SchoolClass.ID(rawValue: "00000000-0000-4000-8000-0000000000ff")

    static func user(_ n: Int, _ role: Role, school: School = school, disabled: Bool = false) -> User {
        User(
            id: .init(rawValue: "00000000-0000-4000-8000-1000000000\(String(format: "%02d", n))"), schoolID: school.id, login: "u\(n)",
            firstName: "U", lastName: "\(n)", role: role, isDisabled: disabled)
    }

    // MARK: The senders, all of school A and of class A

    /// A pupil of class A (their guardian is user 40).
    static let pupil = Viewer(user: user(1, .pupil), school: school, classIDs: [classA])
    /// The guardian's child, a pupil of class A (not the pupil above).
    static let child = user(3, .pupil)
    /// A guardian whose child is in class A.
    static let guardian = Viewer(user: user(2, .guardian), school: school, children: [.init(pupil: child, classIDs: [classA])])
    /// A teacher of class A.
    static let teacher = Viewer(
        user: user(4, .teacher), school: school, teachings: [Teaching(teacherID: user(4, .teacher).id, classID: classA, subject: "Mathématiques")])
    static let staff = Viewer(user: user(5, .staff), school: school)

    static func sender(_ role: Role) -> Viewer {
        switch role {
        case .pupil: pupil
        case .guardian: guardian
        case .teacher: teacher
        case .staff: staff
        }
    }

    // MARK: The recipients

    enum Relation: String, Sendable, CaseIterable {
        /// Of the sender's class (a pupil or teacher of class A, a guardian of a class A pupil; staff: of the school).
        case sameClass
        /// Of another class of the same school (class B).
        case otherClass
        /// Of another school, though claiming class A's id: only the school keeps them apart.
        case otherSchool
        /// The sender's own family: a pupil's guardian, a guardian's child.
        case family
    }

    /// The recipient of `role` in `relation` to `sender`, with the facts the store would give.
    static func recipient(_ role: Role, _ relation: Relation, of sender: Role) -> MessagingContact {
        switch relation {
        case .family:
            if sender == .pupil && role == .guardian {
                return MessagingContact(user: user(40, .guardian), classIDs: [classA], relatedIDs: [pupil.user.id])
            }
            if sender == .guardian && role == .pupil {
                return MessagingContact(user: child, classIDs: [classA], relatedIDs: [guardian.user.id])
            }
            preconditionFailure("no family relation between a \(sender) and a \(role)")
        case .sameClass, .otherClass, .otherSchool:
            let base = relation == .sameClass ? 10 : relation == .otherClass ? 20 : 30
            let schoolOfThem = relation == .otherSchool ? otherSchool : school
            let classID = relation == .otherClass ? classB : classA
            let pupilUser = user(base, .pupil, school: schoolOfThem)
            let guardianUser = user(base + 1, .guardian, school: schoolOfThem)
            switch role {
            case .pupil: return MessagingContact(user: pupilUser, classIDs: [classID], relatedIDs: [guardianUser.id])
            case .guardian: return MessagingContact(user: guardianUser, classIDs: [classID], relatedIDs: [pupilUser.id])
            case .teacher: return MessagingContact(user: user(base + 2, .teacher, school: schoolOfThem), classIDs: [classID])
            case .staff: return MessagingContact(user: user(base + 3, .staff, school: schoolOfThem))
            }
        }
    }

    // MARK: The switches

    enum Switches: String, Sendable, CaseIterable {
        /// A school that changed nothing.
        case open
        /// The school turned off pupils writing to pupils.
        case noClassmates
        /// The school's switch: only staff send.
        case schoolStaffOnly
        /// The platform's switch: only staff send.
        case platformStaffOnly

        var settings: MessagingSettings {
            switch self {
            case .open: MessagingSettings()
            case .noClassmates: MessagingSettings(pupilsWritePupils: false)
            case .schoolStaffOnly: MessagingSettings(staffOnly: true)
            case .platformStaffOnly: MessagingSettings(platformStaffOnly: true)
            }
        }

        /// Whether this state restricts sending to staff.
        var closesToNonStaff: Bool { self == .schoolStaffOnly || self == .platformStaffOnly }
    }

    // MARK: The table

    static let Y = true
    static let N = false

    struct Row: Sendable, CustomTestStringConvertible {
        var sender: Role
        var recipient: Role
        var relation: Relation
        /// Expected: open, pupils may not write to pupils, school switch on, platform switch on.
        var expected: [Switches: Bool]
        var testDescription: String { "\(sender) → \(recipient) (\(relation.rawValue))" }
    }

    static func row(_ sender: Role, _ recipient: Role, _ relation: Relation, _ open: Bool, _ noClassmates: Bool, _ schoolSwitch: Bool, _ platformSwitch: Bool)
        -> Row
    {
        Row(
            sender: sender, recipient: recipient, relation: relation,
            expected: [.open: open, .noClassmates: noClassmates, .schoolStaffOnly: schoolSwitch, .platformStaffOnly: platformSwitch])
    }

    /// Whether the sender may write to the recipient, written out by hand.
    static let table: [Row] = [
        //   sender     recipient  relation       open noClassmates schoolSwitch platformSwitch
        row(.pupil, .pupil, .sameClass, Y, N, N, N),
        row(.pupil, .pupil, .otherClass, N, N, N, N),
        row(.pupil, .pupil, .otherSchool, N, N, N, N),
        row(.pupil, .guardian, .sameClass, N, N, N, N),
        row(.pupil, .guardian, .otherClass, N, N, N, N),
        row(.pupil, .guardian, .otherSchool, N, N, N, N),
        row(.pupil, .guardian, .family, N, N, N, N),
        row(.pupil, .teacher, .sameClass, Y, Y, N, N),
        row(.pupil, .teacher, .otherClass, N, N, N, N),
        row(.pupil, .teacher, .otherSchool, N, N, N, N),
        row(.pupil, .staff, .sameClass, Y, Y, N, N),
        row(.pupil, .staff, .otherClass, Y, Y, N, N),
        row(.pupil, .staff, .otherSchool, N, N, N, N),

        row(.guardian, .pupil, .sameClass, N, N, N, N),
        row(.guardian, .pupil, .otherClass, N, N, N, N),
        row(.guardian, .pupil, .otherSchool, N, N, N, N),
        row(.guardian, .pupil, .family, Y, Y, N, N),
        row(.guardian, .guardian, .sameClass, N, N, N, N),
        row(.guardian, .guardian, .otherClass, N, N, N, N),
        row(.guardian, .guardian, .otherSchool, N, N, N, N),
        row(.guardian, .teacher, .sameClass, Y, Y, N, N),
        row(.guardian, .teacher, .otherClass, N, N, N, N),
        row(.guardian, .teacher, .otherSchool, N, N, N, N),
        row(.guardian, .staff, .sameClass, Y, Y, N, N),
        row(.guardian, .staff, .otherClass, Y, Y, N, N),
        row(.guardian, .staff, .otherSchool, N, N, N, N),

        row(.teacher, .pupil, .sameClass, Y, Y, N, N),
        row(.teacher, .pupil, .otherClass, Y, Y, N, N),
        row(.teacher, .pupil, .otherSchool, N, N, N, N),
        row(.teacher, .guardian, .sameClass, Y, Y, N, N),
        row(.teacher, .guardian, .otherClass, Y, Y, N, N),
        row(.teacher, .guardian, .otherSchool, N, N, N, N),
        row(.teacher, .teacher, .sameClass, Y, Y, N, N),
        row(.teacher, .teacher, .otherClass, Y, Y, N, N),
        row(.teacher, .teacher, .otherSchool, N, N, N, N),
        row(.teacher, .staff, .sameClass, Y, Y, N, N),
        row(.teacher, .staff, .otherClass, Y, Y, N, N),
        row(.teacher, .staff, .otherSchool, N, N, N, N),

        row(.staff, .pupil, .sameClass, Y, Y, Y, Y),
        row(.staff, .pupil, .otherClass, Y, Y, Y, Y),
        row(.staff, .pupil, .otherSchool, N, N, N, N),
        row(.staff, .guardian, .sameClass, Y, Y, Y, Y),
        row(.staff, .guardian, .otherClass, Y, Y, Y, Y),
        row(.staff, .guardian, .otherSchool, N, N, N, N),
        row(.staff, .teacher, .sameClass, Y, Y, Y, Y),
        row(.staff, .teacher, .otherClass, Y, Y, Y, Y),
        row(.staff, .teacher, .otherSchool, N, N, N, N),
        row(.staff, .staff, .sameClass, Y, Y, Y, Y),
        row(.staff, .staff, .otherClass, Y, Y, Y, Y),
        row(.staff, .staff, .otherSchool, N, N, N, N),
    ]

    @Test func theTableCoversEveryPairOfRolesAndRelation() {
        let roles: [Role] = [.pupil, .guardian, .teacher, .staff]
        var seen = Set<String>()
        for row in Self.table { #expect(seen.insert(row.testDescription).inserted, "\(row.testDescription) twice") }
        for sender in roles {
            for recipient in roles {
                for relation in [Relation.sameClass, .otherClass, .otherSchool] {
                    #expect(seen.contains(Row(sender: sender, recipient: recipient, relation: relation, expected: [:]).testDescription))
                }
            }
        }
        #expect(Self.table.count == 50)
    }

    @Test(arguments: table, Switches.allCases)
    func reach(row: Row, switches: Switches) throws {
        let sender = Self.sender(row.sender)
        let recipient = Self.recipient(row.recipient, row.relation, of: row.sender)
        let settings = switches.settings
        let expected = try #require(row.expected[switches])

        let closed = MessagingRules.closed(for: sender, settings: settings, isSuspended: false)
        #expect(closed == (switches.closesToNonStaff && row.sender != .staff ? .restrictedToStaff : nil), "\(row.testDescription), \(switches)")
        let reaches = MessagingRules.mayReach(sender, recipient, settings: settings)
        #expect((closed == nil && reaches) == expected, "\(row.testDescription), \(switches)")

        // `check` splits the same way `mayReach` answers (the switch is not its business).
        let split = MessagingRules.check(sender, [recipient], settings: settings)
        #expect(split.allowed == (reaches ? [recipient] : []))
        #expect(split.refused == (reaches ? [] : [recipient]))
    }

    @Test(arguments: [Role.pupil, .guardian, .teacher, .staff])
    func nobodyReachesThemselvesNorADisabledAccount(role: Role) {
        let sender = Self.sender(role)
        let settings = MessagingSettings()
        let themselves = MessagingContact(user: sender.user, classIDs: [Self.classA])
        #expect(!MessagingRules.mayReach(sender, themselves, settings: settings))
        #expect(MessagingRules.check(sender, [themselves], settings: settings, repliedTo: sender.user.id).allowed.isEmpty, "not even as a reply")

        // Staff of the school are reached by every role: disabled, by none.
        var disabledStaff = Self.recipient(.staff, .sameClass, of: role)
        #expect(MessagingRules.mayReach(sender, disabledStaff, settings: settings))
        disabledStaff.user.isDisabled = true
        #expect(!MessagingRules.mayReach(sender, disabledStaff, settings: settings))
        #expect(MessagingRules.check(sender, [disabledStaff], settings: settings, repliedTo: disabledStaff.user.id).allowed.isEmpty)

        // The class's teacher too.
        var disabledTeacher = Self.recipient(.teacher, .sameClass, of: role)
        #expect(MessagingRules.mayReach(sender, disabledTeacher, settings: settings))
        disabledTeacher.user.isDisabled = true
        #expect(!MessagingRules.mayReach(sender, disabledTeacher, settings: settings))
    }

    @Test func aPupilReachesATeacherOrClassmateThroughAGroup() {
        let group = SchoolClass.ID(rawValue: "00000000-0000-4000-8000-00000000000c")
        let pupilInGroup = Viewer(user: Self.pupil.user, school: Self.school, classIDs: [Self.classA, group])
        let groupTeacher = MessagingContact(user: Self.user(50, .teacher), classIDs: [group])
        let groupMate = MessagingContact(user: Self.user(51, .pupil), classIDs: [Self.classB, group])
        #expect(MessagingRules.mayReach(pupilInGroup, groupTeacher, settings: MessagingSettings()))
        #expect(MessagingRules.mayReach(pupilInGroup, groupMate, settings: MessagingSettings()))
        #expect(!MessagingRules.mayReach(Self.pupil, groupTeacher, settings: MessagingSettings()), "not in the group")
        #expect(!MessagingRules.mayReach(Self.pupil, groupMate, settings: MessagingSettings()), "not in the group")
    }

    @Test func aGuardianReachesTheTeachersOfEachChild() {
        let second = Self.user(60, .pupil)
        let twoChildren = Viewer(
            user: Self.guardian.user, school: Self.school,
            children: [.init(pupil: Self.child, classIDs: [Self.classA]), .init(pupil: second, classIDs: [Self.classB])])
        let teacherB = Self.recipient(.teacher, .otherClass, of: .guardian)
        #expect(MessagingRules.mayReach(twoChildren, teacherB, settings: MessagingSettings()))
        #expect(!MessagingRules.mayReach(Self.guardian, teacherB, settings: MessagingSettings()))
        #expect(MessagingRules.mayReach(twoChildren, MessagingContact(user: second, classIDs: [Self.classB]), settings: MessagingSettings()))
        // A pupil claiming to be related is not a child: the viewer's children decide.
        let claimer = MessagingContact(user: Self.user(61, .pupil), classIDs: [Self.classA], relatedIDs: [Self.guardian.user.id])
        #expect(!MessagingRules.mayReach(Self.guardian, claimer, settings: MessagingSettings()))
    }

    // MARK: Closed

    /// (sender, settings, suspended, expected)
    static let closedTable: [(Role, MessagingSettings, Bool, MessagingRules.Closed?)] = [
        (.pupil, MessagingSettings(), false, nil),
        (.pupil, MessagingSettings(pupilsWritePupils: false), false, nil),
        (.pupil, MessagingSettings(), true, .suspended),
        (.guardian, MessagingSettings(), true, .suspended),
        (.teacher, MessagingSettings(), true, .suspended),
        (.staff, MessagingSettings(), true, .suspended),
        (.pupil, MessagingSettings(staffOnly: true), false, .restrictedToStaff),
        (.guardian, MessagingSettings(staffOnly: true), false, .restrictedToStaff),
        (.teacher, MessagingSettings(staffOnly: true), false, .restrictedToStaff),
        (.staff, MessagingSettings(staffOnly: true), false, nil),
        (.pupil, MessagingSettings(platformStaffOnly: true), false, .restrictedToStaff),
        (.guardian, MessagingSettings(platformStaffOnly: true), false, .restrictedToStaff),
        (.teacher, MessagingSettings(platformStaffOnly: true), false, .restrictedToStaff),
        (.staff, MessagingSettings(platformStaffOnly: true), false, nil),
        (.staff, MessagingSettings(staffOnly: true, platformStaffOnly: true), false, nil),
        (.staff, MessagingSettings(staffOnly: true), true, .suspended),
        (.teacher, MessagingSettings(staffOnly: false, platformStaffOnly: false), false, nil),
    ]

    @Test(arguments: closedTable.indices)
    func closedSaysWhyNothingMayBeSent(index: Int) {
        let (role, settings, suspended, expected) = Self.closedTable[index]
        #expect(MessagingRules.closed(for: Self.sender(role), settings: settings, isSuspended: suspended) == expected, "\(role) \(settings) \(suspended)")
    }

    @Test func aSuspendedNonStaffWithTheSwitchOnMayNotSendEither() {
        #expect(MessagingRules.closed(for: Self.pupil, settings: MessagingSettings(staffOnly: true), isSuspended: true) != nil)
        #expect(MessagingRules.closed(for: Self.teacher, settings: MessagingSettings(platformStaffOnly: true), isSuspended: true) != nil)
    }

    @Test func isRestrictedToStaffIsEitherSwitch() {
        #expect(!MessagingSettings().isRestrictedToStaff)
        #expect(MessagingSettings(staffOnly: true).isRestrictedToStaff)
        #expect(MessagingSettings(platformStaffOnly: true).isRestrictedToStaff)
        #expect(!MessagingSettings(pupilsWritePupils: false).isRestrictedToStaff)
        let defaults = MessagingSettings()
        #expect(defaults.pupilsWritePupils && !defaults.staffOnly && !defaults.platformStaffOnly)
    }

    // MARK: Replies

    @Test func aReplyToTheAuthorGoesThroughWhereANewMessageWouldNot() {
        let settings = MessagingSettings()
        // A guardian of another class wrote to our guardian (or staff forwarded it): a guardian never reaches a guardian…
        let author = Self.recipient(.guardian, .otherClass, of: .guardian)
        let bystander = Self.recipient(.guardian, .sameClass, of: .guardian)
        #expect(!MessagingRules.mayReach(Self.guardian, author, settings: settings))
        #expect(MessagingRules.check(Self.guardian, [author], settings: settings).refused == [author])
        // …but answers its author.
        let split = MessagingRules.check(Self.guardian, [bystander, author], settings: settings, repliedTo: author.user.id)
        #expect(split.allowed == [author])
        #expect(split.refused == [bystander], "only the author is let through")

        // A pupil answers a pupil of another class, and a guardian, who wrote to them.
        for role in [Role.pupil, .guardian] {
            let writer = Self.recipient(role, .otherClass, of: .pupil)
            #expect(!MessagingRules.mayReach(Self.pupil, writer, settings: MessagingSettings(pupilsWritePupils: false)))
            #expect(
                MessagingRules.check(Self.pupil, [writer], settings: MessagingSettings(pupilsWritePupils: false), repliedTo: writer.user.id).allowed
                    == [writer])
        }

        // Never to another school, nor to a disabled account.
        let foreign = Self.recipient(.teacher, .otherSchool, of: .pupil)
        #expect(MessagingRules.check(Self.pupil, [foreign], settings: settings, repliedTo: foreign.user.id).allowed.isEmpty)
        var disabled = author
        disabled.user.isDisabled = true
        #expect(MessagingRules.check(Self.guardian, [disabled], settings: settings, repliedTo: disabled.user.id).allowed.isEmpty)
    }

    @Test func checkKeepsTheOrderOfTheRecipients() {
        let settings = MessagingSettings()
        let contacts = [
            Self.recipient(.staff, .sameClass, of: .pupil), Self.recipient(.guardian, .sameClass, of: .pupil),
            Self.recipient(.teacher, .sameClass, of: .pupil), Self.recipient(.pupil, .otherClass, of: .pupil),
            Self.recipient(.pupil, .sameClass, of: .pupil),
        ]
        let split = MessagingRules.check(Self.pupil, contacts, settings: settings)
        #expect(split.allowed.map(\.user.id) == [contacts[0], contacts[2], contacts[4]].map(\.user.id))
        #expect(split.refused.map(\.user.id) == [contacts[1], contacts[3]].map(\.user.id))
    }

    // MARK: Lists

    @Test(arguments: [Role.pupil, .guardian, .teacher, .staff])
    func onlyStaffUseTheWholeSchoolAndNobodyAnotherSchoolsClass(role: Role) {
        let sender = Self.sender(role)
        #expect(MessagingRules.mayUse(sender, .wholeSchool, classSchoolID: nil) == (role == .staff))
        #expect(MessagingRules.mayUse(sender, .wholeSchool, classSchoolID: Self.school.id) == (role == .staff))
        for list in [RecipientList.pupils(of: Self.classA), .guardians(of: Self.classA), .teachers(of: Self.classA)] {
            #expect(MessagingRules.mayUse(sender, list, classSchoolID: Self.school.id), "\(role) \(list)")
        }
        for list in [RecipientList.pupils(of: Self.classX), .guardians(of: Self.classX), .teachers(of: Self.classX)] {
            #expect(!MessagingRules.mayUse(sender, list, classSchoolID: Self.otherSchool.id), "\(role) \(list)")
            #expect(!MessagingRules.mayUse(sender, list, classSchoolID: nil), "\(role) \(list) of an unknown class")
        }
    }

    @Test func foreignStaffUseNoClassOfOurSchool() {
        let foreignStaff = Viewer(user: Self.user(70, .staff, school: Self.otherSchool), school: Self.otherSchool)
        #expect(!MessagingRules.mayUse(foreignStaff, .pupils(of: Self.classA), classSchoolID: Self.school.id))
        #expect(MessagingRules.mayUse(foreignStaff, .pupils(of: Self.classX), classSchoolID: Self.otherSchool.id))
    }

    @Test func listKeysGoBothWaysAndJunkIsRefused() {
        let lists: [RecipientList] = [.pupils(of: Self.classA), .guardians(of: Self.classB), .teachers(of: Self.classX), .wholeSchool]
        #expect(lists.map(\.key) == ["pupils:\(Self.classA)", "guardians:\(Self.classB)", "teachers:\(Self.classX)", "school"])
        for list in lists { #expect(RecipientList(key: list.key) == list) }
        #expect(RecipientList(key: "pupils:\(Self.classA.rawValue.uppercased())") == .pupils(of: Self.classA))
        for junk in ["", "everyone", "School", "pupils", "pupils:", "pupils:42", "staff:\(Self.classA)", "pupils:\(Self.classA):x", ":\(Self.classA)"] {
            #expect(RecipientList(key: junk) == nil, "\(junk)")
        }
    }

    // MARK: What is typed

    @Test func aNewMessageNeedsASubjectAndABody() throws {
        let both = #expect(throws: ValidationError.self) { try MessageInput(subject: nil, body: nil).validatedNew() }
        #expect(both?.issues == [FieldIssue(field: "subject", problem: .required), FieldIssue(field: "body", problem: .required)])
        let blank = #expect(throws: ValidationError.self) { try MessageInput(subject: "  \t ", body: "\n\r\n  ").validatedNew() }
        #expect(blank?.issues == [FieldIssue(field: "subject", problem: .required), FieldIssue(field: "body", problem: .required)])
        let noBody = #expect(throws: ValidationError.self) { try MessageInput(subject: "Sortie", body: "").validatedNew() }
        #expect(noBody?.issues == [FieldIssue(field: "body", problem: .required)])
        let onlyControl = #expect(throws: ValidationError.self) { try MessageInput(subject: "\u{0}\u{7}", body: "ok").validatedNew() }
        #expect(onlyControl?.issues == [FieldIssue(field: "subject", problem: .required)])
    }

    @Test func aNewMessageHasItsLimits() throws {
        let subject150 = String(repeating: "é", count: 150)
        let body10k = String(repeating: "a", count: 10_000)
        let fits = try MessageInput(subject: subject150, body: body10k).validatedNew()
        #expect(fits.subject == subject150)
        #expect(fits.body == body10k)

        let tooLong = #expect(throws: ValidationError.self) {
            try MessageInput(subject: subject150 + "é", body: body10k + "a").validatedNew()
        }
        #expect(tooLong?.issues == [FieldIssue(field: "subject", problem: .tooLong(max: 150)), FieldIssue(field: "body", problem: .tooLong(max: 10_000))])
        // Surrounding spaces do not count.
        #expect(try MessageInput(subject: "   " + subject150 + "   ", body: "x").validatedNew().subject == subject150)
    }

    @Test func controlCharactersAreCleanedOut() throws {
        let cleaned = try MessageInput(subject: "  Sortie\u{0} au\tmusée\r\n", body: "\r\nBonjour,\r\nà demain\u{7}.\u{1B}\n\tMme Moreau  \n").validatedNew()
        #expect(cleaned.subject == "Sortie au musée")
        #expect(cleaned.body == "Bonjour,\nà demain.\n\tMme Moreau")
        #expect(try MessageInput(subject: "ignored", body: "Merci\u{0} !\r\n").validatedReply() == "Merci !")
    }

    @Test func aReplyNeedsOnlyABody() throws {
        #expect(try MessageInput(subject: nil, body: "D'accord.").validatedReply() == "D'accord.")
        let empty = #expect(throws: ValidationError.self) { try MessageInput(subject: "Sujet", body: " \n ").validatedReply() }
        #expect(empty?.issues == [FieldIssue(field: "body", problem: .required)])
        let long = #expect(throws: ValidationError.self) { try MessageInput(body: String(repeating: "b", count: 10_001)).validatedReply() }
        #expect(long?.issues == [FieldIssue(field: "body", problem: .tooLong(max: 10_000))])
        #expect(try MessageInput(body: String(repeating: "b", count: 10_000)).validatedReply().count == 10_000)
    }

    // MARK: Who it goes to

    static let idA = "00000000-0000-4000-8000-100000000001"
    static let idB = "00000000-0000-4000-8000-100000000002"

    @Test func recipientsAreReadWithDuplicatesRemoved() throws {
        let input = RecipientsInput(
            people: [Self.idA, " \(Self.idB) ", Self.idA.uppercased(), "", Self.idB],
            lists: ["school", "pupils:\(Self.classA)", " school", "pupils:\(Self.classA)", "  "])
        let read = try input.validated()
        #expect(read.people == [User.ID(rawValue: Self.idA), User.ID(rawValue: Self.idB)])
        #expect(read.lists == [.wholeSchool, .pupils(of: Self.classA)])

        #expect(try RecipientsInput(people: [Self.idA]).validated().lists.isEmpty)
        let onlyList = try RecipientsInput(lists: ["teachers:\(Self.classB)"]).validated()
        #expect(onlyList.people.isEmpty)
        #expect(onlyList.lists == [.teachers(of: Self.classB)])
    }

    @Test func junkIsRefusedNotDropped() {
        for input in [
            RecipientsInput(people: [Self.idA, "not-an-id"]),
            RecipientsInput(people: ["1; DROP TABLE users"], lists: ["school"]),
            RecipientsInput(people: [Self.idA], lists: ["everyone"]),
            RecipientsInput(lists: ["pupils:\(Self.classA)", "pupils:junk"]),
        ] {
            let error = #expect(throws: ValidationError.self) { try input.validated() }
            #expect(error?.issues == [FieldIssue(field: "to", problem: .invalidChoice)], "\(input)")
        }
    }

    @Test func someoneMustBeNamed() {
        for input in [RecipientsInput(), RecipientsInput(people: ["", "  "], lists: ["\t"])] {
            let error = #expect(throws: ValidationError.self) { try input.validated() }
            #expect(error?.issues == [FieldIssue(field: "to", problem: .required)])
        }
    }

    @Test func atMostFiveThousandPeople() throws {
        func ids(_ count: Int) -> [String] { (0..<count).map { String(format: "00000000-0000-4000-8000-%012d", $0) } }
        #expect(try RecipientsInput(people: ids(5_000)).validated().people.count == 5_000)
        let error = #expect(throws: ValidationError.self) { try RecipientsInput(people: ids(5_001)).validated() }
        #expect(error?.issues == [FieldIssue(field: "to", problem: .tooMany(max: 5_000))])
    }

    // MARK: Recall

    @Test func aMessageIsRecallableWithinTheHour() {
        let sent = Date(timeIntervalSince1970: 1_795_420_800)
        var message = Message(
            id: .init(rawValue: "00000000-0000-4000-8000-400000000001"), schoolID: Self.school.id,
            threadID: .init(rawValue: "00000000-0000-4000-8000-400000000002"), authorID: Self.teacher.user.id, body: "x", sentAt: sent,
            recipientIDs: [Self.pupil.user.id])
        #expect(message.isRecallable(at: sent))
        #expect(message.isRecallable(at: sent.addingTimeInterval(59 * 60)))
        #expect(!message.isRecallable(at: sent.addingTimeInterval(61 * 60)))
        #expect(!message.isRecallable(at: sent.addingTimeInterval(86_400)))
        message.recalledAt = sent.addingTimeInterval(60)
        #expect(!message.isRecallable(at: sent.addingTimeInterval(2 * 60)), "already recalled")
    }

    // MARK: The access policy

    static let foreignStaff = Viewer(user: user(80, .staff, school: otherSchool), school: otherSchool)
    static let otherPupil = Viewer(user: user(81, .pupil), school: school, classIDs: [classA])

    /// A thread in which the teacher wrote to the pupil and the guardian.
    static let view = ThreadView(
        thread: MessageThread(
            id: .init(rawValue: "00000000-0000-4000-8000-500000000001"), schoolID: school.id, subject: "Sortie", startedBy: teacher.user.id,
            startedAt: Date(timeIntervalSince1970: 1_795_420_800)),
        items: [
            .init(
                message: Message(
                    id: .init(rawValue: "00000000-0000-4000-8000-500000000002"), schoolID: school.id,
                    threadID: .init(rawValue: "00000000-0000-4000-8000-500000000001"), authorID: teacher.user.id, body: "Bonjour",
                    sentAt: Date(timeIntervalSince1970: 1_795_420_800), recipientIDs: [pupil.user.id, guardian.user.id]), wasUnread: true)
        ])
    static let teachersMessage = view.items[0].message

    static func withSchool(_ message: Message, _ schoolID: School.ID) -> Message {
        var message = message
        message.schoolID = schoolID
        return message
    }

    /// (name, viewer, action, allowed)
    static let policyTable: [(String, Viewer, AccessPolicy.Action, Bool)] = [
        ("the author reads the thread", teacher, .readThread(view), true),
        ("a recipient reads the thread", pupil, .readThread(view), true),
        ("another recipient reads the thread", guardian, .readThread(view), true),
        ("a pupil not in it", otherPupil, .readThread(view), false),
        ("staff not in it", staff, .readThread(view), false),
        (
            "a participant, the thread said to be of another school", pupil,
            .messages(.readThread(participantIDs: view.participantIDs, schoolID: otherSchool.id)), false
        ),
        (
            "another school's staff named as a participant", foreignStaff,
            .messages(.readThread(participantIDs: view.participantIDs.union([foreignStaff.user.id]), schoolID: school.id)), false
        ),
        ("the author recalls", teacher, .recall(teachersMessage), true),
        ("a recipient recalls", pupil, .recall(teachersMessage), false),
        ("staff recall a teacher's message", staff, .recall(teachersMessage), false),
        ("the author recalls a message of another school", teacher, .recall(withSchool(teachersMessage, otherSchool.id)), false),
        ("staff send no-reply", staff, .sendNoReply(schoolID: school.id), true),
        ("a teacher sends no-reply", teacher, .sendNoReply(schoolID: school.id), false),
        ("a pupil sends no-reply", pupil, .sendNoReply(schoolID: school.id), false),
        ("a guardian sends no-reply", guardian, .sendNoReply(schoolID: school.id), false),
        ("staff send no-reply in another school", staff, .sendNoReply(schoolID: otherSchool.id), false),
        ("another school's staff send no-reply here", foreignStaff, .sendNoReply(schoolID: school.id), false),
        ("staff manage messaging", staff, .manageMessaging(schoolID: school.id), true),
        ("a teacher manages messaging", teacher, .manageMessaging(schoolID: school.id), false),
        ("a pupil manages messaging", pupil, .manageMessaging(schoolID: school.id), false),
        ("a guardian manages messaging", guardian, .manageMessaging(schoolID: school.id), false),
        ("staff manage another school's messaging", staff, .manageMessaging(schoolID: otherSchool.id), false),
        ("another school's staff manage ours", foreignStaff, .manageMessaging(schoolID: school.id), false),
        ("another school's staff manage theirs", foreignStaff, .manageMessaging(schoolID: otherSchool.id), true),
    ]

    @Test(arguments: policyTable.indices)
    func policyDecides(index: Int) {
        let (name, viewer, action, allowed) = Self.policyTable[index]
        #expect(AccessPolicy().allows(viewer, action) == allowed, "\(name)")
    }

    @Test func aDisabledParticipantOrStaffMayDoNothingWithMessages() {
        var pupil = Self.pupil
        pupil.user.isDisabled = true
        #expect(!AccessPolicy().allows(pupil, .readThread(Self.view)))
        var teacher = Self.teacher
        teacher.user.isDisabled = true
        #expect(!AccessPolicy().allows(teacher, .recall(Self.teachersMessage)))
        var staff = Self.staff
        staff.user.isDisabled = true
        #expect(!AccessPolicy().allows(staff, .manageMessaging(schoolID: Self.school.id)))
        #expect(!AccessPolicy().allows(staff, .sendNoReply(schoolID: Self.school.id)))
    }

    @Test func participantsAreTheAuthorsAndRecipientsOfWhatOneSees() {
        #expect(Self.view.participantIDs == [Self.teacher.user.id, Self.pupil.user.id, Self.guardian.user.id])
        // A recipient's view lists only themself among a message's recipients: the others are not participants for them.
        var mine = Self.view
        mine.items[0].message.recipientIDs = [Self.pupil.user.id]
        #expect(mine.participantIDs == [Self.teacher.user.id, Self.pupil.user.id])
        #expect(!AccessPolicy().allows(Self.guardian, .readThread(mine)))
    }
}
