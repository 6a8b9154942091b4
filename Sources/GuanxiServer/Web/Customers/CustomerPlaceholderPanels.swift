/// The place the 360 page keeps for the customer's value until that feature registers a panel of its own (it then
/// replaces its placeholder here).
enum CustomerPlaceholderPanels {
    static let value = CustomerPanel(id: "value", column: .side) { input in
        let l = input.context.l
        return "<div class=\"card\" id=\"value\"><h2>\(l[.valueTitle])</h2><p class=\"muted\">\(l[.analyticsPlaceholder])</p></div>"
    }
}
