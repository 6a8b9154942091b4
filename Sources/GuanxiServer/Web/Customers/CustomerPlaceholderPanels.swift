/// The places the 360 page keeps for orders and for the customer's value until those features register panels of
/// their own (each then replaces its placeholder here).
enum CustomerPlaceholderPanels {
    static let orders = CustomerPanel(id: "orders", column: .main) { input in
        let l = input.context.l
        return "<div class=\"card\" id=\"orders\"><h2>\(l[.ordersTitle])</h2><p class=\"muted\">\(l[.ordersPlaceholder])</p></div>"
    }

    static let value = CustomerPanel(id: "value", column: .side) { input in
        let l = input.context.l
        return "<div class=\"card\" id=\"value\"><h2>\(l[.valueTitle])</h2><p class=\"muted\">\(l[.analyticsPlaceholder])</p></div>"
    }
}
