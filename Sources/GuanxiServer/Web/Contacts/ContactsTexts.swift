/// Texts of a customer's contacts.
/// Each text is (English, Chinese).
extension TextTable {
    static let contacts = TextTable("contacts", [
        .contacts: ("Contacts", "联系人"),
        .newContact: ("Add contact", "添加联系人"),
        .contactName: ("Name", "姓名"),
        .jobTitle: ("Title", "职务"),
        .mobile: ("Mobile", "手机"),
        .wechat: ("WeChat ID", "微信号"),
        .birthday: ("Birthday", "生日"),
        .primaryContact: ("Primary contact", "主联系人"),
        .contactAdded: ("Contact {name} added.", "已添加联系人 {name}。"),
        .contactDeleted: ("Contact deleted.", "联系人已删除。"),
        .noContacts: ("No contacts yet.", "暂无联系人。"),
        .editContact: ("Edit contact", "编辑联系人"),
        .contactUpdated: ("Contact {name} saved.", "已保存联系人 {name}。"),
        .confirmDeleteContact: ("Delete this contact? This cannot be undone.", "删除这位联系人？此操作无法撤销。"),
        .contactPerson: ("Contact", "联系人"),
    ])
}
