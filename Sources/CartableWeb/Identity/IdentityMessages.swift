extension Catalogue {
    /// Signing in, accounts and devices: this feature's messages, in both languages.
    static let identityMessages: [Message] = signIn + accounts + devices

    static let signIn: [Message] = [
        Message("signInTitle", "Se connecter", "Sign in"),
        Message("login", "Identifiant", "Username"),
        Message("password", "Mot de passe", "Password"),
        Message("rememberDevice", "Se souvenir de cet appareil", "Remember this device"),
        Message(
            "rememberDeviceHint", "Vous restez connecté plusieurs semaines. Ne cochez pas sur un ordinateur partagé.",
            "You stay signed in for weeks. Do not tick this on a shared computer."),
        Message("signInButton", "Se connecter", "Sign in"),
        Message(
            "signInFailed", "Identifiant ou mot de passe incorrect. Vérifiez les deux et réessayez.",
            "Wrong username or password. Check both and try again."),
        Message(
            "forgotPassword", "Mot de passe oublié ? Demandez-en un nouveau à la vie scolaire ou à votre professeur principal.",
            "Forgot your password? Ask the school office or your form tutor for a new one."),
        Message("signedOut", "Vous êtes déconnecté.", "You are signed out."),
    ]

    static let accounts: [Message] = [
        Message("accountsTitle", "Comptes", "Accounts"),
        Message("newAccount", "Nouveau compte", "New account"),
        Message("search", "Rechercher un nom ou un identifiant", "Search a name or username"),
        Message("searchButton", "Rechercher", "Search"),
        Message("role", "Profil", "Role"),
        Message("allRoles", "Tous les profils", "All roles"),
        Message("rolePupil", "Élève", "Pupil"),
        Message("roleGuardian", "Parent", "Parent"),
        Message("roleTeacher", "Professeur", "Teacher"),
        Message("roleStaff", "Personnel", "Staff"),
        Message("name", "Nom", "Name"),
        Message("firstName", "Prénom", "First name"),
        Message("lastName", "Nom", "Last name"),
        Message("loginHint", "lettres minuscules, chiffres, point, tiret", "lower-case letters, digits, dot, dash"),
        Message("firstPassword", "Premier mot de passe", "First password"),
        Message("passwordHint", "au moins 8 caractères", "at least 8 characters"),
        Message("createAccount", "Créer le compte", "Create the account"),
        Message("disabled", "désactivé", "disabled"),
        Message("noAccounts", "Aucun compte ne correspond.", "No account matches."),
        Message("previousPage", "Page précédente", "Previous page"),
        Message("nextPage", "Page suivante", "Next page"),
        Message("resetPassword", "Nouveau mot de passe", "New password"),
        Message("newPassword", "Nouveau mot de passe", "New password"),
        Message("resetPasswordButton", "Changer le mot de passe", "Change the password"),
        Message("disableAccount", "Désactiver le compte", "Disable the account"),
        Message(
            "disableAccountHint", "La personne ne pourra plus se connecter et ses appareils seront déconnectés.",
            "The person can no longer sign in and their devices are signed out."),
        Message("enableAccount", "Réactiver le compte", "Enable the account"),
        Message("backToAccounts", "Retour aux comptes", "Back to accounts"),
        Message("accountCreated", "Compte créé.", "Account created."),
        Message(
            "passwordChanged", "Mot de passe changé. Donnez-le à la personne : il ne sera plus affiché.",
            "Password changed. Give it to the person: it will not be shown again."),
        Message("accountDisabled", "Compte désactivé.", "Account disabled."),
        Message("accountEnabled", "Compte réactivé.", "Account enabled."),
    ]

    static let devices: [Message] = [
        Message("devicesTitle", "Mes appareils", "My devices"),
        Message(
            "devicesIntro", "Les appareils où vous êtes connecté. Déconnectez ceux que vous ne reconnaissez pas.",
            "The devices where you are signed in. Sign out the ones you do not recognise."),
        Message("thisDevice", "cet appareil", "this device"),
        Message("signedInOn", "connecté le", "signed in on"),
        Message("lastSeen", "vu le", "last seen"),
        Message("remembered", "mémorisé", "remembered"),
        Message("revokeDevice", "Déconnecter cet appareil", "Sign out this device"),
        Message("revokeOthers", "Déconnecter tous les autres appareils", "Sign out all other devices"),
        Message("deviceRevoked", "Appareil déconnecté.", "Device signed out."),
        Message("devicesRevoked", "Autres appareils déconnectés.", "Other devices signed out."),
        Message("unknownDevice", "Appareil inconnu", "Unknown device"),
        Message("deviceOn", "{browser} sur {system}", "{browser} on {system}"),
    ]
}
