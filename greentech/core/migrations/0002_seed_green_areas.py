from django.db import migrations

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
    ("bio-based-materials-and-biofuels", "Bio-based materials and biofuels", "生物基材料与生物燃料"),
    ("carbon-capture-and-use", "Carbon capture and use", "碳捕集与利用"),
]


def seed_green_areas(apps, schema_editor):
    GreenArea = apps.get_model("core", "GreenArea")
    for position, (code, name, name_zh) in enumerate(GREEN_AREAS, start=1):
        GreenArea.objects.get_or_create(
            code=code, defaults={"name": name, "name_zh": name_zh, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(seed_green_areas, migrations.RunPython.noop)]
