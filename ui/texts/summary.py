"""Text of the summary page (Ringkasan), its charts and the printable brief."""

TEXT: dict[str, tuple[str, str]] = {
    "sum_area_regency": ("Kabupaten Mimika", "Mimika Regency"),
    "sum_area_zone": ("Zona {zone}", "{zone} zone"),
    "sum_area_district": ("Distrik {name}", "{name} district"),
    "sum_heading": ("Angka utama {area}, {year}", "Headline figures, {area}, {year}"),
    "d1_share": ("Porsi konsumsi 10 % termiskin", "Consumption share, poorest 10 %"),
    "d1_share_help": (
        "Bagian konsumsi total yang dipegang 10 % penduduk dengan konsumsi per kapita "
        "terendah (desil 1, dibobot penduduk). Ukuran ketimpangan di dasar distribusi; "
        "bukan angka kemiskinan ekstrem BPS (US$2,15 PPP), yang tidak tersedia per kabupaten.",
        "Share of total consumption held by the 10 % of people with the lowest consumption "
        "per capita (decile 1, person-weighted). A measure of the bottom of the distribution; "
        "not BPS's extreme-poverty rate (US$2.15 PPP), which is not published per regency.",
    ),
    "p0_help": (
        "Persentase penduduk dengan konsumsi per kapita di bawah garis kemiskinan (FGT α=0).",
        "Share of people whose consumption per capita is below the poverty line (FGT α=0).",
    ),
    "poor_help": (
        "Penduduk miskin tertimbang (bobot rumah tangga × jumlah anggota).",
        "Weighted poor people (household weight × household size).",
    ),
    "p1_help": (
        "Rata-rata jarak konsumsi penduduk miskin ke garis kemiskinan, ×100 (FGT α=1).",
        "Average gap of the poor's consumption to the line, ×100 (FGT α=1).",
    ),
    "p2_help": (
        "Kesenjangan kuadrat: memberi bobot lebih pada yang termiskin, ×100 (FGT α=2).",
        "Squared gap: weighs the poorest more, ×100 (FGT α=2).",
    ),
    "gini_help": (
        "Ketimpangan konsumsi per kapita, dibobot penduduk (0 = merata, 1 = timpang penuh).",
        "Inequality of consumption per capita, person-weighted (0 = equal, 1 = all to one).",
    ),
    "persons_unit": ("orang", "people"),
    "no_previous": ("tahun sebelumnya tidak ada", "no previous year"),
    "no_target": ("tidak ada target", "no target"),
    "target_line": (
        "Target {year}: {target} (selisih {gap})",
        "Target {year}: {target} (gap {gap})",
    ),
    "placeholder_mark": ("sementara", "placeholder"),
    "placeholder_note": (
        "Target bertanda *sementara* bukan target resmi: belum ada target RPKD 2025-2029 yang "
        "dipublikasikan. Ubah di tabel targets (`rpkd import targets FILE`).",
        "Targets marked *placeholder* are not official: no RPKD 2025-2029 target has been "
        "published. Change them in the targets table (`rpkd import targets FILE`).",
    ),
    "ci_caption": ("SK 95 %: {low} – {high}", "95 % CI: {low} – {high}"),
    "district_caution": (
        "Susenas tidak dirancang untuk angka per distrik: lihat selang kepercayaan.",
        "Susenas is not designed for district figures: mind the confidence interval.",
    ),
    "line_caption": (
        "Garis kemiskinan {year}: {line} per kapita per bulan ({status}).",
        "Poverty line {year}: {line} per capita per month ({status}).",
    ),
    "status_published": ("dipublikasikan BPS", "published by BPS"),
    "status_interpolated": ("interpolasi, belum ada angka BPS", "interpolated, no BPS figure"),
    "status_user": ("diisi pengguna", "entered by a user"),
    # trend chart
    "trend_title": ("Tren persentase penduduk miskin (P0)", "Poverty headcount (P0) over time"),
    "trend_computed": (
        "{area}: dihitung dari data (SK 95 %)",
        "{area}: computed from data (95 % CI)",
    ),
    "trend_published": ("Mimika: angka BPS", "Mimika: BPS published"),
    "trend_province": ("Papua Tengah (BPS)", "Papua Tengah (BPS)"),
    "trend_national": ("Indonesia (BPS)", "Indonesia (BPS)"),
    "trend_target": ("Target RPKD {area}", "RPKD target, {area}"),
    "trend_target_placeholder": (
        "Target RPKD {area} (sementara)",
        "RPKD target, {area} (placeholder)",
    ),
    "axis_year": ("Tahun", "Year"),
    "axis_p0": ("Penduduk miskin (%)", "Poor people (%)"),
    "axis_p1": ("Indeks kedalaman (P1)", "Poverty gap index (P1)"),
    # zone chart
    "zones_title": (
        "Per zona, {year} (dengan SK 95 %)",
        "By zone, {year} (with 95 % CI)",
    ),
    "zones_regency": ("Kabupaten {value}", "Regency {value}"),
    # brief
    "brief_button": ("Unduh ringkasan 1 halaman (HTML)", "Download one-page brief (HTML)"),
    "brief_help": (
        "Berkas HTML mandiri (tanpa internet) siap cetak: buka lalu Cetak / Simpan PDF.",
        "Self-contained HTML (no internet needed), print-ready: open, then Print / Save as PDF.",
    ),
    "brief_title": ("Ringkasan Kemiskinan {area} {year}", "Poverty Brief, {area} {year}"),
    "brief_indicator": ("Indikator", "Indicator"),
    "brief_value": ("Nilai", "Value"),
    "brief_change": ("Perubahan", "Change"),
    "brief_target": ("Target", "Target"),
    "brief_gap": ("Selisih thd target", "Gap to target"),
    "brief_generated": ("Dibuat {date} dari", "Generated {date} from"),
    "brief_demo": (
        "DATA DEMO SINTETIS — BUKAN ANGKA RESMI",
        "SYNTHETIC DEMO DATA — NOT OFFICIAL FIGURES",
    ),
    "brief_notes": (
        "P0 dalam persen; P1 dan P2 indeks ×100 seperti BPS; Gini 0-1. Estimasi dari data survei "
        "dengan galat baku linearisasi Taylor; SK = selang kepercayaan 95 %.",
        "P0 in percent; P1 and P2 as index ×100 as BPS does; Gini 0-1. Estimates from survey "
        "data with Taylor-linearised standard errors; CI = 95 % confidence interval.",
    ),
}
