"""Words the benchmark data is written from: per green area, techniques and where they apply
(English with a Chinese version), qualifiers, brand syllables, countries and people's names.

The mix is chosen so that searches behave as in a real pool: "water" appears in most entries
(about 80%), an area's words in about a tenth, and the rare words (RARE_WORDS) in a few dozen
entries per 100,000.
"""

# code of the green area: (techniques, applications), each an (English, Chinese) pair.
AREAS = {
    "air-pollution-control": (
        [
            ("electrostatic precipitator", "静电除尘器"),
            ("bag filter", "袋式除尘器"),
            ("selective catalytic reduction", "选择性催化还原"),
            ("wet flue gas desulfurisation", "湿法烟气脱硫"),
            ("regenerative thermal oxidiser", "蓄热式热氧化炉"),
            ("activated carbon adsorption", "活性炭吸附"),
            ("low-NOx burner", "低氮燃烧器"),
            ("photocatalytic air purifier", "光催化空气净化器"),
        ],
        [
            ("coal-fired boilers", "燃煤锅炉"),
            ("cement kilns", "水泥窑"),
            ("steel sintering plants", "钢铁烧结厂"),
            ("painting workshops", "喷涂车间"),
            ("urban traffic corridors", "城市交通走廊"),
            ("glass furnaces", "玻璃窑炉"),
        ],
    ),
    "water-pollution-control": (
        [
            ("membrane bioreactor", "膜生物反应器"),
            ("constructed wetland", "人工湿地"),
            ("advanced oxidation", "高级氧化"),
            ("anaerobic digestion", "厌氧消化"),
            ("moving bed biofilm reactor", "移动床生物膜反应器"),
            ("reverse osmosis", "反渗透"),
            ("ultraviolet disinfection", "紫外消毒"),
            ("sequencing batch reactor", "序批式反应器"),
        ],
        [
            ("municipal wastewater", "城镇污水"),
            ("textile effluent", "纺织废水"),
            ("rural domestic sewage", "农村生活污水"),
            ("landfill leachate", "垃圾渗滤液"),
            ("drinking water supply", "饮用水供应"),
            ("aquaculture ponds", "水产养殖池塘"),
        ],
    ),
    "soil-remediation": (
        [
            ("phytoremediation", "植物修复"),
            ("thermal desorption", "热脱附"),
            ("soil washing", "土壤淋洗"),
            ("in-situ chemical oxidation", "原位化学氧化"),
            ("biochar amendment", "生物炭改良"),
            ("electrokinetic remediation", "电动修复"),
        ],
        [
            ("heavy-metal contaminated farmland", "重金属污染农田"),
            ("former industrial sites", "工业遗留场地"),
            ("mining wasteland", "矿区废弃地"),
            ("oil-contaminated soil", "石油污染土壤"),
            ("saline-alkali land", "盐碱地"),
        ],
    ),
    "solid-waste-and-recycling": (
        [
            ("waste-to-energy incineration", "垃圾焚烧发电"),
            ("aerobic composting", "好氧堆肥"),
            ("plastic pyrolysis", "塑料热解"),
            ("construction waste crushing", "建筑垃圾破碎"),
            ("e-waste dismantling", "电子废物拆解"),
            ("sorting by near-infrared sensors", "近红外智能分选"),
        ],
        [
            ("municipal solid waste", "城市生活垃圾"),
            ("kitchen waste", "餐厨垃圾"),
            ("agricultural straw", "农作物秸秆"),
            ("waste tyres", "废旧轮胎"),
            ("industrial sludge", "工业污泥"),
        ],
    ),
    "environmental-monitoring": (
        [
            ("online water quality analyser", "在线水质分析仪"),
            ("low-cost air sensor network", "低成本空气传感网络"),
            ("satellite remote sensing", "卫星遥感"),
            ("continuous emission monitoring system", "烟气排放连续监测系统"),
            ("drone-based sampling", "无人机采样"),
            ("environmental DNA analysis", "环境DNA分析"),
        ],
        [
            ("river basins", "流域"),
            ("industrial parks", "工业园区"),
            ("coastal waters", "近岸海域"),
            ("urban air quality", "城市空气质量"),
            ("groundwater wells", "地下水井"),
        ],
    ),
    "renewable-energy": (
        [
            ("photovoltaic power", "光伏发电"),
            ("small hydropower", "小水电"),
            ("wind turbine", "风力发电机"),
            ("solar water heater", "太阳能热水器"),
            ("biogas digester", "沼气池"),
            ("geothermal heat pump", "地源热泵"),
            ("floating photovoltaic", "漂浮式光伏"),
        ],
        [
            ("off-grid villages", "离网村庄"),
            ("rooftops of factories", "厂房屋顶"),
            ("desert areas", "荒漠地区"),
            ("island microgrids", "海岛微电网"),
            ("irrigation pumping", "灌溉提水"),
        ],
    ),
    "energy-efficiency": (
        [
            ("waste heat recovery", "余热回收"),
            ("variable frequency drive", "变频调速"),
            ("LED lighting retrofit", "LED照明改造"),
            ("building energy management", "建筑能源管理"),
            ("high-efficiency motor", "高效电机"),
            ("district cooling", "区域供冷"),
        ],
        [
            ("public buildings", "公共建筑"),
            ("data centres", "数据中心"),
            ("textile mills", "纺织厂"),
            ("hotels and hospitals", "酒店与医院"),
            ("cold chain logistics", "冷链物流"),
        ],
    ),
    "low-carbon-industry": (
        [
            ("hydrogen direct reduction", "氢气直接还原"),
            ("electric arc furnace", "电弧炉"),
            ("clinker substitution", "熟料替代"),
            ("process electrification", "工艺电气化"),
            ("cleaner production audit", "清洁生产审核"),
        ],
        [
            ("steelmaking", "钢铁生产"),
            ("cement plants", "水泥厂"),
            ("chemical industry", "化工行业"),
            ("ceramics production", "陶瓷生产"),
            ("pulp and paper", "制浆造纸"),
        ],
    ),
    "green-mining-and-metallurgy": (
        [
            ("tailings dry stacking", "尾矿干堆"),
            ("bioleaching", "生物浸出"),
            ("backfill mining", "充填采矿"),
            ("acid mine drainage treatment", "矿山酸性废水处理"),
            ("red mud utilisation", "赤泥综合利用"),
        ],
        [
            ("copper mines", "铜矿"),
            ("rare earth processing", "稀土加工"),
            ("gold mining", "金矿开采"),
            ("alumina refineries", "氧化铝厂"),
            ("coal mines", "煤矿"),
        ],
    ),
    "bio-based-materials-and-biofuels": (
        [
            ("cellulosic ethanol", "纤维素乙醇"),
            ("biodiesel from waste oil", "废油制生物柴油"),
            ("bioplastic from starch", "淀粉基生物塑料"),
            ("biomass pellet", "生物质颗粒"),
            ("bamboo composite", "竹基复合材料"),
        ],
        [
            ("agricultural residues", "农业废弃物"),
            ("used cooking oil", "废弃食用油"),
            ("packaging", "包装材料"),
            ("rural heating", "农村供暖"),
            ("forestry residues", "林业剩余物"),
        ],
    ),
    "carbon-capture-and-use": (
        [
            ("amine-based carbon capture", "胺法碳捕集"),
            ("mineral carbonation", "矿物碳酸化"),
            ("CO2 to methanol", "二氧化碳制甲醇"),
            ("algae cultivation with flue gas", "烟气微藻养殖"),
            ("direct air capture", "直接空气捕集"),
        ],
        [
            ("power plants", "电厂"),
            ("refineries", "炼油厂"),
            ("greenhouses", "温室"),
            ("concrete curing", "混凝土养护"),
            ("oil fields", "油田"),
        ],
    ),
}

