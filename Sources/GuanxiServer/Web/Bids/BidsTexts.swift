import GuanxiStore

/// Texts of the bid pages.
/// Each text is (English, Chinese).
extension TextTable {
    static let bids = TextTable("bids", [
        .navBids: ("Bids", "投标"),
        .bidsTitle: ("Bids and tenders", "投标管理"),
        .newBid: ("New bid", "新建投标"),
        .editBid: ("Edit bid", "编辑投标"),
        .tenderNumber: ("Tender no.", "招标编号"),
        .bidTitle: ("Project", "项目名称"),
        .submissionDeadline: ("Submission deadline", "投标截止时间"),
        .openingDate: ("Bid opening", "开标日期"),
        .bidAmountYuan: ("Our bid (¥)", "投标报价（元）"),
        .bidAmount: ("Our bid", "投标报价"),
        .bondAmountYuan: ("Bid bond (¥)", "投标保证金（元）"),
        .bondAmount: ("Bid bond", "投标保证金"),
        .bondPaid: ("Bond paid", "保证金已缴纳"),
        .bondPaidOn: ("Bond paid on", "保证金缴纳日期"),
        .bondReturned: ("Bond returned", "保证金已退还"),
        .bondReturnedOn: ("Bond returned on", "保证金退还日期"),
        .bondDayHint: ("Empty: today.", "留空则为今天。"),
        .bsPreparing: ("Preparing", "准备中"),
        .bsSubmitted: ("Submitted", "已投标"),
        .bsWon: ("Won", "中标"),
        .bsLost: ("Lost", "未中标"),
        .bsCancelled: ("Cancelled", "已取消"),
        .allBidStatuses: ("All statuses", "全部状态"),
        .winningBidder: ("Winning bidder", "中标单位"),
        .winningAmountYuan: ("Winning bid (¥)", "中标金额（元）"),
        .winningAmount: ("Winning bid", "中标金额"),
        .resultReason: ("Reason", "原因"),
        .bidResult: ("Result", "投标结果"),
        .resultHint: ("Once decided. Lost needs the reason and the winning bidder.", "结果确定后填写。未中标须填写原因和中标单位。"),
        .competitorsHint: ("One per line: name, and their bid when known (华为, 1280000).", "每行一家：名称，已知时加报价（华为, 1280000）。"),
        .competitorName: ("Competitor", "竞争单位"),
        .competitorAmount: ("Their bid", "对方报价"),
        .noCompetitors: ("No competitors noted.", "未登记竞争对手。"),
        .noBids: ("No bids yet.", "暂无投标。"),
        .bidAttachments: ("Files", "附件"),
        .uploadFile: ("File", "文件"),
        .uploadButton: ("Upload", "上传"),
        .noAttachments: ("No files yet.", "暂无附件。"),
        .fileName: ("Name", "文件名"),
        .fileSize: ("Size", "大小"),
        .uploadedBy: ("Uploaded by", "上传人"),
        .uploadedAt: ("Uploaded", "上传时间"),
        .attachmentLimitHint: ("At most 20 MB per file.", "每个文件不超过 20 MB。"),
        .confirmDeleteBid: ("Delete this bid with its competitors and files?", "确定删除该投标及其竞争对手和附件吗？"),
        .confirmDeleteAttachment: ("Remove this file?", "确定删除该附件吗？"),
        .bidCreated: ("Bid {name} created.", "已创建投标 {name}。"),
        .bidUpdated: ("Bid {name} saved.", "已保存投标 {name}。"),
        .bidDeleted: ("Bid {name} deleted.", "已删除投标 {name}。"),
        .attachmentUploaded: ("File {name} uploaded.", "已上传附件 {name}。"),
        .attachmentDeleted: ("File {name} removed.", "已删除附件 {name}。"),
        .bidReminder: ("Reminder", "截止提醒"),
        .bidsOfCustomer: ("Bids", "投标"),
        .bidDetails: ("Details", "投标信息"),
        .download: ("Download", "下载"),
        .bidWinRateLine: ("Win rate {rate} ({won} won, {lost} lost)", "中标率 {rate}（中标 {won}，未中标 {lost}）"),
    ])
}

extension Localizer {
    func bidStatusName(_ status: BidStatus) -> String {
        switch status {
        case .preparing: self[.bsPreparing]
        case .submitted: self[.bsSubmitted]
        case .won: self[.bsWon]
        case .lost: self[.bsLost]
        case .cancelled: self[.bsCancelled]
        }
    }
}

enum BidFormat {
    /// The status as a pill: green when won, red when lost, grey when cancelled.
    static func statusPill(_ status: BidStatus, _ l: Localizer) -> HTML {
        let tone = switch status {
        case .preparing: ""
        case .submitted: " info"
        case .won: " ok"
        case .lost: " bad"
        case .cancelled: " off"
        }
        return "<span class=\"pill\(tone) bid-status status-\(status.rawValue)\">\(l.bidStatusName(status))</span>"
    }

    /// Bytes as people read them: "812 B", "14.2 KB", "3.5 MB".
    static func size(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return String(format: "%.1f KB", Double(bytes) / 1024) }
        return String(format: "%.1f MB", Double(bytes) / 1024 / 1024)
    }
}
