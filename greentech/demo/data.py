"""Public facts about the network, as demo data.

Organisations, places, dates and figures come from the network's public reports and press
releases. Anything invented to make the demo usable (people, e-mail addresses, a future call
and session, individual participants) says "(sample)" or uses the example.org/.example domains.
"""

# Chinese texts use the full-width comma, which RUF001 takes for a confusable character.
# ruff: noqa: RUF001

from datetime import date

INSTITUTIONS = [
    # slug, name, short name, kind, country, city, website, Chinese name
    (
        "ipe-cas",
        "Institute of Process Engineering, Chinese Academy of Sciences",
        "IPE-CAS",
        "research_institute",
        "CN",
        "Beijing",
        "http://english.ipe.cas.cn/",
        "中国科学院过程工程研究所",
    ),
    (
        "cas",
        "Chinese Academy of Sciences",
        "CAS",
        "research_institute",
        "CN",
        "Beijing",
        "https://english.cas.cn/",
        "中国科学院",
    ),
    (
        "twas",
        "The World Academy of Sciences",
        "TWAS",
        "international_organisation",
        "IT",
        "Trieste",
        "https://twas.org/",
        "发展中国家科学院",
    ),
    (
        "pttgc",
        "PTT Global Chemical",
        "PTTGC",
        "enterprise",
        "TH",
        "Bangkok",
        "https://www.pttgcgroup.com/",
        "",
    ),
    (
        "scg",
        "SCG (Siam Cement Group)",
        "SCG",
        "enterprise",
        "TH",
        "Bangkok",
        "https://www.scg.com/",
        "暹罗水泥集团",
    ),
    ("wanbao-mining", "Wanbao Mining", "Wanbao", "enterprise", "CN", "Beijing", "", "万宝矿产"),
    (
        "saudi-aramco",
        "Saudi Aramco",
        "Aramco",
        "enterprise",
        "SA",
        "Dhahran",
        "https://www.aramco.com/",
        "沙特阿美",
    ),
    (
        "sinopec",
        "China Petroleum & Chemical Corporation",
        "Sinopec",
        "enterprise",
        "CN",
        "Beijing",
        "http://www.sinopecgroup.com/",
        "中国石化",
    ),
    (
        "btbu",
        "Beijing Technology and Business University",
        "BTBU",
        "university",
        "CN",
        "Beijing",
        "https://www.btbu.edu.cn/",
        "北京工商大学",
    ),
    (
        "ecosf",
        "ECO Science Foundation",
        "ECOSF",
        "international_organisation",
        "PK",
        "Islamabad",
        "",
        "经济合作组织科学基金会",
    ),
    (
        "feco",
        "Foreign Environmental Cooperation Center, Ministry of Ecology and Environment",
        "FECO",
        "government_agency",
        "CN",
        "Beijing",
        "",
        "生态环境部对外合作与交流中心",
    ),
    (
        "caepi",
        "China Association of Environmental Protection Industry",
        "CAEPI",
        "ngo",
        "CN",
        "Beijing",
        "",
        "中国环境保护产业协会",
    ),
    (
        "tongji",
        "Tongji University",
        "Tongji",
        "university",
        "CN",
        "Shanghai",
        "https://en.tongji.edu.cn/",
        "同济大学",
    ),
]

CEGT = {
    "slug": "cegt",
    "name": "CAS-TWAS Centre of Excellence for Green Technology",
    "name_zh": "中国科学院-发展中国家科学院绿色技术卓越中心",
    "short_name": "CEGT",
    "host": "ipe-cas",
    "established": date(2013, 1, 1),
    "mission": (
        "Builds green-technology capacity in developing countries through joint laboratories, "
        "technology transfer, training and the CAS-TWAS Symposium on Green Technology."
    ),
    "mission_zh": (
        "通过联合实验室、技术转移、培训和中国科学院-发展中国家科学院绿色技术研讨会，"
        "提升发展中国家的绿色技术能力。"
    ),
    "focus_areas": [
        "green-mining-and-metallurgy",
        "low-carbon-industry",
        "solid-waste-and-recycling",
        "renewable-energy",
        "bio-based-materials-and-biofuels",
        "energy-efficiency",
    ],
}

