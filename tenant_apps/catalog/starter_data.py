"""Starter catalogs for the four verticals, in English and Simplified Chinese (amounts in fen).

A new company gets the one of its vertical at sign-up and edits it from there.
"""
from __future__ import annotations

from typing import Any

from .choices import AddOnKind, PriceModel, SurchargeKind, Unit
from .translations import text as t

Spec = dict[str, Any]
ON_THE_WAY = None


def variant(name: dict, model: str, *, base: int = 0, unit_price: int = 0, unit: str | None = None,
            min_quantity: int = 1, max_quantity: int = 100, minimum_minutes: int = 0, minimum_charge: int = 0,
            duration: int | None = None, minutes_per_unit: int = 0, crew: int | None = None,
            description: dict | None = None) -> Spec:
    default_unit = {PriceModel.HOURLY: Unit.HOUR, PriceModel.PER_AREA: Unit.SQUARE_METRE}.get(model, Unit.VISIT)
    return {
        "name": name, "description": description or {}, "price_model": model, "unit": unit or default_unit,
        "base_price": base, "unit_price": unit_price, "min_quantity": min_quantity, "max_quantity": max_quantity,
        "minimum_minutes": minimum_minutes, "minimum_charge": minimum_charge, "duration_minutes": duration,
        "minutes_per_unit": minutes_per_unit, "crew_size": crew,
    }


def add_on(name: dict, kind: str, price: int, *, max_quantity: int = 1, minutes: int = 0, crew: int = 0) -> Spec:
    return {"name": name, "kind": kind, "price": price, "max_quantity": max_quantity, "extra_minutes": minutes,
            "extra_crew": crew}


def service(name: dict, *, description: dict, included: tuple[list[str], list[str]], standard: dict,
            duration: int, skills: list[str], lead_minutes: int, variants: list[Spec], policy: list[tuple],
            add_ons: list[Spec] = (), crew: int = 1, promoted: bool = False) -> Spec:
    return {
        "name": name, "description": description, "included": {"en": included[0], "zh-hans": included[1]},
        "standard": standard, "default_duration_minutes": duration, "required_skills": skills, "crew_size": crew,
        "min_lead_minutes": lead_minutes, "is_promoted": promoted, "variants": variants, "add_ons": list(add_ons),
        "policy": policy,
    }


def category(name: dict, *, services: list[Spec] = (), children: list[Spec] = (),
             description: dict | None = None) -> Spec:
    return {"name": name, "description": description or {}, "services": list(services), "children": list(children)}


def surcharge(name: dict, kind: str, **values) -> Spec:
    return {"name": name, "kind": kind, **values}


# Cancellation policies: (hours before the visit or ON_THE_WAY, percent, fixed amount).
STANDARD_POLICY = [(24, 0, 0), (2, 20, 0), (0, 50, 0), (ON_THE_WAY, 0, 3000)]
CARE_POLICY = [(72, 0, 0), (24, 30, 0), (0, 50, 0)]
MOVING_POLICY = [(48, 0, 0), (24, 30, 0), (0, 50, 0), (ON_THE_WAY, 0, 20000)]
RECYCLING_POLICY = [(0, 0, 0), (ON_THE_WAY, 0, 1000)]

