"""Pure data for generated people: Thai given names and surnames with their
romanisations, civil-service positions and levels (common, per agency, police, military,
academic titles), how often each kind of agency is picked, and agencies' e-mail domains."""

from __future__ import annotations

# ---------------------------------------------------------------------------------------
# Thai names. Given names are common ones; surnames are common whole surnames plus
# compounds of the morphemes Thai surnames are usually made of (ศรี + สวัสดิ์ ...).
# Each comes with a romanisation (RTGS-like) for English names and e-mail addresses.
# ---------------------------------------------------------------------------------------

MALE_NAMES = (
    ("สมชาย", "somchai"), ("สมศักดิ์", "somsak"), ("ประเสริฐ", "prasoet"), ("สุริยา", "suriya"),
    ("วิชัย", "wichai"), ("ธนพล", "thanaphon"), ("ณัฐพล", "natthaphon"), ("กิตติพงษ์", "kittiphong"),
    ("อนุชา", "anucha"), ("ชัยวัฒน์", "chaiwat"), ("ศุภชัย", "suphachai"), ("พงศกร", "phongsakon"),
    ("วีระพงษ์", "wiraphong"), ("สุรชัย", "surachai"), ("ปิยะ", "piya"), ("ธีรพงษ์", "thiraphong"),
    ("อภิชาติ", "aphichat"), ("ณัฐวุฒิ", "natthawut"), ("จิรายุ", "chirayu"), ("ธนากร", "thanakon"),
    ("ภานุวัฒน์", "phanuwat"), ("วรวุฒิ", "worawut"), ("ศักดิ์ชัย", "sakchai"), ("อำนาจ", "amnat"),
    ("บุญเลิศ", "bunloet"), ("สุทธิพงษ์", "sutthiphong"), ("ไพโรจน์", "phairot"), ("เกรียงไกร", "kriangkrai"),
    ("ชาญวิทย์", "chanwit"), ("ทวีศักดิ์", "thawisak"), ("นพดล", "nopphadon"), ("ปรีชา", "pricha"),
    ("มานพ", "manop"), ("ยุทธนา", "yutthana"), ("วัชระ", "watchara"), ("สมพงษ์", "somphong"),
    ("เอกชัย", "ekkachai"), ("อดิศักดิ์", "adisak"), ("ธีระ", "thira"), ("พิชิต", "phichit"),
    ("รัฐพล", "ratthaphon"), ("ศราวุธ", "sarawut"), ("อรรถพล", "atthaphon"), ("ชัยณรงค์", "chainarong"),
    ("ณรงค์", "narong"), ("ธวัชชัย", "thawatchai"), ("เฉลิมชัย", "chaloemchai"), ("สุเมธ", "sumet"),
    ("กฤษดา", "kritsada"), ("วิทยา", "witthaya"), ("จักรพันธ์", "chakkraphan"), ("ภูมิพัฒน์", "phumiphat"),
    ("ปกรณ์", "pakon"), ("ธนวัฒน์", "thanawat"), ("พีระพงษ์", "phiraphong"), ("อนันต์", "anan"),
    ("ชนะ", "chana"), ("สมบัติ", "sombat"), ("บุญมี", "bunmi"), ("สุรศักดิ์", "surasak"),
    ("วิโรจน์", "wirot"), ("อุดม", "udom"), ("ศุภกร", "suphakon"), ("ธีรวัฒน์", "thirawat"),
    ("นิพนธ์", "niphon"), ("ประสิทธิ์", "prasit"), ("เทพฤทธิ์", "thepparit"), ("ชยพล", "chayaphon"),
    ("กันตพงศ์", "kantaphong"), ("สิทธิชัย", "sitthichai"), ("ไชยา", "chaiya"), ("จตุพร", "chatuphon"),
    ("ก้องเกียรติ", "kongkiat"), ("ศิวกร", "siwakon"), ("วรพล", "woraphon"), ("ธนกฤต", "thanakrit"),
    ("อัครพล", "akkharaphon"), ("รุ่งโรจน์", "rungrot"), ("ทรงศักดิ์", "songsak"), ("อนุวัฒน์", "anuwat"),
    ("ธราธิป", "tharathip"), ("พงษ์พันธ์", "phongphan"), ("วสันต์", "wasan"), ("สุวิทย์", "suwit"),
    ("เกษม", "kasem"), ("โกวิท", "kowit"), ("ไกรสร", "kraison"), ("เอนก", "anek"),
    ("ชูชาติ", "chuchat"), ("ประวิทย์", "prawit"), ("สมเกียรติ", "somkiat"), ("บรรจง", "banchong"),
)