BTBU_ECOSF_CENTRE = {
    "slug": "btbu-ecosf-joint-training-centre",
    "name": "BTBU-ECOSF Joint Training Centre",
    "name_zh": "北京工商大学-经济合作组织科学基金会联合培训中心",
    "short_name": "BTBU-ECOSF",
    "host": "btbu",
    "established": date(2020, 9, 1),
    "mission": "Training in green and low-carbon technologies for scientists of ECO countries.",
    "mission_zh": "为经济合作组织成员国的科学家提供绿色低碳技术培训。",
    "focus_areas": ["environmental-monitoring", "water-pollution-control"],
}

JOINT_LABS = [
    # slug, name, partner countries, research areas, partners (slug, role)
    (
        "china-myanmar-mongolia-congo-green-mineral-lab",
        "China-Myanmar-Mongolia-Congo Joint Laboratory for Green Mineral Processing",
        ["MM", "MN", "CD"],
        ["green-mining-and-metallurgy"],
        [("ipe-cas", "host"), ("wanbao-mining", "industry_sponsor")],
    ),
    (
        "china-thailand-malaysia-renewable-energy-lab",
        "China-Thailand-Malaysia Joint Laboratory for Renewable Energy",
        ["TH", "MY"],
        ["renewable-energy", "bio-based-materials-and-biofuels"],
        [("ipe-cas", "host"), ("pttgc", "industry_sponsor"), ("scg", "industry_sponsor")],
    ),
    (
        "china-saudi-arabia-pakistan-petroleum-centre",
        "China-Saudi Arabia-Pakistan Joint Centre for Petroleum and Petrochemicals",
        ["SA", "PK"],
        ["low-carbon-industry", "energy-efficiency"],
        [
            ("ipe-cas", "host"),
            ("saudi-aramco", "industry_sponsor"),
            ("sinopec", "industry_sponsor"),
        ],
    ),
    (
        "china-egypt-green-technology-lab",
        "China-Egypt Joint Laboratory for Green Technology",
        ["EG"],
        ["low-carbon-industry"],
        [("ipe-cas", "host")],
    ),
    (
        "china-denmark-green-process-centre",
        "China-Denmark Joint Centre for Green Process Engineering",
        ["DK"],
        ["low-carbon-industry", "energy-efficiency"],
        [("ipe-cas", "host")],
    ),
    (
        "china-uk-waste-pet-cycle-centre",
        "China-UK Joint Centre for Waste PET Recycling",
        ["GB"],
        ["solid-waste-and-recycling"],
        [("ipe-cas", "host")],
    ),
    (
        "china-sudan-artemisinin-centre",
        "China-Sudan Joint Centre for Artemisinin Natural Drugs",
        ["SD"],
        ["bio-based-materials-and-biofuels"],
        [("ipe-cas", "host")],
    ),
]

GREEN_AREAS_2020_CALL = [
    "air-pollution-control",
    "water-pollution-control",
    "soil-remediation",
    "solid-waste-and-recycling",
    "environmental-monitoring",
]
POOL_CRITERIA = [
    ("Advanced nature", "先进性"),
    ("Practicability", "实用性"),
    ("Economy", "经济性"),
    ("Maturity degree", "成熟度"),
    ("Service capability", "服务能力"),
]

TRANSFER_CASES = [
    {
        "slug": "heap-bioleaching-copper-monywa",
        "title": "Heap bioleaching of copper at Monywa",
        "country": "MM",
        "partner": "wanbao-mining",
        "technology": "heap-bioleaching-of-low-grade-copper-ore",
        "description": (
            "Heap bioleaching of low-grade copper ore at the Monywa copper mine in Myanmar, "
            "run with a mostly local workforce."
        ),
        "indicators": [
            ("Copper cathode capacity", "50000", "t/a"),
            ("Local staff", "90", "% (over)"),
        ],
    },
    {
        "slug": "artemisinin-sudan-ethiopia",
        "title": "Artemisinin production in Sudan and Ethiopia",
        "country": "SD",
        "partner": None,
        "technology": "green-extraction-of-artemisinin",
        "description": (
            "A cleaner artemisinin extraction process transferred to Sudan and Ethiopia."
        ),
        "indicators": [
            ("Energy use reduction", "43", "%"),
            ("Product purity", "99", "% (over)"),
            ("Production capacity", "60", "t/a"),
        ],
    },
    {
        "slug": "ionic-liquid-waste-pet-pe-degradation",
        "title": "Ionic-liquid degradation of waste PET/PE",
        "country": "GB",
        "partner": None,
        "technology": "ionic-liquid-degradation-of-waste-pet",
        "description": (
            "Ionic-liquid catalysed degradation of waste PET and PE plastics into monomers."
        ),
        "indicators": [],
    },
    {
        "slug": "copper-smelting-tail-gas-mongolia",
        "title": "Copper-smelting tail gas use with Mongolia",
        "country": "MN",
        "partner": None,
        "technology": "copper-smelting-tail-gas-utilisation",
        "description": "Recovery and use of sulphur-bearing tail gas from copper smelting.",
        "indicators": [],
    },
]

