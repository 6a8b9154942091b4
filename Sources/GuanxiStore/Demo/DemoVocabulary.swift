/// Word lists the demo company is made of: Chinese and English company names, people, places, industries.
enum DemoVocabulary {
    // Cities and their provinces, position for position. Enough places, words and trades that a million Chinese
    // company names are nearly all distinct (36 × 60 × 59 × 20 × 3 ≈ 7.6 million combinations).
    static let cities = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "苏州", "天津", "重庆", "青岛", "厦门",
                         "长沙", "郑州", "宁波", "无锡", "佛山", "合肥", "东莞", "沈阳", "大连", "济南", "福州", "昆明", "南昌", "哈尔滨",
                         "长春", "石家庄", "太原", "南宁", "贵阳", "温州", "常州", "烟台"]
    static let regions = ["北京", "上海", "广东", "广东", "浙江", "四川", "湖北", "江苏", "陕西", "江苏", "天津", "重庆", "山东", "福建",
                          "湖南", "河南", "浙江", "江苏", "广东", "安徽", "广东", "辽宁", "辽宁", "山东", "福建", "云南", "江西", "黑龙江",
                          "吉林", "河北", "山西", "广西", "贵州", "浙江", "江苏", "山东"]
    static let areaCodes = ["010", "021", "020", "0755", "0571", "028", "027", "025", "029", "0512", "022", "023", "0532", "0592",
                            "0731", "0371", "0574", "0510", "0757", "0551", "0769", "024", "0411", "0531", "0591", "0871", "0791", "0451",
                            "0431", "0311", "0351", "0771", "0851", "0577", "0519", "0535"]
    static let brandWords = ["华信", "星辰", "东方", "金桥", "宏达", "远航", "汇通", "嘉禾", "鼎盛", "瑞丰", "新源", "博远", "天成", "中和",
                             "恒泰", "永安", "诚信", "兴业", "明德", "安泰", "海纳", "龙腾", "锦程", "德润", "富华", "众合", "盛世", "金鼎",
                             "万通", "宇航", "华瑞", "泰和", "丰源", "立信", "卓越", "晨光", "康达", "联创", "启明", "鸿运", "万象", "聚能",
                             "华夏", "中科", "天正", "长城", "新华", "银河", "九州", "神州", "百川", "盈科", "凯旋", "正大", "华泰", "蓝海",
                             "伟业", "思源", "同创", "润泽"]
    static let industries: [(word: String, industry: String)] = [
        ("科技", "软件与信息服务"), ("贸易", "批发零售"), ("物流", "交通物流"), ("电子", "电子制造"), ("机械", "装备制造"), ("医药", "医药健康"),
        ("食品", "食品饮料"), ("建材", "建筑建材"), ("化工", "化工"), ("纺织", "纺织服装"), ("家具", "家居"), ("软件", "软件与信息服务"),
        ("网络", "互联网"), ("能源", "能源"), ("环保", "环保"), ("信息技术", "软件与信息服务"), ("商贸", "批发零售"),
        ("实业", "综合"), ("包装", "包装印刷"), ("汽车配件", "汽车"),
    ]
    static let suffixes = ["有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司"]
    static let streets = ["人民路", "解放路", "中山路", "建设大道", "科技园路", "长江路", "滨江大道", "高新大道", "世纪大道", "和平路"]
    static let latinBrands = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Soylent", "Cyberdyne",
                              "Tyrell", "Wonka", "Oscorp", "Pied Piper", "Dunder", "Aperture", "Monarch", "Gringotts", "Nakatomi", "Zorg",
                              "Blue Ridge", "Northwind", "Contoso", "Fabrikam", "Lakeside", "Silverline", "Redwood", "Bright", "Harbor", "Summit",
                              "Everest", "Atlas", "Orion", "Sterling", "Keystone", "Pinnacle", "Crescent", "Meridian", "Evergreen", "Falcon"]
    static let latinWords = ["", " Pacific", " Global", " United", " Prime", " Asia", " International", " Star", " Golden", " Orient",
                             " Smart", " Green", " Precision", " Digital", " Advanced", " Eastern"]
    static let latinTrades: [(word: String, industry: String)] = [
        (" Trading", "批发零售"), (" Logistics", "交通物流"), (" Electronics", "电子制造"), (" Foods", "食品饮料"), (" Machinery", "装备制造"),
        (" Software", "软件与信息服务"), (" Pharma", "医药健康"),
        (" Systems", "软件与信息服务"), (" Components", "电子制造"), (" Packaging", "包装印刷"), (" Chemicals", "化工"), (" Textiles", "纺织服装"),
    ]
    static let latinSuffixes = [" Co., Ltd.", " Inc.", " GmbH", " Limited", " LLC"]
    static let latinCities = ["Shanghai", "Beijing", "Shenzhen", "Hong Kong", "Singapore", "Hamburg", "Chicago", "Osaka", "Taipei", "Sydney", "London", "Seoul"]
    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"]
    static let givenNames = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞",
                             "平", "刚", "桂英", "建国", "晓东", "海燕", "志强", "婷婷", "子涵", "浩然", "雨欣"]
    static let latinFirstNames = ["Anna", "Ben", "Chloe", "David", "Emma", "Felix", "Grace", "Henry", "Iris", "Jack", "Lena", "Max"]
    static let latinLastNames = ["Smith", "Müller", "Johnson", "Tanaka", "Brown", "Schmidt", "Garcia", "Lee", "Wilson", "Kim"]
    static let titles = ["采购经理", "总经理", "财务总监", "技术总监", "采购专员", "行政主管", "销售总监", "IT 经理", "Purchasing Manager", "CEO"]
    static let sources = ["展会", "官网", "转介绍", "电话营销", "广告", "老客户推荐", "招投标", "社交媒体"]
    static let tags = ["vip", "重点客户", "新客户", "key", "经销商", "政府", "海外", "价格敏感"]
    static let subjects = ["报价沟通", "产品介绍", "售后回访", "合同确认", "催款", "需求调研", "样品寄送", "节日问候", "投诉处理", "续约洽谈"]
    static let outcomes = ["有意向", "待跟进", "已成交", "无需求", "已解决", "需报价", ""]
    static let taskTitles = ["回访客户", "发送报价单", "确认合同条款", "安排上门拜访", "跟进付款", "寄送样品", "邀请参加展会"]
    static let productCategories = ["传感器", "控制器", "软件许可", "服务", "耗材", "配件"]
    static let units = ["台", "套", "个", "年", "箱", "件"]
    static let opportunityTitles = ["年度框架协议", "二期扩容项目", "设备更新采购", "软件许可续约", "新厂区配套", "备件年度采购", "运维服务合同"]
}