HOUSEKEEPING = {
    "categories": [
        category(t("Cleaning", "保洁"), children=[
            category(t("Home cleaning", "家庭保洁"), services=[
                service(
                    t("Home cleaning", "家庭保洁"),
                    description=t("A tidy, clean home by a trained cleaner.", "专业保洁员上门，还您整洁的家。"),
                    included=(["Dusting of surfaces", "Kitchen and bathroom cleaning", "Floors vacuumed and mopped"],
                              ["家具表面除尘", "厨房、卫生间清洁", "地面吸尘与拖洗"]),
                    standard=t("Checklist signed off with you before the cleaner leaves.",
                               "服务结束前与您逐项验收。"),
                    duration=180, skills=["cleaning"], lead_minutes=120, policy=STANDARD_POLICY, promoted=True,
                    variants=[
                        variant(t("Daily cleaning", "日常保洁"), PriceModel.HOURLY, unit_price=5000,
                                minimum_minutes=120, duration=180),
                        variant(t("Deep cleaning", "深度保洁"), PriceModel.PER_AREA, unit_price=800,
                                min_quantity=20, max_quantity=500, minimum_charge=30000, duration=120,
                                minutes_per_unit=2, crew=2),
                        variant(t("Post-renovation cleaning", "开荒保洁"), PriceModel.PER_AREA, unit_price=1200,
                                min_quantity=20, max_quantity=1000, minimum_charge=50000, duration=180,
                                minutes_per_unit=3, crew=2),
                    ],
                    add_ons=[
                        add_on(t("Cleaner brings tools", "自带清洁工具"), AddOnKind.TOOLS, 3000),
                        add_on(t("Extra cleaner", "加派一名保洁员"), AddOnKind.EXTRA_HANDS, 15000, max_quantity=3,
                               crew=1),
                        add_on(t("Eco cleaning products", "环保清洁剂"), AddOnKind.MATERIALS, 4000),
                        add_on(t("Inside the fridge", "冰箱内部清洁"), AddOnKind.OTHER, 8000, minutes=45),
                        add_on(t("Window, per window", "擦窗（每扇）"), AddOnKind.OTHER, 2000, max_quantity=30,
                               minutes=10),
                    ],
                ),
            ]),
            category(t("Appliance cleaning", "家电清洗"), services=[
                service(
                    t("Air conditioner cleaning", "空调清洗"),
                    description=t("Filters, coils and fan cleaned and disinfected.",
                                  "滤网、蒸发器、风轮深度清洗消毒。"),
                    included=(["Filter and coil cleaning", "Disinfection", "Test run"],
                              ["滤网与蒸发器清洗", "杀菌消毒", "试机"]),
                    standard=t("No drips, no smell, tested in front of you.", "不滴水、无异味，当面试机。"),
                    duration=60, skills=["appliance_cleaning"], lead_minutes=120, policy=STANDARD_POLICY,
                    promoted=True,
                    variants=[
                        variant(t("Wall-mounted unit", "挂机"), PriceModel.PER_UNIT, unit_price=12000,
                                unit=Unit.APPLIANCE, max_quantity=10, duration=15, minutes_per_unit=45),
                        variant(t("Floor-standing unit", "柜机"), PriceModel.PER_UNIT, unit_price=18000,
                                unit=Unit.APPLIANCE, max_quantity=5, duration=15, minutes_per_unit=60),
                    ],
                ),
                service(
                    t("Range hood cleaning", "油烟机清洗"),
                    description=t("Grease removed from the hood, fan and filters.", "拆洗油烟机风轮、油网，去除油污。"),
                    included=(["Disassembly and degreasing", "Oil cup emptied"], ["拆机除油", "清理油杯"]),
                    standard=t("Reassembled and tested.", "装回并试机。"),
                    duration=90, skills=["appliance_cleaning"], lead_minutes=120, policy=STANDARD_POLICY,
                    variants=[variant(t("Range hood", "油烟机"), PriceModel.FIXED, base=18000, duration=90)],
                ),
            ]),
        ]),
        category(t("Nanny", "育儿嫂"), services=[
            service(
                t("Nanny", "育儿嫂"),
                description=t("Experienced, certified childcare at home.", "持证育儿嫂，经验丰富，上门照护。"),
                included=(["Feeding and naps", "Play and early learning", "Baby laundry"],
                          ["喂养与哄睡", "陪玩与早教", "宝宝衣物清洗"]),
                standard=t("Health certificate and background check on file.", "健康证、背景调查齐全。"),
                duration=480, skills=["childcare"], lead_minutes=24 * 60, policy=CARE_POLICY,
                variants=[
                    variant(t("By the hour", "钟点育儿"), PriceModel.HOURLY, unit_price=4500, minimum_minutes=240,
                            duration=240),
                    variant(t("Full day (10 h)", "全天（10小时）"), PriceModel.FIXED, base=42000, duration=600),
                ],
            ),
        ]),
        category(t("Maternity nurse", "月嫂"), services=[
            service(
                t("Maternity nurse", "月嫂"),
                description=t("Care for mother and newborn after birth.", "产后母婴专业护理。"),
                included=(["Newborn care and bathing", "Postnatal meals", "Breastfeeding support"],
                          ["新生儿护理与洗澡", "月子餐", "母乳喂养指导"]),
                standard=t("Certified maternity nurses only.", "仅派持证月嫂。"),
                duration=240, skills=["maternity_care"], lead_minutes=72 * 60, policy=CARE_POLICY,
                variants=[
                    variant(t("Home visit (4 h)", "上门护理（4小时）"), PriceModel.FIXED, base=60000, duration=240),
                    variant(t("Live-in, 26 days", "住家26天"), PriceModel.FIXED, base=1380000, duration=26 * 24 * 60),
                ],
            ),
        ]),
    ],
    "surcharges": [
        surcharge(t("Evening", "夜间服务"), SurchargeKind.TIME_OF_DAY, percent=20,
                  start_time="19:00", end_time="08:00"),
        surcharge(t("Weekend", "周末"), SurchargeKind.WEEKDAY, percent=10, weekdays=[6, 7]),
        surcharge(t("Public holiday", "法定节假日"), SurchargeKind.HOLIDAY, percent=50),
        surcharge(t("Same-day booking", "当日加急"), SurchargeKind.URGENCY, amount=3000, within_hours=6),
    ],
}