TECHNOLOGIES = [
    # slug, name, green area, TRL, summary
    (
        "heap-bioleaching-of-low-grade-copper-ore",
        "Heap bioleaching of low-grade copper ore",
        "green-mining-and-metallurgy",
        9,
        "Microorganisms leach copper from low-grade ore heaps, replacing smelting for ores that "
        "would otherwise be waste.",
    ),
    (
        "green-extraction-of-artemisinin",
        "Green extraction of artemisinin",
        "bio-based-materials-and-biofuels",
        9,
        "An extraction and purification process for artemisinin from Artemisia annua that uses "
        "less energy and solvent and gives purity over 99%.",
    ),
    (
        "ionic-liquid-degradation-of-waste-pet",
        "Ionic-liquid catalytic degradation of waste PET",
        "solid-waste-and-recycling",
        7,
        "Ionic liquids catalyse the glycolysis of waste PET and PE into monomers for new plastics.",
    ),
    (
        "copper-smelting-tail-gas-utilisation",
        "Copper-smelting tail gas resource utilisation",
        "air-pollution-control",
        8,
        "Sulphur dioxide in copper-smelter tail gas is captured and turned into useful products "
        "instead of being emitted.",
    ),
]

GT2018 = {
    "slug": "gt2018",
    "title": "7th CAS-TWAS Symposium on Green Technology",
    "title_zh": "第七届中国科学院-发展中国家科学院绿色技术研讨会",
    "short_name": "GT2018",
    "series": "CAS-TWAS Symposium on Green Technology",
    "series_number": 7,
    "city": "Beijing",
    "country": "CN",
    "starts_on": date(2018, 7, 22),
    "ends_on": date(2018, 7, 25),
    "delegate_countries_count": 13,
    "summary": (
        "Delegates from 13 countries met in Beijing; the International Green Technology "
        "Association was launched at the symposium."
    ),
    "summary_zh": "来自13个国家的代表齐聚北京，国际绿色技术协会在研讨会上成立。",
}
GT2018_DELEGATE_COUNTRIES = [
    "CN",
    "MM",
    "MN",
    "TH",
    "MY",
    "PK",
    "SA",
    "EG",
    "SD",
    "ET",
    "KE",
    "NG",
    "IT",
]

TRAINING_PROGRAMME = {
    "slug": "international-training-program-green-low-carbon-2025",
    "title": "International Training Program on Green and Low-Carbon Technologies 2025",
    "title_zh": "2025年绿色低碳技术国际培训项目",
    "summary": (
        "Training for professionals from Belt and Road partner countries in green and low-carbon "
        "technologies, with lectures, field visits and case exchanges."
    ),
    "summary_zh": (
        "面向“一带一路”合作伙伴国家专业人员的绿色低碳技术培训，包括讲座、实地考察和案例交流。"
    ),
}
SHANGHAI_COHORT = {
    "slug": "2025-shanghai-session",
    "title": "Shanghai session 2025",
    "title_zh": "2025年上海培训班",
    "city": "Shanghai",
    "venue": "Tongji University",
    "starts_on": date(2025, 6, 14),
    "capacity": 22,
    "max_per_country": 2,
}
SHANGHAI_TRAINEE_COUNTRIES = ["PK", "TH", "MY", "MM", "MN", "EG", "KE", "NG", "ET", "LK", "KZ"]
