extension Catalogue {
    /// Attendance: the roll, absences, justifications and incident windows; this feature's messages, in both languages.
    static let attendanceMessages: [Message] = [
        Message("rollLink", "Faire l'appel", "Take the roll"),
        Message("rollTitle", "Appel", "Roll call"),
        Message("rollHeading", "Appel · {subject} · {class}", "Roll call · {subject} · {class}"),
        Message(
            "rollHint", "Tout le monde est présent au départ : touchez seulement les élèves absents ou en retard. Chaque choix est enregistré tout de suite.",
            "Everyone starts present: tap only the pupils who are absent or late. Each choice is saved at once."),
        Message("rollOpensAt", "L'appel ouvre à {time}, au début du cours.", "The roll opens at {time}, when the lesson starts."),
        Message("rollOpensOn", "L'appel ouvre {date} à {time}, au début du cours.", "The roll opens on {date} at {time}, when the lesson starts."),
        Message(
            "rollClosed", "Ce jour est passé : seule la vie scolaire peut encore corriger cet appel.",
            "This day is over: only the school office can still correct this roll."),
        Message("rollCancelled", "Ce cours est annulé : il n'y a pas d'appel.", "This lesson is cancelled: there is no roll."),
        Message("rollPresent", "Présent", "Present"),
        Message("rollAbsent", "Absent", "Absent"),
        Message("rollLate", "En retard", "Late"),
        Message("rollLeftEarly", "Parti avant la fin", "Left early"),
        Message("rollMinutes", "Minutes", "Minutes"),
        Message("rollRemark", "Remarque", "Remark"),
        Message("rollSaveRemark", "Noter", "Save"),
        Message("rollIsLate", "en retard de {minutes} min", "{minutes} min late"),
        Message("rollIsLeftEarly", "parti {minutes} min avant la fin", "left {minutes} min early"),
        Message("rollJoinedAt", "a rejoint la classe à {time}", "joined the class at {time}"),
        Message("rollNoJoin", "ne s'est pas connecté : absent ?", "did not connect: absent?"),
        Message("rollMarkUnjoined", "Marquer absents les élèves non connectés", "Mark the pupils who did not connect absent"),
        Message("rollUnjoinedMarked", "Les élèves non connectés sont notés absents.", "The pupils who did not connect are marked absent."),
        Message("rollCount", "Élèves : {count} · absents : {absent} · en retard : {late}", "Pupils: {count} · absent: {absent} · late: {late}"),
        Message("rollDone", "L'appel est fait", "The roll is done"),
        Message("rollTaken", "Appel enregistré. Merci !", "Roll saved. Thank you!"),
        Message("rollTakenAt", "Appel fait à {time}. Vous pouvez encore le corriger aujourd'hui.", "Roll done at {time}. You can still correct it today."),
        Message("rollSaved", "Enregistré.", "Saved."),
        Message("rollNoPupils", "Personne n'est inscrit dans cette classe ou ce groupe.", "Nobody is enrolled in this class or group."),
        Message("rollBack", "Retour à l'emploi du temps", "Back to the timetable"),
    ]
}
