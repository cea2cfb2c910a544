"""The green-area taxonomy every install starts with (seeded by a data migration)."""

GREEN_AREAS = [
    ("air-pollution-control", "Air pollution control", "大气污染防治"),
    ("water-pollution-control", "Water pollution control", "水污染防治"),
    ("soil-remediation", "Soil remediation", "土壤修复"),
    ("solid-waste-and-recycling", "Solid waste and recycling", "固体废物处理与资源化"),
    ("environmental-monitoring", "Environmental monitoring", "环境监测"),
    ("renewable-energy", "Renewable energy", "可再生能源"),
    ("energy-efficiency", "Energy efficiency", "节能与能效"),
    ("low-carbon-industry", "Low-carbon industry and processes", "低碳工业与过程"),
    ("green-mining-and-metallurgy", "Green mining and metallurgy", "绿色采矿与冶金"),
    (
        "bio-based-materials-and-biofuels",
        "Bio-based materials and biofuels",
        "生物基材料与生物燃料",
    ),
    ("carbon-capture-and-use", "Carbon capture and use", "碳捕集与利用"),
]


def ensure_green_areas(green_area_model) -> int:
    """Create the areas that are missing (found by code); returns how many were created."""
    created = 0
    for position, (code, name, name_zh) in enumerate(GREEN_AREAS, start=1):
        _area, was_created = green_area_model.objects.get_or_create(
            code=code, defaults={"name": name, "name_zh": name_zh, "position": position}
        )
        created += int(was_created)
    return created
