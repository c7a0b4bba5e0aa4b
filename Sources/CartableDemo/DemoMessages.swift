import CartableCore
import CartableStore
import Foundation

extension DemoSchool {
    /// The demo school's conversations: a teacher's word to the families of 4e B with a parent's reply, the demo
    /// pupil's question to her teacher answered (unread), and the principal's information message, which nobody
    /// answers. The same every run, dated from `now`.
    public func demoMessages(now: Date) -> [(thread: MessageThread?, message: Message)] {
        var random = SeededGenerator(seed: 14_032_024 &+ UInt64(number))
        func user(_ login: String) -> User? { roster.accounts.first { $0.user.login == login }?.user }
        guard let prof = user("prof"), let pupil = user("eleve"), let parent = user("parent"), let principal = user("direction"),
            let fourB = roster.classes.first(where: { $0.name == "4e B" })
        else { return [] }
        let pupils = Set(roster.enrolments.filter { $0.classID == fourB.id }.map(\.pupilID))
        let families = Array(Set(roster.guardianships.filter { pupils.contains($0.pupilID) }.map(\.guardianID))).sorted()
        var sent: [(thread: MessageThread?, message: Message)] = []
        func thread(_ subject: String, by author: User, hoursAgo: Double, noReply: Bool = false) -> MessageThread {
            MessageThread(
                id: .init(rawValue: random.uuid()), schoolID: school.id, subject: subject, startedBy: author.id,
                startedAt: now.addingTimeInterval(-hoursAgo * 3600), noReply: noReply)
        }
        func message(_ thread: MessageThread, by author: User, to recipients: [User.ID], hoursAgo: Double, _ body: String) -> Message {
            Message(
                id: .init(rawValue: random.uuid()), schoolID: school.id, threadID: thread.id, authorID: author.id, body: body,
                sentAt: now.addingTimeInterval(-hoursAgo * 3600), recipientIDs: recipients)
        }

        let outing = thread("Sortie au musée des Arts et Métiers", by: prof, hoursAgo: 50)
        sent.append(
            (outing,
             message(
                outing, by: prof, to: families, hoursAgo: 50,
                """
                Bonjour,

                Jeudi, la 4e B visite le musée des Arts et Métiers avec Mme Moreau et M. Durand. Départ du collège à 13:30, retour vers 17:00.
                Merci de rendre l'autorisation signée avant mercredi.

                Bonne journée,
                Claire Moreau
                """)))
        sent.append((nil, message(outing, by: parent, to: [prof.id], hoursAgo: 47, "Bonjour Madame, Léa vous rendra l'autorisation signée demain. Merci pour cette sortie ! Sophie Martin")))

        let question = thread("Exercice 12 page 87", by: pupil, hoursAgo: 20)
        sent.append((question, message(question, by: pupil, to: [prof.id], hoursAgo: 20, "Bonjour Madame, je ne comprends pas la question b de l'exercice 12. Il faut développer ou factoriser ?")))
        sent.append(
            (nil,
             message(
                question, by: prof, to: [pupil.id], hoursAgo: 18,
                "Bonjour Léa, il faut factoriser : cherche le facteur commun aux deux termes. On le corrigera ensemble lundi.")))

        let meeting = thread("Réunion parents-professeurs des 4e", by: principal, hoursAgo: 6, noReply: true)
        sent.append(
            (meeting,
             message(
                meeting, by: principal, to: families, hoursAgo: 6,
                """
                Madame, Monsieur,

                La réunion parents-professeurs des classes de 4e aura lieu mardi prochain de 17:00 à 20:00. Les rendez-vous se prennent auprès du professeur principal.

                Jean Dupont, principal
                """)))
        return sent
    }
}

extension DemoSchool {
    /// The demo's announcements (the principal's to the whole school; Claire Moreau's to 4e B, acknowledgements
    /// asked, some families confirmed, the demo parent not yet) and one urgent banner, dated from `now`.
    public func demoAnnouncements(now: Date) -> (announcements: [Announcement], acks: [(Announcement.ID, User.ID, User.ID)], banner: Banner?) {
        var random = SeededGenerator(seed: 21_032_024 &+ UInt64(number))
        func user(_ login: String) -> User? { roster.accounts.first { $0.user.login == login }?.user }
        guard let prof = user("prof"), let principal = user("direction"), let parent = user("parent"),
            let fourB = roster.classes.first(where: { $0.name == "4e B" })
        else { return ([], [], nil) }
        let day: TimeInterval = 86_400
        let school = Announcement(
            id: .init(rawValue: random.uuid()), schoolID: self.school.id, authorID: principal.id, title: "Photos de classe jeudi",
            body: "Le photographe passe jeudi matin. Les bons de commande seront distribués la semaine suivante.", audience: [.pupils, .guardians],
            classIDs: [], visibleFrom: now.addingTimeInterval(-day), visibleUntil: now.addingTimeInterval(6 * day), needsAck: false,
            createdAt: now.addingTimeInterval(-day))
        let outing = Announcement(
            id: .init(rawValue: random.uuid()), schoolID: self.school.id, authorID: prof.id, title: "Sortie au musée : autorisation à signer",
            body: "Merci de confirmer que vous avez lu : la sortie de jeudi demande l'autorisation signée avant mercredi.", audience: [.guardians],
            classIDs: [fourB.id], visibleFrom: now.addingTimeInterval(-2 * day), visibleUntil: now.addingTimeInterval(3 * day), needsAck: true,
            createdAt: now.addingTimeInterval(-2 * day))
        let pupils = Set(roster.enrolments.filter { $0.classID == fourB.id }.map(\.pupilID))
        let families = roster.guardianships.filter { pupils.contains($0.pupilID) && $0.guardianID != parent.id }.sorted { $0.guardianID < $1.guardianID }
        // Two families in three have confirmed.
        let acks = families.enumerated().filter { $0.offset % 3 != 2 }.map { (outing.id, $0.element.guardianID, $0.element.pupilID) }
        let banner = Banner(
            id: .init(rawValue: random.uuid()), schoolID: self.school.id, text: "Les classes virtuelles de 9h sont reportées à 9h30 ce matin.",
            startsAt: now.addingTimeInterval(-600), endsAt: now.addingTimeInterval(3 * 3600), createdBy: principal.id)
        return ([school, outing], acks, banner)
    }
}
