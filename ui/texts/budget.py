"""Texts of the Efisiensi Anggaran page."""

TEXT = {
    "bud_intro": (
        "Ke mana uang penanggulangan kemiskinan mengalir, berapa yang terealisasi, berapa "
        "biayanya per rumah tangga yang dijangkau, dan apakah alokasinya sebanding dengan "
        "kebutuhan.",
        "Where the poverty money goes, how much is spent, what it costs per household reached, "
        "and whether allocation matches need.",
    ),
    "bud_scope_regency": ("Seluruh kabupaten", "Whole regency"),
    "bud_allocated": ("Alokasi (pagu)", "Allocated"),
    "bud_realised": ("Realisasi", "Realised"),
    "bud_rate": ("Tingkat realisasi", "Realisation rate"),
    "bud_gap_cost": ("Biaya menutup kesenjangan", "Gap closure cost"),
    "bud_gap_ratio": ("Realisasi / biaya kesenjangan", "Realised / gap cost"),
    "bud_gap_help": (
        "P1 x garis kemiskinan x penduduk x 12: transfer setahun yang mengangkat setiap orang "
        "miskin tepat ke garis kemiskinan bila sasarannya sempurna.",
        "P1 x poverty line x population x 12: the yearly transfer that would lift every poor "
        "person exactly to the line with perfect targeting.",
    ),
    "bud_by": ("Kelompokkan menurut", "Group by"),
    "bud_by_opd": ("Perangkat daerah (OPD)", "Agency (OPD)"),
    "bud_by_funding_source": ("Sumber dana", "Funding source"),
    "bud_by_programme": ("Program", "Programme"),
    "bud_spending_title": ("Alokasi dan realisasi {year}", "Allocation and realisation {year}"),
    "bud_axis_bn": ("Rp miliar", "Rp billion"),
    "bud_scope_note": (
        "Rincian per OPD, sumber dana dan program mencakup seluruh kabupaten; filter zona/distrik "
        "membatasi angka utama di atas dan grafik per distrik di bawah.",
        "The breakdown by agency, funding source and programme covers the whole regency; the "
        "zone/district filter limits the headline figures above and the district charts below.",
    ),
    "bud_cost_title": (
        "Biaya per rumah tangga penerima dan per rumah tangga miskin yang dijangkau",
        "Cost per beneficiary household and per poor household reached",
    ),
    "bud_cost_axis": (
        "Rp juta per rumah tangga per tahun (realisasi)",
        "Rp million per household per year (realised)",
    ),
    "bud_cost_per_beneficiary": ("Per rumah tangga penerima", "Per beneficiary household"),
    "bud_cost_per_poor": ("Per rumah tangga miskin terjangkau", "Per poor household reached"),
    "bud_cost_caption": (
        "Makin jauh kedua titik, makin banyak belanja yang jatuh ke rumah tangga bukan miskin. "
        "{rule}",
        "The further apart the two markers, the more spending goes to non-poor households. {rule}",
    ),
    "bud_need_title": (
        "Alokasi terhadap kebutuhan per distrik",
        "Allocation against need by district",
    ),
    "bud_need_x": (
        "Bagian dari rumah tangga miskin kabupaten (%)",
        "Share of the regency's poor households (%)",
    ),
    "bud_need_y": ("Bagian dari alokasi anggaran (%)", "Share of the budget allocation (%)"),
    "bud_need_line": ("alokasi = kebutuhan", "allocation = need"),
    "bud_need_ratio": ("Alokasi/kebutuhan", "Allocation/need"),
    "bud_need_caption": (
        "Di atas garis: bagian anggaran lebih besar dari bagian penduduk miskinnya; di bawah "
        "garis: kurang. Anggaran tingkat kabupaten dibagi ke distrik menurut penerima yang "
        "dibiayainya.",
        "Above the line: a larger share of the budget than of the poor; below: smaller. "
        "Regency-wide budget lines are apportioned to districts by the beneficiaries they pay.",
    ),
    "bud_gap_title": (
        "Biaya menutup kesenjangan kemiskinan dibanding realisasi",
        "Poverty-gap closure cost against spending",
    ),
    "bud_gap_axis": ("Rp miliar per tahun", "Rp billion per year"),
    "bud_gap_caption": (
        "Biaya penutupan kesenjangan = P1 x garis kemiskinan x penduduk x 12 (sasaran "
        "sempurna). Realisasi melebihi biaya itu berarti uangnya cukup, tetapi tidak tepat "
        "sasaran.",
        "Gap closure cost = P1 x poverty line x population x 12 (perfect targeting). Spending "
        "above that cost means the money would suffice but does not reach the right people.",
    ),
    "bud_table_title": ("Rincian per program", "Detail by programme"),
    "col_programme_name": ("Nama program", "Programme name"),
    "col_opd": ("OPD", "Agency"),
    "col_source": ("Sumber dana", "Funding source"),
    "col_alloc_m": ("Alokasi (Rp juta)", "Allocated (Rp million)"),
    "col_real_m": ("Realisasi (Rp juta)", "Realised (Rp million)"),
    "col_rate_pct": ("Realisasi (%)", "Realisation (%)"),
    "col_benef_hh": ("RT penerima", "Beneficiary households"),
    "col_poor_hh": ("RT miskin terjangkau", "Poor households reached"),
    "col_cost_benef": ("Biaya per RT penerima (Rp ribu)", "Cost per beneficiary (Rp thousand)"),
    "col_cost_poor": ("Biaya per RT miskin (Rp ribu)", "Cost per poor household (Rp thousand)"),
    "col_share_poor": ("Bagian ke miskin (%)", "Share to the poor (%)"),
    "bud_no_budget": ("Belum ada data anggaran untuk tahun ini.", "No budget data for this year."),
}
