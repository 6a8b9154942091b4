/// Texts of the opportunity pages.
/// Each text is (English, Chinese).
extension TextTable {
    static let opportunities = TextTable("opportunities", [
        .navOpportunities: ("Opportunities", "商机"),
        .opportunitiesTitle: ("Opportunities", "商机"),
        .newOpportunity: ("New opportunity", "新建商机"),
        .editOpportunity: ("Edit opportunity", "编辑商机"),
        .opportunityTitle: ("Title", "商机名称"),
        .amountYuan: ("Amount (¥)", "预计金额（元）"),
        .expectedClose: ("Expected close", "预计成交日期"),
        .pipelineStage: ("Sales stage", "销售阶段"),
        .allPipelineStages: ("All sales stages", "全部销售阶段"),
        .openOnly: ("Open only", "仅进行中"),
        .stale: ("Stale", "久未跟进"),
        .noOpportunities: ("No opportunities yet.", "暂无商机。"),
        .customerOwnerDefault: ("The customer's owner", "客户负责人"),
        .nextStep: ("Next step", "下一步"),
        .competitors: ("Competitors", "竞争对手"),
        .lostReason: ("Lost reason", "输单原因"),
        .lostReasonHint: ("Required when the opportunity is lost.", "输单时必须填写。"),
        .weightedAmount: ("Weighted amount", "加权金额"),
        .created: ("Created", "创建"),
        .stageHistory: ("Stage history", "阶段变更记录"),
        .when: ("When", "时间"),
        .who: ("Who", "操作人"),
        .stageMove: ("From → to", "阶段变化"),
        .timeInStage: ("Time in stage", "停留时间"),
        .confirmDeleteOpportunity: ("Delete this opportunity?", "确定删除该商机吗？"),
        .opportunityCreated: ("Opportunity {name} created.", "已创建商机 {name}。"),
        .opportunityUpdated: ("Opportunity {name} saved.", "已保存商机 {name}。"),
        .opportunityDeleted: ("Opportunity {name} deleted.", "已删除商机 {name}。"),
    ])
}
