import Foundation

/// Where "now" comes from, so tests can freeze and move time.
public protocol TimeSource: Sendable {
    func now() -> Date
}

/// The wall clock.
public struct SystemTimeSource: TimeSource {
    public init() {}
    public func now() -> Date { Date() }
}
