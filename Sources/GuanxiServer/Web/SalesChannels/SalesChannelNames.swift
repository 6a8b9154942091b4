import Foundation
import GuanxiCore
import GuanxiStore

/// The sales channels with their names in the page's language: the built-in ones and those the administrator
/// added, loaded once per page.
struct SalesChannelNames: Sendable {
    let added: [String: CustomSalesChannel]
    private let order: [CustomSalesChannel]

    init(_ added: [CustomSalesChannel]) {
        order = added
        self.added = Dictionary(added.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    }

    static func load(_ book: SalesChannelBook) async throws -> SalesChannelNames {
        SalesChannelNames(try await book.added())
    }

    /// A channel's name; a code that is no longer known (it cannot be: channels in use are never deleted) as itself.
    func name(_ code: String, _ l: Localizer) -> String {
        if let channel = SalesChannel(rawValue: code) { return l.salesChannelName(channel) }
        guard let channel = added[code] else { return code }
        return l.language == .chinese ? channel.nameChinese : channel.nameEnglish
    }

    /// The choices of an order's channel select: the built-in ones, the active added ones, and `current` if it
    /// was retired since (it stays on the order).
    func options(keeping current: String, _ l: Localizer) -> [(String, String)] {
        let shown = order.filter { $0.active || $0.code == current }
        return SalesChannel.allCases.map { ($0.rawValue, l.salesChannelName($0)) } + shown.map { ($0.code, name($0.code, l)) }
    }
}
