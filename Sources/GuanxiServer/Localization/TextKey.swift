/// Every piece of text the interface shows; each must exist in both catalogs.
public enum TextKey: String, CaseIterable, Sendable {
    case appName, appTagline
    case navDashboard, navUsers, navTeams, navAudit, navAccount, navAdministration
    case signOut, signIn, language, languageChinese, languageEnglish
    case save, cancel, create, edit, delete, actions, none, yes, no, nextPage, firstPage, noRecords, filter, reset
    case loginTitle, loginSubtitle, username, password, loginButton, loginFailed, loginLocked, signedOut
    case dashboardTitle, welcome, yourRole, yourTeam, statsUsers, statsActiveUsers, statsTeams, statsAuditToday
    case recentActivity, noActivity, quickLinks
    case usersTitle, newUser, displayName, email, role, team, active, inactive, status, createdAt, updatedAt
    case editUser, userCreated, userUpdated, userDeleted, confirmDeleteUser, noTeam, passwordKeepHint, initialPassword
    case roleAdmin, roleManager, roleSales, roleService, roleMarketing, roleAnalyst
    case teamsTitle, newTeam, teamName, teamDescription, editTeam, teamCreated, teamUpdated, teamDeleted
    case confirmDeleteTeam, members
    case auditTitle, auditWhen, auditWho, auditAction, auditEntity, auditRecord, auditChanges, allEntities, allActions
    case actionCreate, actionUpdate, actionDelete, actionLogin, actionLogout, actionRevoke
    case accountTitle, changePassword, oldPassword, newPassword, passwordChanged, languageSaved, preferredLanguage
    case passwordRule
    case errorTitle, errNotFound, errForbidden, errUnauthenticated, errStaleVersion, errCannotDeleteSelf
    case errCannotDeactivateSelf, errLastAdmin, errTooManyRequests, errMalformedJSON, errUnsupportedMediaType
    case errPayloadTooLarge, errMethodNotAllowed, errValidation, errInternal, errCSRF, errBadRequest, errServiceUnavailable
    case fpRequired, fpInvalidEmail, fpTooShort, fpTooLong, fpInvalidUsername, fpNotOneOf, fpAlreadyTaken
    case fpUnknownReference, fpWrongPassword, fpMustBeInteger, fpWrongType, fpUnknownField, fpInvalidCursor
    case backToDashboard, followBrowser
    case entityUser, entityTeam, entityAPIToken, entitySession
}
