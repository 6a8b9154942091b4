import ArgumentParser
import Fluent
import Foundation
import GuanxiCore
import GuanxiServer
import GuanxiStore
import Vapor

/// `guanxi user add|list|passwd|disable`.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage user accounts from the command line.",
        subcommands: [Add.self, List.self, Passwd.self, Disable.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user. The password is read from GUANXI_NEW_PASSWORD or standard input.")
        @ArgumentParser.Argument(help: "Login name (lower-case letters, digits, . - _).") var username: String
        @ArgumentParser.Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String = "sales"
        @ArgumentParser.Option(name: .customLong("display-name"), help: "Name shown in the interface (default: the username).") var displayName: String?
        @ArgumentParser.Option(help: "Email address.") var email: String = ""
        @ArgumentParser.Option(help: "Interface language: zh-CN or en (default: follow the browser).") var language: String?

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let chosenLanguage: Language?
            if let language {
                guard let parsed = Language(rawValue: language) else { throw ValidationError("--language must be zh-CN or en") }
                chosenLanguage = parsed
            } else {
                chosenLanguage = nil
            }
            let password = try readPassword()
            try await AppBootstrap.withApplication(try AppBootstrap.settings()) { app in
                let user = try await reportingProblems {
                    try await app.guanxi.directory(on: app.db).createUser(.init(
                        username: username, displayName: displayName ?? username, email: email, role: role,
                        language: chosenLanguage, password: password), by: .commandLine)
                }
                print("created user \(user.username) (id \(user.id ?? 0), role \(user.role.rawValue))")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        func run() async throws {
            try await AppBootstrap.withApplication(try AppBootstrap.settings()) { app in
                let users = try await User.query(on: app.db).sort(\.$id).all()
                print("id\tusername\trole\tactive\tdisplay name")
                for user in users {
                    print("\(user.id ?? 0)\t\(user.username)\t\(user.role.rawValue)\t\(user.active ? "yes" : "no")\t\(user.displayName)")
                }
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password (from GUANXI_NEW_PASSWORD or standard input); ends their sessions and tokens.")
        @ArgumentParser.Argument(help: "Login name.") var username: String
        func run() async throws {
            let password = try readPassword()
            try await AppBootstrap.withApplication(try AppBootstrap.settings()) { app in
                let user = try await findUser(username, on: app)
                _ = try await reportingProblems {
                    try await app.guanxi.directory(on: app.db).updateUser(id: user.requireID(), version: user.version, .init(password: password), by: .commandLine)
                }
                print("password changed for \(user.username)")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deactivate a user: they can no longer sign in and their tokens stop working.")
        @ArgumentParser.Argument(help: "Login name.") var username: String
        func run() async throws {
            try await AppBootstrap.withApplication(try AppBootstrap.settings()) { app in
                let user = try await findUser(username, on: app)
                _ = try await reportingProblems {
                    try await app.guanxi.directory(on: app.db).updateUser(id: user.requireID(), version: user.version, .init(active: false), by: .commandLine)
                }
                print("disabled \(user.username)")
            }
        }
    }
}

private func findUser(_ username: String, on app: Application) async throws -> User {
    guard let user = try await User.query(on: app.db).filter(\.$username == username.lowercased()).first() else {
        throw CLIError("no user named \(username)")
    }
    return user
}

/// The new password from `GUANXI_NEW_PASSWORD`, else the first line of standard input.
private func readPassword() throws -> String {
    if let password = ProcessInfo.processInfo.environment["GUANXI_NEW_PASSWORD"], !password.isEmpty { return password }
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw CLIError("give the password in GUANXI_NEW_PASSWORD or on standard input")
    }
    return line
}

/// Turns domain refusals into one readable line per field.
private func reportingProblems<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch GuanxiError.invalid(let problems) {
        let l = Localizer(.english)
        let lines = problems.problems.sorted { $0.key < $1.key }.map { "\($0.key): \(l.message(for: $0.value))" }
        throw CLIError(lines.joined(separator: "\n"))
    } catch let error as GuanxiError {
        throw CLIError("\(error)")
    }
}

/// A command-line failure: printed to stderr, exit code 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