QUALIFIERS = [
    ("Low-energy", "低能耗"),
    ("Modular", "模块化"),
    ("Compact", "紧凑型"),
    ("Solar-assisted", "太阳能辅助"),
    ("Intelligent", "智能"),
    ("High-efficiency", "高效"),
    ("Containerised", "集装箱式"),
    ("Decentralised", "分散式"),
    ("Integrated", "一体化"),
    ("Low-cost", "低成本"),
    ("Two-stage", "两段式"),
    ("Hybrid", "复合式"),
]

BRAND_SYLLABLES = [
    "aqua", "terra", "sol", "eco", "vira", "neo", "flux", "gen", "pura", "lumi", "zen", "ora",
    "cleo", "vent", "hydro", "carbo", "silva", "nova", "rivo", "sina", "tek", "mira", "kora",
]  # fmt: skip

# Sentences with "water" (most entries carry one or two of them).
WATER_SENTENCES = [
    "It reduces fresh water consumption by {pct}% compared with conventional plants.",
    "Cooling water is recycled in a closed loop.",
    "The process needs no chemical dosing of the process water.",
    "Treated water meets the national discharge standard.",
    "It works with brackish water as well as fresh water.",
    "Rain water harvesting is built into the design.",
]
GENERIC_SENTENCES = [
    "The system has been running for {years} years with an availability above {avail}%.",
    "Operators are trained on site in {days} days.",
    "Spare parts are available from local suppliers.",
    "Maintenance costs are about {pct}% of the investment per year.",
    "Energy use is {kwh} kWh per tonne treated.",
    "The footprint is {pct}% smaller than that of comparable installations.",
    "Remote monitoring alerts the operator before a failure.",
    "It was developed jointly with partners in {country}.",
    "Installation takes {days} days with a crew of {crew}.",
    "It avoids about {co2} t of CO2e per year at full load.",
]
PRINCIPLE_SENTENCES = [
    "The {technique} stage removes most of the load before a polishing step.",
    "A control unit adjusts the operating point every {secs} seconds from sensor readings.",
    "Heat from the {technique} unit is recovered to pre-heat the feed.",
    "The {technique} combines a physical separation with a biological step.",
    "The design follows the principle of {technique} with an optimised residence time.",
]
KPI_SENTENCES = [
    "Removal efficiency above {pct}%.",
    "Capacity from {cap} to {cap2} tonnes per day.",
    "Specific energy use {kwh} kWh per tonne.",
    "Service life over {years} years.",
    "Payback period of {payback} years.",
]
CONDITION_SENTENCES = [
    "Suitable for sites with an ambient temperature between {tmin} and {tmax} °C.",
    "Needs a stable power supply and {crew} trained operators.",
    "Works at altitudes up to {alt} m.",
    "Requires a flat area of about {area} m² for installation.",
]

