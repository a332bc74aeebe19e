"""Texts of the Peta Disparitas page (and the indicator labels it shares)."""

TEXT = {
    # indicators (shared by the planner pages)
    "ind_mpi_m0": ("Indeks kemiskinan multidimensi (M0)", "Multidimensional poverty index (M0)"),
    "ind_mpi_h": ("Penduduk miskin multidimensi (H)", "Multidimensional headcount (H)"),
    "ind_coverage": (
        "Cakupan program atas penduduk miskin",
        "Programme coverage of the poor",
    ),
    "ind_spend_per_poor": (
        "Belanja per penduduk miskin",
        "Spending per poor person",
    ),
    "unit_index100": ("indeks x100", "index x100"),
    "unit_index01": ("indeks 0-1", "index 0-1"),
    "unit_pp": ("poin persen", "percentage points"),
    # controls
    "map_intro": (
        "Di mana kemiskinan terpusat, seberapa pasti angkanya, dan di mana kantong kemiskinannya. "
        "Angka distrik dan kampung dari survei memiliki selang kepercayaan yang lebar: "
        "bacalah bersama selangnya.",
        "Where poverty concentrates, how certain the figures are, and where the pockets are. "
        "District and village survey estimates have wide intervals: read them with their "
        "intervals.",
    ),
    "map_indicator": ("Indikator", "Indicator"),
    "map_level": ("Tingkat wilayah", "Area level"),
    "level_district": ("Distrik", "District"),
    "level_village": ("Kampung/kelurahan", "Village"),
    "map_pocket_rule": ("Aturan kantong kemiskinan", "Poverty pocket rule"),
    "pocket_significant": ("Signifikan di atas kabupaten", "Significantly above the regency"),
    "pocket_top_quintile": ("Seperlima tertinggi", "Top fifth"),
    "pocket_rule_significant": (
        "Kantong kemiskinan (garis tebal hitam): wilayah yang batas bawah selang kepercayaan "
        "95% P0-nya di atas P0 kabupaten ({regency}), yaitu P0-nya nyata lebih tinggi.",
        "Poverty pockets (thick black outline): areas whose P0 95% interval lies wholly above "
        "the regency P0 ({regency}), i.e. significantly higher.",
    ),
    "pocket_rule_top_quintile": (
        "Kantong kemiskinan (garis tebal hitam): seperlima wilayah yang ditampilkan dengan P0 "
        "tertinggi, asalkan bertumpu pada sedikitnya {n} rumah tangga sampel.",
        "Poverty pockets (thick black outline): the fifth of the areas shown with the highest "
        "P0, provided they rest on at least {n} sample households.",
    ),
    "map_pockets_found": ("Kantong kemiskinan: {n} wilayah.", "Poverty pockets: {n} areas."),
    "map_suppressed_count": (
        "{k} wilayah disembunyikan (kurang dari {n} rumah tangga sampel).",
        "{k} areas suppressed (fewer than {n} sample households).",
    ),
    "map_no_spending_village": (
        "Anggaran tercatat per distrik, bukan per kampung: peta kampung tidak memiliki data "
        "belanja.",
        "Budgets are recorded by district, not by village: the village map has no spending data.",
    ),
    "map_filter_note": (
        "Filter di sisi kiri membatasi peta dan tabel pada zona/distrik yang dipilih.",
        "The filters on the left limit the map and the table to the chosen zone/district.",
    ),
    # map labels
    "map_no_data": ("tidak ada data / disembunyikan", "no data / suppressed"),
    "map_zone_outline": ("batas zona", "zone boundary"),
    "map_pocket": ("kantong kemiskinan", "poverty pocket"),
    "map_ci": ("Selang 95%", "95% interval"),
    "map_sample_hh": ("Rumah tangga sampel", "Sample households"),
    "map_suppressed_short": ("disembunyikan", "suppressed"),
    "ci_single_psu": (
        "selang tak dapat dihitung (satu PSU)",
        "no interval (a single PSU)",
    ),
    "map_single_psu_note": (
        "{k} wilayah bertumpu pada satu PSU: galat bakunya tidak dapat dihitung dari desain, "
        "jadi selangnya tidak ditampilkan dan wilayah itu tidak dapat lolos aturan signifikansi.",
        "{k} areas rest on a single PSU: the design cannot give their standard error, so no "
        "interval is shown and they cannot pass the significance rule.",
    ),
    "map_title": ("{indicator}, {level}, {year}", "{indicator}, {level}, {year}"),
    # ranking
    "rank_title": ("Peringkat wilayah", "Area ranking"),
    "rank_caption": (
        "Diurutkan dari kondisi terburuk. Selang = selang kepercayaan 95% (normal, dari "
        "galat baku desain survei).",
        "Sorted from the worst. Interval = 95% confidence interval (normal, from the survey "
        "design standard error).",
    ),
    "col_rank": ("No.", "Rank"),
    "col_name": ("Nama", "Name"),
    "col_code": ("Kode", "Code"),
    "col_ci_low": ("Batas bawah", "Lower bound"),
    "col_ci_high": ("Batas atas", "Upper bound"),
    "col_pocket": ("Kantong", "Pocket"),
    "col_note": ("Catatan", "Note"),
    # quadrant
    "quad_title": ("Tipologi kuadran distrik", "Quadrant typology of districts"),
    "quad_mode": ("Sumbu", "Axes"),
    "quad_level_change": (
        "P0 terhadap perubahan sejak tahun lalu",
        "P0 against change since last year",
    ),
    "quad_p0_p1": ("P0 terhadap P1", "P0 against P1"),
    "quad_change": ("Perubahan P0 sejak {prev}", "Change in P0 since {prev}"),
    "quad_no_prev": (
        "Tidak ada data tahun {prev}: tipologi perubahan tidak dapat dibuat; ditampilkan P0 "
        "terhadap P1.",
        "No data for {prev}: the change typology cannot be drawn; showing P0 against P1.",
    ),
    "quad_caption": (
        "Garis putus-putus: nilai kabupaten. Ukuran titik: jumlah penduduk. Distrik yang "
        "disembunyikan tidak digambar.",
        "Dashed lines: regency values. Marker size: population. Suppressed districts are not "
        "drawn.",
    ),
    "quad_hh_change": ("Tinggi dan naik: prioritas", "High and rising: priority"),
    "quad_hl_change": ("Tinggi tetapi turun", "High but falling"),
    "quad_lh_change": ("Rendah tetapi naik: waspada", "Low but rising: watch"),
    "quad_ll_change": ("Rendah dan turun", "Low and falling"),
    "quad_hh_p1": ("Banyak dan dalam: prioritas", "Widespread and deep: priority"),
    "quad_hl_p1": ("Banyak tetapi dangkal", "Widespread but shallow"),
    "quad_lh_p1": ("Sedikit tetapi dalam", "Few but deep"),
    "quad_ll_p1": ("Sedikit dan dangkal", "Few and shallow"),
    # Theil
    "theil_title": (
        "Ketimpangan pengeluaran: antar zona dan dalam zona (Theil T)",
        "Consumption inequality: between and within zones (Theil T)",
    ),
    "theil_between": ("Antar zona", "Between zones"),
    "theil_within": ("Dalam zona {zone}", "Within {zone}"),
    "theil_share_axis": ("Bagian dari Theil T kabupaten (%)", "Share of the regency Theil T (%)"),
    "theil_caption": (
        "Theil T kabupaten = {t}. Bagian antar zona {b}: sisanya ketimpangan di dalam zona.",
        "Regency Theil T = {t}. Between-zone share {b}: the rest is inequality within zones.",
    ),
    "col_theil_t": ("Theil T zona", "Zone Theil T"),
    "col_pop_share": ("Bagian penduduk (%)", "Population share (%)"),
    "col_mean_cons": (
        "Rata-rata pengeluaran (Rp/kapita/bulan)",
        "Mean consumption (Rp/capita/month)",
    ),
    "col_contribution": ("Sumbangan ke Theil T (%)", "Contribution to Theil T (%)"),
}