FEMALE_NAMES = (
    ("สมหญิง", "somying"), ("สุภาพร", "suphaphon"), ("กาญจนา", "kanchana"), ("วิไลวรรณ", "wilaiwan"),
    ("พรทิพย์", "phonthip"), ("นภาพร", "naphaphon"), ("อรุณี", "aruni"), ("จิราพร", "chiraphon"),
    ("ศิริพร", "siriphon"), ("มาลี", "mali"), ("รัชนี", "ratchani"), ("ปราณี", "prani"),
    ("สุนันทา", "sunantha"), ("ณัฐธิดา", "natthida"), ("กมลชนก", "kamonchanok"), ("ปิยะนุช", "piyanut"),
    ("วรรณา", "wanna"), ("ธิดารัตน์", "thidarat"), ("อัญชลี", "anchali"), ("พัชรี", "phatchari"),
    ("เพ็ญศรี", "phensi"), ("จันทร์เพ็ญ", "chanphen"), ("สุดารัตน์", "sudarat"), ("นิตยา", "nittaya"),
    ("บุษบา", "butsaba"), ("ดวงใจ", "duangchai"), ("อัมพร", "amphon"), ("ศศิธร", "sasithon"),
    ("เบญจวรรณ", "benchawan"), ("ปวีณา", "pawina"), ("วิภาวดี", "wiphawadi"), ("รัตนา", "rattana"),
    ("สายสุนีย์", "saisuni"), ("ทิพวรรณ", "thippawan"), ("อรอุมา", "onuma"), ("ณัฐวดี", "natthawadi"),
    ("พิมพ์ชนก", "phimchanok"), ("ธนพร", "thanaphon"), ("กัลยา", "kanlaya"), ("ชนิดา", "chanida"),
    ("ปาริชาติ", "parichat"), ("สุกัญญา", "sukanya"), ("วันเพ็ญ", "wanphen"), ("อำไพ", "amphai"),
    ("ยุพิน", "yuphin"), ("มณีรัตน์", "manirat"), ("จารุวรรณ", "charuwan"), ("ศิรินทิพย์", "sirinthip"),
    ("นันทนา", "nanthana"), ("ประภาพร", "praphaphon"), ("อุไรวรรณ", "uraiwan"), ("ขวัญใจ", "khwanchai"),
    ("พรรณี", "phanni"), ("สมใจ", "somjai"), ("จินตนา", "chintana"), ("วาสนา", "watsana"),
    ("เยาวลักษณ์", "yaowalak"), ("ลัดดา", "ladda"), ("กนกวรรณ", "kanokwan"), ("ธัญญารัตน์", "thanyarat"),
    ("อภิญญา", "aphinya"), ("พิมพ์ลดา", "phimlada"), ("ชลธิชา", "chonthicha"), ("นฤมล", "naruemon"),
    ("ปัทมา", "patthama"), ("รุ่งนภา", "rungnapha"), ("สิริกร", "sirikon"), ("อารีรัตน์", "arirat"),
    ("ภัทรา", "phattra"), ("วิมลรัตน์", "wimonrat"), ("ดารุณี", "daruni"), ("เกศินี", "kesini"),
    ("สุมาลี", "sumali"), ("ทัศนีย์", "thatsani"), ("อรทัย", "orathai"), ("พัชราภรณ์", "phatcharaphon"),
    ("จุฑามาศ", "chuthamat"), ("ณัฐชยา", "natchaya"), ("ปนัดดา", "panatda"), ("กิตติยา", "kittiya"),
    ("มยุรี", "mayuri"), ("แสงเดือน", "saengduean"), ("ไพลิน", "phailin"), ("เกสร", "keson"),
    ("อุษา", "usa"), ("ลำดวน", "lamduan"), ("บุญญาพร", "bunyaphon"), ("ศิริลักษณ์", "sirilak"),
)

