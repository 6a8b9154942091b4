/// Texts of the dashboard.
/// Each text is (English, Chinese).
extension TextTable {
    static let dashboard = TextTable("dashboard", [
        .dashboardTitle: ("Dashboard", "工作台"),
        .welcome: ("Welcome, {name}", "欢迎，{name}"),
        .yourRole: ("Your role", "您的角色"),
        .yourTeam: ("Your team", "您的团队"),
        .statsUsers: ("Users", "用户数"),
        .statsActiveUsers: ("Active users", "启用的用户"),
        .statsTeams: ("Teams", "团队数"),
        .statsAuditToday: ("Changes in the last 24 hours", "近 24 小时的变更"),
        .recentActivity: ("Recent activity", "最近动态"),
        .noActivity: ("No activity yet.", "暂无动态。"),
        .quickLinks: ("Quick links", "快捷入口"),
        .statsCustomers: ("Customers you see", "可见客户"),
        .statsMyOpenTasks: ("My open tasks", "我的待办"),
        .statsOverdue: ("Overdue tasks", "逾期任务"),
        .activityRows: ("{n} rows", "{n} 条"),
    ])
}
