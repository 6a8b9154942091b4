import Fluent
import Foundation
import GuanxiCore

/// What happens the first time Guanxi starts on an empty database.
public enum FirstStart {
    /// Creates the `admin` account when no user exists yet. Returns the password when one was generated,
    /// so the caller can print it once; nil when users already exist or the password was given.
    public static func ensureAdmin(directory: AccountDirectory, givenPassword: String?) async throws -> String? {
        guard try await User.query(on: directory.database).count() == 0 else { return nil }
        let password = givenPassword ?? generatePassword()
        _ = try await directory.createUser(
            .init(username: "admin", displayName: "Administrator", role: .admin, password: password),
            by: .system
        )
        return givenPassword == nil ? password : nil
    }

    /// 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
    static func generatePassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
