import GuanxiStore

/// Texts of the sales report page.
/// Each text is (English, Chinese).
extension TextTable {
    static let salesReports = TextTable("salesReports", [
        .navSalesReport: ("Sales report", "销售报表"),
        .salesReportTitle: ("Sales report", "销售报表"),
        .reportPeriod: ("Period", "周期"),
        .reportGroupBy: ("Group by", "分组"),
        .rpDay: ("Day", "日"), .rpWeek: ("Week", "周"), .rpMonth: ("Month", "月"), .rpQuarter: ("Quarter", "季度"), .rpYear: ("Year", "年"),
        .rdTotal: ("Nothing (totals)", "不分组（合计）"), .rdProduct: ("Product", "产品"), .rdCategory: ("Product category", "产品类别"),
        .rdChannel: ("Sales channel", "销售渠道"), .rdRegion: ("Region", "地区"), .rdIndustry: ("Industry", "行业"),
        .rdOwner: ("Sales rep", "销售代表"), .rdTeam: ("Team", "团队"), .rdCustomer: ("Customer", "客户"),
        .averageOrderValue: ("Average order value", "平均订单金额"),
        .vsPreviousPeriod: ("vs. previous period", "环比"),
        .vsLastYear: ("vs. a year before", "同比"),
        .changeOnLastYear: ("{change} on a year before", "同比 {change}"),
        .salesTarget: ("Target", "目标"),
        .attainment: ("Attained", "完成率"),
        .noSalesInPeriod: ("No orders in this period.", "本期间没有订单。"),
        .othersFolded: ("Only the largest groups are listed one by one; the rest are added up as one row.",
                        "仅逐一列出金额最大的分组，其余合并为一行。"),
        .salesChartTitle: ("Revenue and gross profit by period", "各期间的销售收入与毛利"),
        .reportScope: ("Revenue and gross profit after returns, of the orders you may see (a sales rep sees their own customers'); cancelled and draft orders are not counted.",
                       "按退货后计的销售收入与毛利，范围为您可查看的订单（销售代表为其本人客户的订单）；不含已取消与草稿订单。"),
        .deliveryTitle: ("Delivery", "交付"),
        .deliveredOrders: ("Orders delivered", "已交付订单"),
        .averageLeadDays: ("Average days to delivery", "平均交付天数"),
        .onTimeShare: ("Delivered by the promised day", "按期交付率"),
        .lateUndelivered: ("Past the promised day, not delivered", "已逾期未交付"),
        .salesTargetsTitle: ("Sales targets", "销售目标"),
        .setTarget: ("Set target", "设定目标"),
        .targetFor: ("For", "对象"),
        .noTargets: ("No targets for this year.", "本年度尚无目标。"),
        .targetHint: ("Choose a sales rep or a team, not both. A month's target replaces the one it had.",
                      "请选择一名销售代表或一个团队（二选一）。同一月份的目标会替换原有目标。"),
        .targetSaved: ("Target for {name} saved.", "已保存 {name} 的目标。"),
        .targetDeleted: ("Target removed.", "已删除目标。"),
        .confirmDeleteTarget: ("Remove this target?", "确定删除此目标？"),
    ])
}

extension Localizer {
    func reportPeriodName(_ period: SalesReport.Period) -> String {
        switch period {
        case .day: self[.rpDay]
        case .week: self[.rpWeek]
        case .month: self[.rpMonth]
        case .quarter: self[.rpQuarter]
        case .year: self[.rpYear]
        }
    }

    func reportDimensionName(_ dimension: SalesReport.Dimension) -> String {
        switch dimension {
        case .total: self[.rdTotal]
        case .product: self[.rdProduct]
        case .category: self[.rdCategory]
        case .channel: self[.rdChannel]
        case .region: self[.rdRegion]
        case .industry: self[.rdIndustry]
        case .owner: self[.rdOwner]
        case .team: self[.rdTeam]
        case .customer: self[.rdCustomer]
        }
    }
}