# (English word, Chinese word): each in a few dozen entries per 100,000.
RARE_WORDS = [
    ("perovskite", "钙钛矿"),
    ("graphene", "石墨烯"),
    ("zeolite", "沸石"),
    ("vermicomposting", "蚯蚓堆肥"),
    ("electrodialysis", "电渗析"),
    ("thermophilic", "嗜热"),
]
RARE_SENTENCE = "A {word} layer raises the performance further."

# Countries of the network's partners (providers, target countries, people).
COUNTRIES = [
    "CN", "KE", "TH", "PK", "SN", "GH", "EG", "ET", "LK", "NP", "VN", "ID", "MY", "KZ", "UZ",
    "BR", "AR", "ZA", "NG", "TZ", "UG", "BD", "MN", "LA", "KH", "PH", "IR", "TR", "MA", "DZ",
    "TN", "RU", "IT", "DE", "FR", "GB", "ES", "PT", "CL", "PE", "MX", "CO", "EC", "BO", "CU",
    "JO", "SA", "AE", "OM", "QA", "IQ", "AF", "KG", "TJ", "TM", "AZ", "GE", "AM", "BY", "UA",
    "RS", "HU", "PL", "CZ", "GR", "CY", "MM", "SG", "MV", "ZM", "ZW", "MZ", "RW", "CM",
]  # fmt: skip
CITIES = [
    "Beijing", "Nairobi", "Bangkok", "Lahore", "Dakar", "Accra", "Cairo", "Addis Ababa",
    "Colombo", "Kathmandu", "Hanoi", "Jakarta", "Kuala Lumpur", "Almaty", "Tashkent",
    "São Paulo", "Córdoba", "Durban", "Lagos", "Arusha", "Kampala", "Dhaka", "Ulaanbaatar",
    "Vientiane", "Phnom Penh", "Manila", "Tehran", "Izmir", "Rabat", "Oran",
]  # fmt: skip
INSTITUTION_KINDS = [
    ("University of", "university"),
    ("Institute of", "research_institute"),
    ("Research Centre for", "research_institute"),
    ("Company for", "enterprise"),
    ("Agency for", "government_agency"),
]
INSTITUTION_FIELDS = [
    "Environmental Engineering", "Green Technology", "Clean Energy", "Water Resources",
    "Applied Ecology", "Materials Science", "Sustainable Development", "Climate Studies",
    "Agricultural Engineering", "Chemical Technology",
]  # fmt: skip
FIRST_NAMES = [
    "Amina", "Wei", "Somchai", "Fatima", "Kwame", "Li", "Nguyen", "Aisha", "Carlos", "Elena",
    "Ahmed", "Mei", "Tendai", "Priya", "Olga", "Juan", "Zanele", "Bilal", "Chen", "Grace",
]  # fmt: skip
LAST_NAMES = [
    "Mwangi", "Zhang", "Suksawat", "Diallo", "Mensah", "Wang", "Tran", "Bello", "Silva", "Rossi",
    "Hassan", "Liu", "Moyo", "Perera", "Ivanova", "Garcia", "Dlamini", "Khan", "Huang", "Okoro",
]  # fmt: skip