REPAIRS = {
    "categories": [
        category(t("Plumbing & electrical", "水电维修"), children=[
            category(t("Plumbing", "水管维修"), services=[
                service(
                    t("Plumbing repair", "水管维修"),
                    description=t("Leaks, taps and toilets fixed by a licensed plumber.",
                                  "持证水工上门处理漏水、龙头、马桶。"),
                    included=(["Diagnosis", "Labour", "Clean-up"], ["故障检测", "维修人工", "完工清理"]),
                    standard=t("90-day warranty on the work.", "维修质保90天。"),
                    duration=60, skills=["plumbing"], lead_minutes=60, policy=STANDARD_POLICY, promoted=True,
                    variants=[
                        variant(t("Leak repair", "漏水维修"), PriceModel.HOURLY, base=5000, unit_price=8000,
                                minimum_minutes=60, duration=60),
                        variant(t("Tap replacement", "更换水龙头"), PriceModel.FIXED, base=8000, duration=45),
                        variant(t("Toilet repair", "马桶维修"), PriceModel.FIXED, base=10000, duration=60),
                    ],
                    add_ons=[
                        add_on(t("Standard parts", "常用配件"), AddOnKind.MATERIALS, 3000, max_quantity=5),
                        add_on(t("Second technician", "加派一名师傅"), AddOnKind.EXTRA_HANDS, 8000, crew=1),
                    ],
                ),
            ]),
            category(t("Electrical", "电路维修"), services=[
                service(
                    t("Electrical repair", "电路维修"),
                    description=t("Sockets, switches, lights and faults by a licensed electrician.",
                                  "持证电工上门维修插座、开关、灯具与线路故障。"),
                    included=(["Safety check", "Labour"], ["安全检测", "维修人工"]),
                    standard=t("Power tested after every job.", "完工后通电测试。"),
                    duration=60, skills=["electrical"], lead_minutes=60, policy=STANDARD_POLICY,
                    variants=[
                        variant(t("Socket or switch", "插座/开关"), PriceModel.PER_UNIT, base=5000, unit_price=4000,
                                unit=Unit.ITEM, max_quantity=20, duration=30, minutes_per_unit=15),
                        variant(t("Light fitting", "灯具安装"), PriceModel.PER_UNIT, base=5000, unit_price=6000,
                                unit=Unit.ITEM, max_quantity=20, duration=30, minutes_per_unit=30),
                        variant(t("Fault finding", "线路故障排查"), PriceModel.HOURLY, base=5000, unit_price=10000,
                                minimum_minutes=60, duration=60),
                    ],
                    add_ons=[add_on(t("Standard parts", "常用配件"), AddOnKind.MATERIALS, 3000, max_quantity=10)],
                ),
            ]),
        ]),
        category(t("Appliances", "家电维修"), services=[
            service(
                t("Appliance repair", "家电维修"),
                description=t("Diagnosis on site; parts quoted before any work.", "上门检测，换件前先报价。"),
                included=(["Diagnosis", "Labour for the repair"], ["上门检测", "维修人工"]),
                standard=t("Original or certified parts only.", "只用原厂或认证配件。"),
                duration=60, skills=["appliance_repair"], lead_minutes=120, policy=STANDARD_POLICY,
                variants=[
                    variant(t("Washing machine", "洗衣机"), PriceModel.FIXED, base=8000, duration=60),
                    variant(t("Refrigerator", "冰箱"), PriceModel.FIXED, base=10000, duration=60),
                    variant(t("Air conditioner", "空调"), PriceModel.FIXED, base=10000, duration=90),
                ],
                add_ons=[add_on(t("Take the old appliance away", "旧机拆除搬走"), AddOnKind.OTHER, 8000, minutes=30,
                                crew=1)],
            ),
            service(
                t("Appliance installation", "家电安装"),
                description=t("New appliances installed and tested.", "新家电安装调试。"),
                included=(["Installation", "Test run", "Packaging removed"], ["安装", "试机", "清走包装"]),
                standard=t("Installed to the maker's instructions.", "按厂家规范安装。"),
                duration=60, skills=["appliance_repair"], lead_minutes=24 * 60, policy=STANDARD_POLICY,
                variants=[variant(t("Per appliance", "按台"), PriceModel.PER_UNIT, unit_price=15000,
                                  unit=Unit.APPLIANCE, max_quantity=10, duration=15, minutes_per_unit=60)],
            ),
        ]),
        category(t("Drains", "管道疏通"), services=[
            service(
                t("Drain clearing", "管道疏通"),
                description=t("Blocked sinks, toilets and sewers cleared.", "水槽、马桶、下水道堵塞疏通。"),
                included=(["Clearing", "Flow test", "Clean-up"], ["疏通", "通水测试", "完工清理"]),
                standard=t("Not cleared, not charged.", "不通不收费。"),
                duration=60, skills=["drain_clearing"], lead_minutes=60, policy=STANDARD_POLICY, promoted=True,
                variants=[
                    variant(t("Sink or basin", "水槽/面盆"), PriceModel.FIXED, base=12000, duration=45),
                    variant(t("Toilet", "马桶"), PriceModel.FIXED, base=15000, duration=60),
                    variant(t("Main sewer line", "主下水管"), PriceModel.FIXED, base=30000, duration=120, crew=2),
                ],
                add_ons=[
                    add_on(t("Camera inspection", "管道内窥检测"), AddOnKind.TOOLS, 20000, minutes=30),
                    add_on(t("High-pressure jetting", "高压清洗"), AddOnKind.TOOLS, 26000, minutes=45),
                ],
            ),
        ]),
    ],
    "surcharges": [
        surcharge(t("Night call-out", "夜间上门"), SurchargeKind.TIME_OF_DAY, amount=5000,
                  start_time="20:00", end_time="08:00"),
        surcharge(t("Public holiday", "法定节假日"), SurchargeKind.HOLIDAY, percent=30),
        surcharge(t("Urgent (within 2 h)", "加急（2小时内）"), SurchargeKind.URGENCY, amount=5000, within_hours=2),
    ],
}

