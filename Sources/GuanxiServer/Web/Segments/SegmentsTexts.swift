/// Texts of saved segments.
/// Each text is (English, Chinese).
extension TextTable {
    static let segments = TextTable("segments", [
        .segmentsTitle: ("Segments", "客户分组"),
        .segmentCreated: ("Segment {name} saved.", "已保存分组 {name}。"),
        .segmentDeleted: ("Segment deleted.", "分组已删除。"),
        .segmentFilter: ("Filter", "筛选条件"),
        .noSegments: ("No segments yet. Filter the customer list and save it as a segment.", "暂无分组。可在客户列表筛选后保存为分组。"),
        .showCustomers: ("Show customers", "查看客户"),
        .segmentName: ("Segment name", "分组名称"),
        .confirmDeleteSegment: ("Delete this segment? Its customers are kept.", "删除这个客户分组？其中的客户不受影响。"),
    ])
}
