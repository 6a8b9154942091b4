/// Texts of the sales channels' administration.
/// Each text is (English, Chinese).
extension TextTable {
    static let salesChannels = TextTable("salesChannels", [
        .navSalesChannels: ("Sales channels", "销售渠道"),
        .salesChannelsTitle: ("Sales channels", "销售渠道"),
        .newSalesChannel: ("New sales channel", "新建销售渠道"),
        .editSalesChannel: ("Edit sales channel", "编辑销售渠道"),
        .channelCode: ("Code", "代码"),
        .channelCodeHint: ("Lower-case letters, digits and _, starting with a letter; it cannot change later.",
                           "小写字母、数字和下划线，以字母开头；保存后不能修改。"),
        .builtInChannel: ("Built in", "内置"),
        .channelOffered: ("Offered on new orders", "新订单可选"),
        .salesChannelCreated: ("Sales channel {name} added.", "已添加销售渠道 {name}。"),
        .salesChannelUpdated: ("Sales channel {name} saved.", "已保存销售渠道 {name}。"),
        .salesChannelDeleted: ("Sales channel {name} deleted.", "已删除销售渠道 {name}。"),
        .confirmDeleteSalesChannel: ("Delete this sales channel?", "确定删除该销售渠道吗？"),
        .channelInUseHint: ("A channel orders name cannot be deleted: clear “Offered on new orders” to retire it; its orders keep it.",
                            "已有订单使用的渠道不能删除，可取消“新订单可选”将其停用，原订单仍保留该渠道。"),
    ])
}
