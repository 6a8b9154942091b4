/// Texts of follow-up rules.
/// Each text is (English, Chinese).
extension TextTable {
    static let followUpRules = TextTable("followUpRules", [
        .rulesTitle: ("Follow-up rules", "跟进规则"),
        .newRule: ("New rule", "新建规则"),
        .ruleName: ("Rule name", "规则名称"),
        .trigger: ("When", "触发条件"),
        .trNoInteraction: ("No interaction for N days", "N 天无联系"),
        .trAfterInteraction: ("N days after an interaction", "联系后 N 天"),
        .days: ("Days (N)", "天数 (N)"),
        .ruleTaskTitle: ("Task to create", "生成的任务"),
        .ruleCreated: ("Rule {name} created.", "已创建规则 {name}。"),
        .ruleDeleted: ("Rule deleted.", "规则已删除。"),
        .ruleHint: ("Rules run every five minutes and create each task once.", "规则每五分钟运行一次，每个任务只生成一次。"),
        .anyTag: ("Any tag", "任意标签"),
        .anyStage: ("Any stage", "任意阶段"),
        .anyChannel: ("Any channel", "任意渠道"),
        .onlyTag: ("Only customers with tag", "仅限标签"),
        .noRules: ("No rules yet.", "暂无规则。"),
        .confirmDeleteRule: ("Delete this follow-up rule? Tasks it already created are kept.", "删除这条跟进规则？已生成的任务将保留。"),
    ])
}