SURNAME_HEADS = (
    ("ศรี", "si"), ("ทอง", "thong"), ("แก้ว", "kaeo"), ("บุญ", "bun"), ("สุข", "suk"),
    ("จันทร์", "chan"), ("วงศ์", "wong"), ("รัตน", "rattana"), ("พร", "phon"), ("ชัย", "chai"),
    ("เพชร", "phet"), ("มณี", "mani"), ("กิตติ", "kitti"), ("สมบูรณ์", "sombun"), ("เจริญ", "charoen"),
    ("ประเสริฐ", "prasoet"), ("อินทร์", "in"), ("นาค", "nak"), ("เงิน", "ngoen"), ("คำ", "kham"),
    ("ใจ", "chai"), ("ทรัพย์", "sap"), ("วัฒน", "watthana"), ("สิริ", "siri"), ("ปัญญา", "panya"),
    ("สุวรรณ", "suwan"), ("ธรรม", "tham"), ("ศักดิ์", "sak"), ("พิทักษ์", "phithak"), ("เกียรติ", "kiat"),
    ("มั่น", "man"), ("พูล", "phun"), ("รุ่ง", "rung"), ("เรือง", "rueang"), ("ทิพย์", "thip"),
    ("อุดม", "udom"), ("แสง", "saeng"), ("ดวง", "duang"),
)

SURNAME_TAILS = (
    ("สุข", "suk"), ("ดี", "di"), ("มา", "ma"), ("ศรี", "si"), ("วงศ์", "wong"), ("ชัย", "chai"),
    ("พันธ์", "phan"), ("สวัสดิ์", "sawat"), ("ทอง", "thong"), ("แก้ว", "kaeo"), ("เจริญ", "charoen"),
    ("สกุล", "sakun"), ("รักษ์", "rak"), ("พงษ์", "phong"), ("กุล", "kun"), ("ศักดิ์", "sak"),
    ("วัฒนา", "watthana"), ("สมบัติ", "sombat"), ("งาม", "ngam"), ("เรือง", "rueang"), ("ทวี", "thawi"),
    ("ไพศาล", "phaisan"), ("มงคล", "mongkhon"), ("นิยม", "niyom"), ("ภักดี", "phakdi"),
    ("ประเสริฐ", "prasoet"), ("สิทธิ์", "sit"), ("วิเศษ", "wiset"), ("บุญ", "bun"), ("ธรรม", "tham"),
    ("รัตน์", "rat"), ("โชติ", "chot"), ("เดช", "det"), ("ศิลป์", "sin"), ("สถิตย์", "sathit"),
    ("อ่อน", "on"),
)

WHOLE_SURNAMES = (
    ("ใจดี", "chaidi"), ("แสงทอง", "saengthong"), ("พึ่งบุญ", "phuengbun"), ("ชูชื่น", "chuchuen"),
    ("ปานทอง", "panthong"), ("อยู่สุข", "yusuk"), ("ยิ้มแย้ม", "yimyaem"), ("กาญจนวงศ์", "kanchanawong"),
    ("จันทร์หอม", "chanhom"), ("พรหมมา", "phromma"), ("สายสุวรรณ", "saisuwan"), ("เกษมสุข", "kasemsuk"),
    ("มีสุข", "misuk"), ("ดวงแก้ว", "duangkaeo"), ("หอมจันทร์", "homchan"), ("ปัญญาดี", "panyadi"),
    ("เพ็งจันทร์", "phengchan"), ("คงสมบูรณ์", "khongsombun"), ("รักไทย", "rakthai"),
    ("ชัยมงคล", "chaimongkhon"), ("สิงห์ทอง", "singthong"), ("พลอยงาม", "phloingam"),
    ("เหลืองอ่อน", "lueangon"), ("นิลสุวรรณ", "ninsuwan"), ("ขาวสะอาด", "khaosaat"), ("เย็นใจ", "yenchai"),
    ("บัวทอง", "buathong"), ("ตั้งวงศ์ไพศาล", "tangwongphaisan"), ("เตชะวณิชย์", "techawanit"),
    ("ลิ้มสกุล", "limsakun"), ("แซ่ตั้ง", "saetang"), ("แซ่ลิ้ม", "saelim"), ("โชติวัฒนะ", "chotiwatthana"),
    ("ทองคำ", "thongkham"), ("บุญเรือง", "bunrueang"), ("สีดา", "sida"), ("นาคสวัสดิ์", "naksawat"),
    ("อินทรสุวรรณ", "intharasuwan"), ("ศรีอ่อน", "sion"), ("คำแก้ว", "khamkaeo"), ("มั่นคง", "mankhong"),
    ("เรืองศรี", "rueangsi"), ("ทองอินทร์", "thongin"), ("ภูมิพันธ์", "phumiphan"), ("กล้าหาญ", "klahan"),
    ("วิเศษสุวรรณ", "wisetsuwan"), ("จิตรีงาม", "chitringam"), ("ประทุมวัน", "prathumwan"),
)


