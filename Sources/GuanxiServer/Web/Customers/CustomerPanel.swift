import Foundation
import GuanxiStore
import Vapor

/// Who looks at which customer and what they may do: all a panel's view needs besides its own model, so a view
/// renders (and is tested) without a request.
struct CustomerPanelScope: Sendable {
    let customerID: Int64
    let actor: Actor
    /// Whether the viewer may change this customer (and so add contacts, merge, …).
    let canWrite: Bool
    /// A customer in the trash shows its records read-only.
    let isDeleted: Bool
    let context: PageContext
    let format: WebFormat
    let now: Date
}

/// What a panel of the customer 360 page loads itself from: the request (for the services), the customer and the
/// scope its view renders in.
@dynamicMemberLookup
struct CustomerPanelInput: Sendable {
    let request: Request
    let customer: Customer
    let scope: CustomerPanelScope
    /// A refused merge, shown again next to the merge field.
    let mergeAttempt: CustomerPage.MergeAttempt?

    subscript<Value>(dynamicMember keyPath: KeyPath<CustomerPanelScope, Value>) -> Value { scope[keyPath: keyPath] }
}

/// One card of the customer 360 page, contributed by a feature (contacts, the timeline, tasks, and later orders,
/// tickets, campaigns, value). Each feature loads its own data and renders its own card; the page only lays the
/// cards out, so a new feature adds a panel without editing the page. A panel that has nothing to show for this
/// customer or viewer returns `.empty`.
struct CustomerPanel: Sendable {
    enum Column: Sendable { case main, side }

    let id: String
    let column: Column
    let load: @Sendable (CustomerPanelInput) async throws -> HTML

    init(id: String, column: Column, load: @escaping @Sendable (CustomerPanelInput) async throws -> HTML) {
        self.id = id
        self.column = column
        self.load = load
    }
}

/// The panels of the customer 360 page, in the order each column shows them. Filled once while the server is
/// configured; read by every request of the page.
public final class CustomerPanels: @unchecked Sendable {
    private let lock = NSLock()
    private var registered: [CustomerPanel] = []

    init() {}

    func register(_ panels: [CustomerPanel]) {
        lock.withLock {
            for panel in panels {
                precondition(!registered.contains { $0.id == panel.id }, "two customer panels named \(panel.id)")
                registered.append(panel)
            }
        }
    }

    var all: [CustomerPanel] { lock.withLock { registered } }

    /// The panels every Guanxi has; features that arrive later register theirs in `configure`.
    static let builtIn: [CustomerPanel] = [
        InteractionTimelinePanel.panel, ContactsPanel.panel, CustomerSalesPanel.panel, CustomerBidsPanel.panel,
        CustomerProfilePanel.panel, OpenTasksPanel.panel, CustomerPlaceholderPanels.value,
        CustomerMergePanel.panel, CustomerPrivacyPanel.panel,
    ]
}
