/// Every feature's API, registered in one order, and every component schema the document publishes.
enum GuanxiAPI {
    static func register(_ api: APIBuilder) {
        AccountsAPI.register(api)
        CustomersAPI.register(api)
        ContactsAPI.register(api)
        InteractionsAPI.register(api)
        TasksAPI.register(api)
        FollowUpRulesAPI.register(api)
        ProductsAPI.register(api)
        SegmentsAPI.register(api)
        ImportsAPI.register(api)
        CustomerPrivacyAPI.register(api)
        CompanySettingsAPI.register(api)
        PipelineAPI.register(api)
        OpportunitiesAPI.register(api)
        QuotesAPI.register(api)
        OrdersAPI.register(api)
        SalesChannelsAPI.register(api)
        BidsAPI.register(api)
        SalesReportsAPI.register(api)
    }

    static let components: [(String, JSONSchema)] =
        [(ErrorBody.schemaName, ErrorBody.schema), (HealthBody.schemaName, HealthBody.schema)]
        + AccountsAPI.components + CustomersAPI.components + ContactsAPI.components + InteractionsAPI.components
        + TasksAPI.components + FollowUpRulesAPI.components + ProductsAPI.components + SegmentsAPI.components
        + ImportsAPI.components + CustomerPrivacyAPI.components + CompanySettingsAPI.components + PipelineAPI.components
        + OpportunitiesAPI.components + QuotesAPI.components + OrdersAPI.components + SalesChannelsAPI.components + BidsAPI.components + SalesReportsAPI.components
}
