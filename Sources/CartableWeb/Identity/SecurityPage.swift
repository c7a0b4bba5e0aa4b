import CartableCore
import Foundation

/// The account's security page.
struct SecurityPage {
    var isOn: Bool
    var setUp: SetUpBlock?
    var unusedCodes: String
    var canTurnOff: Bool
    var isRequiredForStaff: Bool
    var managesSchool: Bool
    var codeError: String?
    var startAction = IdentityRoutes.startTwoFactor.href
    var confirmAction = IdentityRoutes.confirmTwoFactor.href
    var turnOffAction = IdentityRoutes.turnOffTwoFactor.href
    var recoveryAction = IdentityRoutes.newRecoveryCodes.href
    var staffAction = IdentityRoutes.staffTwoFactor.href

    init(record: TwoFactor?, viewer: Viewer, unusedCodes: Int, isRequiredForStaff: Bool, managesSchool: Bool, errors: [String: String], t: Localizer) {
        isOn = record?.isOn == true
        setUp = record.flatMap { $0.isOn ? nil : SetUpBlock($0, viewer: viewer, t: t) }
        self.unusedCodes = t("recoveryCodesLeft", ["count": String(unusedCodes)])
        canTurnOff = !(viewer.role == .staff && isRequiredForStaff)
        self.isRequiredForStaff = isRequiredForStaff
        self.managesSchool = managesSchool
        codeError = errors["code"]
    }
}