MOVING = {
    "categories": [
        category(t("Home moving", "居民搬家"), services=[
            service(
                t("Home move", "居民搬家"),
                description=t("Van or truck with a crew; loading, transport, unloading.",
                              "车辆加搬运团队：装车、运输、卸车。"),
                included=(["Truck and driver", "Loading and unloading", "Furniture blankets"],
                          ["车辆与司机", "装卸搬运", "家具保护毯"]),
                standard=t("Insured goods in transit.", "运输全程货物保险。"),
                duration=240, skills=["moving"], lead_minutes=24 * 60, policy=MOVING_POLICY, crew=2,
                promoted=True,
                variants=[
                    variant(t("Small van (studio)", "小面包车（单间）"), PriceModel.FIXED, base=30000, duration=180,
                            crew=2),
                    variant(t("Medium truck (1-2 bedrooms)", "中型货车（一至两居）"), PriceModel.FIXED, base=60000,
                            duration=300, crew=3),
                    variant(t("Large truck (3+ bedrooms)", "大型货车（三居以上）"), PriceModel.FIXED, base=100000,
                            duration=480, crew=4),
                ],
                add_ons=[
                    add_on(t("Extra mover", "加一名搬运工"), AddOnKind.EXTRA_HANDS, 20000, max_quantity=4, crew=1),
                    add_on(t("Packing materials", "打包材料"), AddOnKind.MATERIALS, 10000, max_quantity=5),
                    add_on(t("Furniture taken apart and rebuilt", "家具拆装"), AddOnKind.OTHER, 5000,
                           max_quantity=20, minutes=20),
                    add_on(t("Stairs without a lift, per floor", "无电梯楼层费（每层）"), AddOnKind.OTHER, 3000,
                           max_quantity=30, minutes=5),
                ],
            ),
        ]),
        category(t("Office moving", "公司搬迁"), services=[
            service(
                t("Office move", "公司搬迁"),
                description=t("Desks, IT and files moved over a weekend or a night.",
                              "办公家具、电脑、文件，周末或夜间搬迁。"),
                included=(["Project manager", "Labelled crates", "IT disconnect and reconnect"],
                          ["专属项目经理", "编号周转箱", "电脑拆装"]),
                standard=t("Every crate labelled and checked at both ends.", "周转箱编号，两端清点。"),
                duration=480, skills=["moving"], lead_minutes=72 * 60, policy=MOVING_POLICY, crew=4,
                variants=[variant(t("Per workstation", "按工位"), PriceModel.PER_UNIT, unit_price=12000,
                                  unit=Unit.ITEM, min_quantity=5, max_quantity=500, minimum_charge=150000,
                                  duration=60, minutes_per_unit=15)],
                add_ons=[add_on(t("Extra mover", "加一名搬运工"), AddOnKind.EXTRA_HANDS, 20000, max_quantity=10,
                                crew=1)],
            ),
        ]),
        category(t("Premium moving", "高端搬家"), services=[
            service(
                t("Premium move", "精品搬家"),
                description=t("Everything packed, moved and unpacked for you.", "全程打包、搬运、拆箱归位。"),
                included=(["Full packing and unpacking", "Wardrobe boxes", "Floor protection"],
                          ["全程打包与拆箱", "挂衣箱", "地面保护"]),
                standard=t("A supervisor on site from start to finish.", "督导全程在场。"),
                duration=480, skills=["moving", "premium_moving"], lead_minutes=72 * 60, policy=MOVING_POLICY,
                crew=4,
                variants=[variant(t("White-glove move", "全程管家式搬家"), PriceModel.HOURLY, unit_price=40000,
                                  minimum_minutes=240, duration=480)],
                add_ons=[
                    add_on(t("Piano", "钢琴搬运"), AddOnKind.OTHER, 80000, minutes=60, crew=2),
                    add_on(t("Art and antiques crating", "艺术品定制木箱"), AddOnKind.MATERIALS, 50000,
                           max_quantity=10),
                ],
            ),
        ]),
    ],
    "surcharges": [
        surcharge(t("Evening", "夜间搬家"), SurchargeKind.TIME_OF_DAY, percent=20,
                  start_time="18:00", end_time="07:00"),
        surcharge(t("Weekend", "周末"), SurchargeKind.WEEKDAY, percent=10, weekdays=[6, 7]),
        surcharge(t("Public holiday", "法定节假日"), SurchargeKind.HOLIDAY, percent=30),
    ],
}

