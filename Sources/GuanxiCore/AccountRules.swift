import Foundation

/// Validation rules for accounts, shared by the web forms, the API and the command line.
public enum AccountRules {
    public static let minimumPasswordLength = 10
    public static let maximumPasswordLength = 72  // bcrypt ignores bytes beyond 72
    public static let usernameLength = 3...32
    public static let displayNameMaximum = 100
    public static let teamNameMaximum = 100

    /// Usernames are lower-case ASCII letters, digits, dot, dash and underscore.
    public static func check(username: String) -> FieldProblem? {
        if username.isEmpty { return .required }
        guard usernameLength.contains(username.count) else {
            return username.count < usernameLength.lowerBound
                ? .tooShort(minimum: usernameLength.lowerBound) : .tooLong(maximum: usernameLength.upperBound)
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        return username.allSatisfy { allowed.contains($0) } ? nil : .invalidUsername
    }

    public static func check(password: String) -> FieldProblem? {
        if password.isEmpty { return .required }
        if password.count < minimumPasswordLength { return .tooShort(minimum: minimumPasswordLength) }
        if password.utf8.count > maximumPasswordLength { return .tooLong(maximum: maximumPasswordLength) }
        return nil
    }

    /// An empty email is allowed (optional field); a present one must look like `name@domain.tld`.
    public static func check(optionalEmail email: String) -> FieldProblem? {
        email.isEmpty ? nil : EmailAddress.isValid(email) ? nil : .invalidEmail
    }

    public static func check(displayName: String) -> FieldProblem? {
        if displayName.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .required }
        if displayName.count > displayNameMaximum { return .tooLong(maximum: displayNameMaximum) }
        return CustomerRules.hasControlCharacter(displayName, allowingLineBreaks: false) ? .controlCharacter : nil
    }

    public static func check(teamName: String) -> FieldProblem? {
        if teamName.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .required }
        if teamName.count > teamNameMaximum { return .tooLong(maximum: teamNameMaximum) }
        return CustomerRules.hasControlCharacter(teamName, allowingLineBreaks: false) ? .controlCharacter : nil
    }

    /// A team's description: free text, as customers' notes are.
    public static func check(teamDescription: String) -> FieldProblem? {
        CustomerRules.check(text: teamDescription)
    }
}
