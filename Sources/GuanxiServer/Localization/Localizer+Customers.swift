import GuanxiCore

extension Localizer {
    public func stageName(_ stage: LifecycleStage) -> String {
        switch stage {
        case .lead: self[.stageLead]
        case .prospect: self[.stageProspect]
        case .customer: self[.stageCustomer]
        case .inactive: self[.stageInactive]
        case .lost: self[.stageLost]
        }
    }

    public func kindName(_ kind: CustomerKind) -> String {
        kind == .company ? self[.kindCompany] : self[.kindPerson]
    }

    public func channelName(_ channel: InteractionChannel) -> String {
        switch channel {
        case .phone: self[.chPhone]
        case .email: self[.chEmail]
        case .fax: self[.chFax]
        case .letter: self[.chLetter]
        case .visit: self[.chVisit]
        case .meeting: self[.chMeeting]
        case .sms: self[.chSMS]
        case .wechat: self[.chWeChat]
        case .website: self[.chWebsite]
        case .callCenter: self[.chCallCenter]
        case .serviceCenter: self[.chServiceCenter]
        case .onlineCommunity: self[.chOnlineCommunity]
        }
    }

    public func priorityName(_ priority: TaskPriority) -> String {
        switch priority {
        case .low: self[.prLow]
        case .normal: self[.prNormal]
        case .high: self[.prHigh]
        case .urgent: self[.prUrgent]
        }
    }

    public func statusName(_ status: TaskStatus) -> String {
        switch status {
        case .open: self[.taskOpen]
        case .done: self[.taskDone]
        case .cancelled: self[.taskCancelled]
        }
    }

    public func importKindName(_ kind: ImportKind) -> String {
        switch kind {
        case .customers: self[.kindCustomers]
        case .contacts: self[.kindContacts]
        case .products: self[.kindProducts]
        case .interactions: self[.kindInteractions]
        case .orders: self[.kindOrders]
        }
    }

    public func triggerName(_ trigger: FollowUpTrigger) -> String {
        trigger == .noInteraction ? self[.trNoInteraction] : self[.trAfterInteraction]
    }
}