RECYCLING = {
    "categories": [
        category(t("Books", "旧书回收"), services=[
            service(
                t("Book recycling", "旧书回收"),
                description=t("We collect and pay by weight.", "上门回收，按重量付款。"),
                included=(["Free pickup", "Weighing in front of you"], ["免费上门", "当面称重"]),
                standard=t("Paid on the spot.", "现场结算。"),
                duration=30, skills=["recycling"], lead_minutes=120, policy=RECYCLING_POLICY,
                variants=[variant(t("Books by weight", "按重量"), PriceModel.BUYBACK, unit_price=100,
                                  unit=Unit.KILOGRAM, min_quantity=10, max_quantity=1000, duration=30)],
            ),
        ]),
        category(t("Clothes", "旧衣回收"), services=[
            service(
                t("Clothes recycling", "旧衣回收"),
                description=t("Clean clothes collected and paid by weight.", "干净旧衣上门回收，按重量付款。"),
                included=(["Free pickup", "Weighing in front of you"], ["免费上门", "当面称重"]),
                standard=t("Paid on the spot.", "现场结算。"),
                duration=30, skills=["recycling"], lead_minutes=120, policy=RECYCLING_POLICY,
                variants=[variant(t("Clothes by weight", "按重量"), PriceModel.BUYBACK, unit_price=50,
                                  unit=Unit.KILOGRAM, min_quantity=5, max_quantity=500, duration=30)],
            ),
        ]),
        category(t("Electronics", "电子产品回收"), services=[
            service(
                t("Electronics recycling", "电子产品回收"),
                description=t("Phones, laptops and appliances bought back; data wiped.",
                              "手机、电脑、家电回收，数据清除。"),
                included=(["Pickup", "Data wiping"], ["上门取件", "数据清除"]),
                standard=t("Certified data destruction.", "认证数据销毁。"),
                duration=30, skills=["recycling"], lead_minutes=120, policy=RECYCLING_POLICY, promoted=True,
                variants=[
                    variant(t("Phones and tablets", "手机/平板"), PriceModel.BUYBACK, unit_price=5000,
                            unit=Unit.ITEM, max_quantity=50, duration=20, minutes_per_unit=2),
                    variant(t("Laptops", "笔记本电脑"), PriceModel.BUYBACK, unit_price=15000, unit=Unit.ITEM,
                            max_quantity=20, duration=20, minutes_per_unit=3),
                    variant(t("Large appliances", "大家电"), PriceModel.BUYBACK, base=5000, unit_price=8000,
                            unit=Unit.APPLIANCE, max_quantity=10, duration=30, minutes_per_unit=15, crew=2),
                ],
                add_ons=[add_on(t("Data wiping certificate", "数据清除证明"), AddOnKind.OTHER, 3000)],
            ),
        ]),
    ],
    "surcharges": [],
}

STARTERS: dict[str, dict] = {
    "housekeeping": HOUSEKEEPING, "repairs": REPAIRS, "moving": MOVING, "recycling": RECYCLING,
}
