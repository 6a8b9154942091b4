/// Texts of the product catalog.
/// Each text is (English, Chinese).
extension TextTable {
    static let products = TextTable("products", [
        .productsTitle: ("Products", "产品"),
        .newProduct: ("New product", "新建产品"),
        .editProduct: ("Edit product", "编辑产品"),
        .sku: ("SKU", "产品编号"),
        .productName: ("Name", "名称"),
        .category: ("Category", "类别"),
        .unit: ("Unit", "单位"),
        .listPrice: ("List price", "标价"),
        .unitCost: ("Unit cost", "单位成本"),
        .brand: ("Brand", "品牌"),
        .manufacturer: ("Manufacturer", "生产商"),
        .agentProduct: ("Agent product", "代理产品"),
        .launchDate: ("Launch date", "上市日期"),
        .productCreated: ("Product {name} created.", "已创建产品 {name}。"),
        .productUpdated: ("Product {name} saved.", "已保存产品 {name}。"),
        .productDeleted: ("Product deleted.", "产品已删除。"),
        .noProducts: ("No products yet.", "暂无产品。"),
    ])
}
