import GuanxiCore

/// Spellings an import cell may use for enumerations and yes/no, in English and Chinese.
enum ImportValues {
    static func bool(_ text: String) -> Bool? {
        switch text.fastLowercased {
        case "true", "yes", "y", "1", "是", "有", "√", "x": true
        case "false", "no", "n", "0", "否", "无", "": false
        default: nil
        }
    }

    static func kind(_ text: String) -> CustomerKind? {
        switch text.fastLowercased {
        case "company", "公司", "企业", "单位", "organisation", "organization": .company
        case "person", "个人", "individual": .person
        default: nil
        }
    }

    static func stage(_ text: String) -> LifecycleStage? {
        if let stage = LifecycleStage(rawValue: text.fastLowercased) { return stage }
        switch text {
        case "线索": return .lead
        case "潜在客户", "意向客户", "商机": return .prospect
        case "客户", "成交客户", "正式客户": return .customer
        case "不活跃", "休眠", "沉睡": return .inactive
        case "流失", "已流失": return .lost
        default: return nil
        }
    }

    static func direction(_ text: String) -> InteractionDirection? {
        switch text.fastLowercased {
        case "inbound", "in", "呼入", "来电", "客户发起": .inbound
        case "outbound", "out", "呼出", "去电", "我方发起": .outbound
        default: nil
        }
    }

    static func channel(_ text: String) -> InteractionChannel? {
        if let channel = InteractionChannel(rawValue: text.fastLowercased) { return channel }
        switch text {
        case "电话": return .phone
        case "邮件", "电子邮件", "email": return .email
        case "传真": return .fax
        case "信函", "信件": return .letter
        case "拜访", "上门": return .visit
        case "会议", "会面": return .meeting
        case "短信": return .sms
        case "微信": return .wechat
        case "网站", "网页": return .website
        case "呼叫中心": return .callCenter
        case "服务中心": return .serviceCenter
        case "在线社区", "社区", "论坛": return .onlineCommunity
        default: return nil
        }
    }
}