def _surname_pool() -> tuple[tuple[str, str], ...]:
    pool = list(WHOLE_SURNAMES)
    for head, head_en in SURNAME_HEADS:
        for tail, tail_en in SURNAME_TAILS:
            if head.startswith(tail) or tail.startswith(head) or head_en == tail_en:
                continue  # สุขสุข, วัฒนวัฒนา, รัตนรัตน์ ... are not surnames
            pool.append((head + tail, head_en + tail_en))
    return tuple(pool)


SURNAMES = _surname_pool()

# ---------------------------------------------------------------------------------------
# Positions and levels of the Thai civil service.
# ---------------------------------------------------------------------------------------

ACADEMIC_LEVELS = (("ปฏิบัติการ", 34), ("ชำนาญการ", 38), ("ชำนาญการพิเศษ", 22), ("เชี่ยวชาญ", 6))
GENERAL_LEVELS = (("ปฏิบัติงาน", 35), ("ชำนาญงาน", 45), ("อาวุโส", 20))
SENIOR_LEVELS = ("ชำนาญการพิเศษ", "เชี่ยวชาญ", "อำนวยการระดับต้น", "อำนวยการระดับสูง", "บริหารระดับต้น")

COMMON_ACADEMIC = (
    ("นักวิเคราะห์นโยบายและแผน", 18), ("นักจัดการงานทั่วไป", 16), ("นักทรัพยากรบุคคล", 6),
    ("นักวิชาการคอมพิวเตอร์", 5), ("นักวิชาการเงินและบัญชี", 5), ("นักวิชาการพัสดุ", 4), ("นิติกร", 5),
    ("นักประชาสัมพันธ์", 3), ("นักวิชาการตรวจสอบภายใน", 2), ("นักวิเทศสัมพันธ์", 1),
)
COMMON_GENERAL = (
    ("เจ้าพนักงานธุรการ", 10), ("เจ้าพนักงานการเงินและบัญชี", 5), ("เจ้าพนักงานพัสดุ", 3),
)
MANAGERS = (
    ("ผู้อำนวยการกองยุทธศาสตร์และแผนงาน", "อำนวยการระดับต้น"),
    ("ผู้อำนวยการกองบริหารทรัพยากรบุคคล", "อำนวยการระดับต้น"),
    ("ผู้อำนวยการกองกลาง", "อำนวยการระดับต้น"),
    ("ผู้อำนวยการศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร", "อำนวยการระดับต้น"),
    ("ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร", "อำนวยการระดับต้น"),
    ("ผู้อำนวยการสำนักงานเลขานุการกรม", "อำนวยการระดับสูง"),
)

# Posts particular to an agency (by shipped key) or to its parent ministry.
SPECIAL_ACADEMIC = {
    "moph": (("นักวิชาการสาธารณสุข", 12), ("พยาบาลวิชาชีพ", 10), ("นักเทคนิคการแพทย์", 3)),
    "moe": (("นักวิชาการศึกษา", 15),),
    "msdhs": (("นักพัฒนาสังคม", 12), ("นักสังคมสงเคราะห์", 6)),
    "moj": (("พนักงานคุมประพฤติ", 10), ("นักวิชาการยุติธรรม", 5)),
    "mhesi": (("นักวิทยาศาสตร์", 12),),
    "most": (("นักวิทยาศาสตร์", 12),),
    "fda": (("นักวิชาการอาหารและยา", 15), ("เภสัชกร", 8)),
    "dtam": (("แพทย์แผนไทย", 10),),
    "moc": (("นักวิชาการพาณิชย์", 12),),
    "mol": (("นักวิชาการแรงงาน", 10),),
    "dsd": (("นักวิชาการพัฒนาฝีมือแรงงาน", 12),),
    "moi": (("นักวิเคราะห์นโยบายและแผน", 5),),
    "dla": (("นักส่งเสริมการปกครองท้องถิ่น", 10),),
    "pacc": (("นักสืบสวนสอบสวน", 12),),
    "amlo": (("นักสืบสวนสอบสวน", 12),),
    "opdc": (("นักพัฒนาระบบราชการ", 15),),
}
SPECIAL_GENERAL = {
    "moph": (("เจ้าพนักงานสาธารณสุข", 6),),
    "moi": (("เจ้าพนักงานปกครอง", 6),),
}
LOCAL_ACADEMIC = (("นักพัฒนาชุมชน", 10), ("นักวิชาการศึกษา", 6), ("นักวิชาการสาธารณสุข", 5),
                  ("นักวิเคราะห์นโยบายและแผน", 10), ("นักจัดการงานทั่วไป", 10))

