extension Catalogue {
    /// Signing in, accounts and devices: this feature's messages, in both languages.
    static let identityMessages: [Message] = signIn + accounts + devices + twoFactor + securityLog

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

    static let twoFactor: [Message] = [
        Message("securityTitle", "Sécurité du compte", "Account security"),
        Message("securityLinkHint", "double authentification", "two-step sign-in"),
        Message("twoFactorTitle", "Double authentification", "Two-step sign-in"),
        Message(
            "twoFactorExplained", "En plus du mot de passe, un code à 6 chiffres donné par une application sur votre téléphone.",
            "Besides your password, a 6-digit code from an app on your phone."),
        Message("twoFactorIsOn", "Activée.", "On."),
        Message("twoFactorIsOff", "Pas encore activée.", "Not on yet."),
        Message("twoFactorTurnOn", "Activer la double authentification", "Turn on two-step sign-in"),
        Message("twoFactorTurnOff", "Désactiver", "Turn off"),
        Message(
            "twoFactorSetUpSteps",
            "Dans votre application d'authentification, ajoutez un compte : scannez le code ci-dessous, ou tapez la clé. Puis tapez le code que l'application affiche.",
            "In your authenticator app, add an account: scan the code below, or type the key. Then type the code the app shows."),
        Message("twoFactorQRCode", "Code QR à scanner avec l'application d'authentification", "QR code to scan with the authenticator app"),
        Message("twoFactorKey", "Clé :", "Key:"),
        Message("twoFactorOpenApp", "Ouvrir dans l'application", "Open in the app"),
        Message("twoFactorCode", "Code à 6 chiffres (ou code de secours)", "6-digit code (or recovery code)"),
        Message("twoFactorCodeHint", "Le code change toutes les 30 secondes.", "The code changes every 30 seconds."),
        Message("twoFactorCodeIntro", "Tapez le code affiché par votre application d'authentification.", "Type the code your authenticator app shows."),
        Message(
            "twoFactorSetUpRequired", "Votre établissement demande la double authentification pour le personnel. Activez-la maintenant.",
            "Your school asks staff to use two-step sign-in. Turn it on now."),
        Message("twoFactorVerify", "Valider", "Confirm"),
        Message("recoveryCodesTitle", "Codes de secours", "Recovery codes"),
        Message(
            "recoveryCodesIntro",
            "Si vous perdez votre téléphone, chacun de ces codes remplace une fois le code de l'application. Notez-les ou imprimez-les maintenant : ils ne seront plus affichés.",
            "If you lose your phone, each of these codes stands in once for the app's code. Write them down or print them now: they will not be shown again."),
        Message("recoveryCodesDone", "C'est noté, continuer", "Noted, go on"),
        Message("recoveryCodesNew", "Nouveaux codes de secours", "New recovery codes"),
        Message("recoveryCodesLeft", "{count} codes de secours restants", "{count} recovery codes left"),
        Message("twoFactorOff", "La double authentification est désactivée.", "Two-step sign-in is off."),
        Message("staffTwoFactorTitle", "Pour tout le personnel", "For all staff"),
        Message("staffTwoFactorIsOn", "Obligatoire pour le personnel de l'établissement.", "Required of the school's staff."),
        Message("staffTwoFactorIsOff", "Pas obligatoire pour le personnel.", "Not required of staff."),
        Message("staffTwoFactorTurnOn", "La rendre obligatoire pour le personnel", "Require it of staff"),
        Message("staffTwoFactorTurnOff", "Ne plus l'exiger", "Stop requiring it"),
        Message("staffTwoFactorOn", "La double authentification est maintenant obligatoire pour le personnel.", "Two-step sign-in is now required of staff."),
        Message(
            "problemWrongCode", "Code incorrect, expiré ou déjà utilisé. Réessayez avec le code affiché maintenant.",
            "Wrong, expired or already used code. Try the code shown now."),
        Message(
            "problemRequiredBySchool", "Votre établissement l'exige pour le personnel : elle ne peut pas être désactivée.",
            "Your school requires it of staff: it cannot be turned off."),
        Message("staffTwoFactorOff", "La double authentification n'est plus obligatoire pour le personnel.", "Two-step sign-in is no longer required of staff."),
    ]

    static let securityLog: [Message] = [
        Message("securityLogTitle", "Journal de sécurité", "Security log"),
        Message("securityLogEmpty", "Rien pour le moment.", "Nothing yet."),
        Message("securityLogRetention", "Les {days} derniers jours au plus ; les événements plus anciens sont effacés.", "The last {days} days at most; older events are deleted."),
        Message("securityBy", "par", "by"),
        Message("securityByCommandLine", "l'administrateur de la plateforme", "the platform's administrator"),
        Message("securityEvent_sign_in", "Connexion", "Signed in"),
        Message("securityEvent_sign_in_failed", "Mot de passe incorrect", "Wrong password"),
        Message("securityEvent_code_failed", "Code de double authentification incorrect", "Wrong two-step code"),
        Message("securityEvent_password_reset", "Mot de passe changé", "Password changed"),
        Message("securityEvent_two_factor_on", "Double authentification activée", "Two-step sign-in turned on"),
        Message("securityEvent_two_factor_off", "Double authentification désactivée", "Two-step sign-in turned off"),
        Message("securityEvent_recovery_codes_renewed", "Nouveaux codes de secours", "New recovery codes"),
        Message("securityEvent_staff_two_factor_required", "Double authentification obligatoire pour le personnel", "Two-step sign-in required of staff"),
        Message(
            "securityEvent_staff_two_factor_not_required", "Double authentification plus obligatoire pour le personnel",
            "Two-step sign-in no longer required of staff"),
        Message("securityEvent_account_created", "Compte créé", "Account created"),
        Message("securityEvent_account_disabled", "Compte désactivé", "Account disabled"),
        Message("securityEvent_account_enabled", "Compte réactivé", "Account enabled"),
        Message("securityEvent_account_purged", "Compte effacé", "Account erased"),
        Message("securityEvent_retention_changed", "Durée de conservation changée", "Retention period changed"),
    ]
}
