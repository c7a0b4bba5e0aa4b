/// Notebook texts in French, per subject: what was done in class, and the work set.
enum DemoTexts {
    struct Lesson {
        var done: String
        var work: String
        var link: (title: String, url: String)?
    }

    static let lessons: [String: [Lesson]] = [
        "Français": [
            Lesson(
                done: "Lecture analytique du chapitre 3 du roman. Relevé des procédés de description.",
                work: "Lire le chapitre 4 et noter trois passages où le narrateur décrit un lieu."),
            Lesson(
                done: "Grammaire : les propositions subordonnées relatives. Exercices 1 à 3 p. 212 corrigés ensemble.",
                work: "Exercices 4 et 5 p. 213."),
            Lesson(
                done: "Expression écrite : préparation du plan de la rédaction (portrait d'un personnage).",
                work: "Rédiger le premier paragraphe du portrait (15 lignes environ)."),
            Lesson(
                done: "Orthographe : accord du participe passé avec avoir. Dictée préparée.",
                work: "Apprendre la leçon sur l'accord du participe passé. Dictée lundi.",
                link: ("Leçon en vidéo (Lumni)", "https://www.lumni.fr/video/l-accord-du-participe-passe")),
            Lesson(
                done: "Poésie : découverte du poème « Demain, dès l'aube » de Victor Hugo.", work: "Apprendre les deux premières strophes du poème."),
            Lesson(
                done: "Correction du devoir sur table. Retour sur la méthode du paragraphe argumenté.",
                work: "Reprendre le paragraphe corrigé en tenant compte des remarques."),
        ],
        "Mathématiques": [
            Lesson(
                done: "Chapitre 5 : le théorème de Pythagore. Démonstration et premiers exemples.", work: "Exercices 12, 13 et 15 p. 98.",
                link: ("Exercices interactifs", "https://fr.khanacademy.org/math/geometrie-pythagore")),
            Lesson(done: "Calcul littéral : développer et réduire. Activité d'introduction.", work: "Fiche d'exercices n° 7 (exercices 1 à 6)."),
            Lesson(
                done: "Correction des exercices. Méthode pour calculer la longueur d'un côté.",
                work: "Apprendre la leçon et refaire l'exercice 14 p. 98 sans regarder la correction."),
            Lesson(done: "Fractions : addition et soustraction avec dénominateurs différents.", work: "Exercices 31 à 34 p. 56."),
            Lesson(
                done: "Statistiques : moyenne et médiane d'une série. Travail en groupes.",
                work: "Terminer l'activité 2 p. 150 (tableau des températures)."),
            Lesson(
                done: "Révisions pour le contrôle : équations du premier degré.", work: "Réviser le chapitre 4 : contrôle sur les équations.",
                link: ("Fiche de révision", "https://www.lumni.fr/college/mathematiques")),
        ],
        "Histoire-géographie": [
            Lesson(
                done: "Histoire : la Révolution française, 1789. Étude de la prise de la Bastille.",
                work: "Apprendre les dates clés (5 mai, 14 juillet, 26 août 1789)."),
            Lesson(
                done: "Géographie : les espaces urbains en France. Croquis de l'agglomération lyonnaise.",
                work: "Terminer la légende du croquis p. 244."),
            Lesson(
                done: "EMC : la Déclaration des droits de l'homme et du citoyen. Lecture des articles 1 à 6.",
                work: "Répondre aux questions 1 à 4 p. 262."),
            Lesson(done: "Histoire : l'Empire napoléonien. Analyse d'un tableau de David.", work: "Compléter la fiche d'analyse du tableau."),
        ],
        "Anglais": [
            Lesson(
                done: "Unit 4 : talking about past events. Preterit of regular verbs.",
                work: "Workbook p. 34, exercises 1 and 2. Learn the irregular verbs list (1 to 20).",
                link: ("Irregular verbs (audio)", "https://www.lumni.fr/college/anglais")),
            Lesson(done: "Listening: a phone call in London. Vocabulary of the city.", work: "Learn the vocabulary list p. 52."),
            Lesson(done: "Oral presentation preparation: my favourite place.", work: "Prepare a 1-minute presentation about your favourite place."),
            Lesson(done: "Reading: « The Canterville Ghost », extract 2.", work: "Answer the questions p. 58 (a to e)."),
        ],
        "SVT": [
            Lesson(
                done: "La photosynthèse : expérience sur les feuilles d'élodée.", work: "Compléter le schéma bilan de l'expérience dans le cahier.",
                link: ("Vidéo : la photosynthèse", "https://www.lumni.fr/video/la-photosynthese")),
            Lesson(
                done: "Le système nerveux : réflexes et temps de réaction. Mesures en binôme.",
                work: "Tracer le graphique des temps de réaction sur papier millimétré."),
            Lesson(
                done: "La digestion : rôle des enzymes. Observation au microscope.",
                work: "Apprendre la leçon pour l'interrogation de la semaine prochaine."),
        ],
        "Physique-chimie": [
            Lesson(done: "Les circuits électriques : montage en série et en dérivation.", work: "Exercices 8 et 9 p. 187."),
            Lesson(
                done: "La masse volumique : mesures sur différents liquides.",
                work: "Rédiger le compte rendu de l'expérience (hypothèse, protocole, résultats)."),
            Lesson(
                done: "Les transformations chimiques : combustion du carbone.",
                work: "Apprendre la définition d'une transformation chimique et l'équation de réaction."),
        ],
        "Technologie": [
            Lesson(
                done: "Projet : conception d'un abri à vélos. Recherche de solutions techniques.",
                work: "Apporter une boîte en carton pour la maquette."),
            Lesson(
                done: "Programmation avec Scratch : les boucles et les conditions.",
                work: "Terminer le programme du robot (fichier à déposer dans le dossier de la classe).",
                link: ("Scratch en ligne", "https://scratch.mit.edu")),
        ],
        "Arts plastiques": [
            Lesson(
                done: "Le point de vue : dessiner un objet de trois façons différentes.", work: "Apporter des magazines à découper pour le collage."),
            Lesson(done: "Analyse d'une œuvre : « La chambre à Arles » de Van Gogh.", work: ""),
        ],
        "Éducation musicale": [
            Lesson(
                done: "Écoute : « Le Boléro » de Ravel. Repérage des instruments.",
                work: "Réécouter l'extrait et noter l'ordre d'entrée des instruments.", link: ("Le Boléro (extrait)", "https://www.francemusique.fr")),
            Lesson(done: "Chant : travail de la deuxième voix du chant du trimestre.", work: ""),
        ],
        "EPS": [
            Lesson(done: "Course d'orientation dans le parc : lecture de carte.", work: ""),
            Lesson(done: "Volley-ball : la manchette et la passe haute.", work: "Penser à la tenue de sport et à la gourde."),
        ],
        "Espagnol": [
            Lesson(
                done: "Unidad 3 : la rutina diaria. Verbes pronominaux au présent.",
                work: "Apprendre la conjugaison de levantarse et ducharse. Exercice 2 p. 41."),
            Lesson(done: "Compréhension orale : une journée à Madrid.", work: "Apprendre le vocabulaire de la ville p. 44."),
        ],
        "Allemand": [
            Lesson(done: "Lektion 3 : meine Familie. Les possessifs.", work: "Arbeitsheft S. 22, Übung 1 und 2."),
            Lesson(done: "Les nombres de 20 à 100. Jeu du loto en classe.", work: "Apprendre les nombres de 20 à 100."),
        ],
        "Latin": [
            Lesson(done: "La déclinaison de rosa, rosae. Traduction de phrases simples.", work: "Apprendre la première déclinaison."),
            Lesson(done: "Civilisation : la maison romaine. Plan d'une domus.", work: "Légender le plan de la domus p. 30."),
        ],
    ]
}