# Ranks are looked up by their full Thai form; a rank the shipped list lacks is skipped.
POLICE_POSTS = (
    ("ร้อยตำรวจเอก", "m", "รองสารวัตร"), ("ร้อยตำรวจเอกหญิง", "f", "รองสารวัตร"),
    ("พันตำรวจตรี", "m", "สารวัตร"), ("พันตำรวจโท", "m", "รองผู้กำกับการ"),
    ("พันตำรวจโทหญิง", "f", "รองผู้กำกับการ"), ("พันตำรวจเอก", "m", "ผู้กำกับการ"),
)
MILITARY_POSTS = (
    ("ร้อยเอก", "m", "นายทหารฝ่ายเสนาธิการ"), ("พันตรี", "m", "นายทหารฝ่ายกิจการพลเรือน"),
    ("พันโท", "m", "หัวหน้าแผนกกิจการพลเรือน"), ("พันโทหญิง", "f", "นายทหารฝ่ายกำลังพล"),
    ("พันเอก", "m", "ผู้อำนวยการกองกิจการพลเรือน"),
)
ACADEMIC_TITLES = (("ผศ.ดร.", 3), ("ดร.", 4), ("ผศ.", 3), ("รศ.", 2), ("รศ.ดร.", 1), ("ศ.ดร.", 0.3))

KIND_WEIGHTS = {
    "ministry": 2.0, "department": 4.0, "provincial": 3.0, "district": 3.0, "local_government": 3.0,
    "state_agency": 1.0, "university": 1.0, "international": 0.3, "private": 0.5, "community": 0.5,
}

DOMAINS = {
    "opm": "opm.go.th", "mod": "mod.go.th", "mof": "mof.go.th", "mfa": "mfa.go.th",
    "mots": "mots.go.th", "msdhs": "m-society.go.th", "mhesi": "mhesi.go.th", "moac": "moac.go.th",
    "mot": "mot.go.th", "mnre": "mnre.go.th", "mdes": "mdes.go.th", "moen": "energy.go.th",
    "moc": "moc.go.th", "moi": "moi.go.th", "moj": "moj.go.th", "mol": "mol.go.th",
    "m-culture": "m-culture.go.th", "moe": "moe.go.th", "moph": "moph.go.th",
    "m-industry": "industry.go.th", "most": "most.go.th", "rtp": "police.go.th", "amlo": "amlo.go.th",
    "opdc": "opdc.go.th", "iggp": "opdc.go.th", "opdc-irpr": "opdc.go.th", "pmdu": "opdc.go.th",
    "cea": "cea.or.th", "tcdc": "tcdc.or.th", "dopa": "dopa.go.th", "dla": "dla.go.th",
    "dms": "dms.go.th", "rajavithi": "rajavithi.go.th", "dtam": "dtam.moph.go.th",
    "fda": "fda.moph.go.th", "dmsc": "dmsc.moph.go.th", "dss": "dss.go.th", "dit": "dit.go.th",
    "dbd": "dbd.go.th", "probation": "probation.go.th", "oncb": "oncb.go.th", "pacc": "pacc.go.th",
    "dsd": "dsd.go.th", "oec": "onec.go.th", "obec": "obec.go.th", "dcy": "dcy.go.th",
    "nakhonpathom-hall": "nakhonpathom.go.th", "nakhonpathom-pvo": "nakhonpathom.go.th",
    "mahidol": "mahidol.ac.th", "cmmu": "mahidol.ac.th", "tu": "tu.ac.th", "kmutt": "kmutt.ac.th",
    "undp-th": "undp.org",
}
DOMAIN_SUFFIX = {"university": "ac.th", "international": "org", "private": "co.th",
                 "state_agency": "or.th", "community": "or.th"}
