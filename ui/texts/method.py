"""Text of the Methodology page: the definitions of DOMAIN.md, in both languages.

The definitions are the contract of the analytics (DOMAIN.md); if a formula here
changes, the code in analytics/ must change with it.
"""

TEXT: dict[str, tuple[str, str]] = {
    "m_tab_definitions": ("Definisi", "Definitions"),
    "m_tab_sources": ("Sumber data", "Data sources"),
    "m_tab_boundaries": ("Batas wilayah", "Boundaries"),
    "m_tab_demo": ("Data demo", "Demo data"),
    "m_notation": (
        "**Notasi.** $y_i$ = pengeluaran per kapita per bulan rumah tangga $i$ (Rp), $z$ = garis "
        "kemiskinan (Rp per kapita per bulan), $m_i$ = jumlah anggota rumah tangga, $w_i$ = bobot "
        "rumah tangga, $v_i = w_i m_i$ = bobot penduduk. Miskin: $y_i < z$ (tegas).",
        "**Notation.** $y_i$ = household $i$'s monthly consumption per capita (Rp), $z$ = poverty "
        "line (Rp per capita per month), $m_i$ = household size, $w_i$ = household weight, "
        "$v_i = w_i m_i$ = person weight. Poor: $y_i < z$ (strictly).",
    ),
    "m_fgt_title": (
        "Kemiskinan moneter (Foster-Greer-Thorbecke)",
        "Monetary poverty (Foster-Greer-Thorbecke)",
    ),
    "m_fgt": (
        "$\\alpha = 0$: persentase penduduk miskin (P0, ditampilkan dalam persen); $\\alpha = 1$: "
        "indeks kedalaman (P1); $\\alpha = 2$: indeks keparahan (P2). P1 dan P2 ditampilkan "
        "sebagai indeks ×100 seperti BPS. Jumlah penduduk miskin = $\\sum_i v_i 1(y_i < z)$.",
        "$\\alpha = 0$: headcount (P0, shown in percent); $\\alpha = 1$: poverty gap (P1); "
        "$\\alpha = 2$: severity (P2). P1 and P2 are shown as index ×100, as BPS does. Poor "
        "people = $\\sum_i v_i 1(y_i < z)$.",
    ),
    "m_se_title": ("Galat baku dan selang kepercayaan", "Standard errors and confidence intervals"),
    "m_se": (
        "Galat baku dengan linearisasi Taylor dari rasio, untuk desain bertahap terstratifikasi "
        "dengan PSU yang diambil dengan pengembalian — sama dengan R "
        "`svydesign(ids=~psu, strata=~strata, weights=~v, nest=TRUE)` lalu `svymean`/`svyby`. "
        "Domain (distrik, zona) diestimasi atas seluruh desain, bukan dengan memotong data. Tanpa "
        "kolom PSU, setiap rumah tangga menjadi PSU sendiri; tanpa strata, satu strata. Strata "
        "dengan satu PSU: perlakuan `adjust` seperti R. SK 95 % = estimasi ± 1,96 × galat baku. "
        "Susenas representatif untuk kabupaten, tidak untuk setiap distrik: angka distrik dan "
        "kampung selalu ditampilkan dengan galat bakunya, dan angka dari kurang dari batas "
        "minimum rumah tangga sampel dikosongkan.",
        "Standard errors by Taylor linearisation of the ratio, for a stratified multi-stage "
        "design with PSUs sampled with replacement — the same as R "
        "`svydesign(ids=~psu, strata=~strata, weights=~v, nest=TRUE)` then `svymean`/`svyby`. "
        "Domains (district, zone) are estimated over the full design, not by subsetting the "
        "data. Without a PSU column each household is its own PSU; without strata, one stratum. "
        "Strata with a single PSU: treatment `adjust`, as in R. 95 % CI = estimate ± 1.96 × SE. "
        "Susenas is representative for the regency, not for each district: district and village "
        "figures always come with their standard errors, and figures resting on fewer sample "
        "households than the minimum are blanked.",
    ),
    "m_ineq_title": ("Ketimpangan", "Inequality"),
    "m_gini": (
        "**Gini** (dibobot penduduk, atas $y$): urutkan menurut $y$, $r_i$ = bobot penduduk "
        "kumulatif sampai dengan $i$, $W$ = total bobot.",
        "**Gini** (person-weighted, over $y$): sort by $y$, $r_i$ = cumulative person weight up "
        "to and including $i$, $W$ = total weight.",
    ),
    "m_theil": (
        "**Theil T**, dipecah menjadi bagian dalam-zona dan antar-zona ($s_g$ = porsi konsumsi "
        "zona $g$, $T_g$ = Theil dalam zona, $\\mu_g$ dan $\\mu$ = rata-rata zona dan kabupaten).",
        "**Theil T**, split into within-zone and between-zone parts ($s_g$ = zone $g$'s share of "
        "consumption, $T_g$ = Theil within the zone, $\\mu_g$ and $\\mu$ = zone and regency means).",
    ),
    "m_shares": (
        "**Porsi desil 1**: bagian konsumsi total yang dipegang 10 % penduduk termiskin (dibobot "
        "penduduk); **Palma** = porsi 10 % teratas / porsi 40 % terbawah.",
        "**Decile-1 share**: the share of total consumption held by the poorest 10 % of people "
        "(person-weighted); **Palma** = share of the top 10 % / share of the bottom 40 %.",
    ),
    "m_williamson": (
        "**Indeks Williamson** (disparitas antardistrik), dengan $Y_j$ rata-rata konsumsi per "
        "kapita distrik $j$, $f_j$ penduduknya, $n = \\sum_j f_j$, $\\bar Y$ rata-rata kabupaten.",
        "**Williamson index** (disparity between districts), with $Y_j$ district $j$'s mean "
        "consumption per capita, $f_j$ its population, $n = \\sum_j f_j$, $\\bar Y$ the regency mean.",
    ),
    "m_target_title": ("Ketepatan sasaran program", "Programme targeting"),
    "m_target": (
        "Per program, pada data registri: **cakupan** = miskin terjangkau / semua miskin; "
        "**galat eksklusi** = miskin tidak terjangkau / semua miskin; **galat inklusi "
        '(kebocoran)** = terjangkau tetapi tidak miskin / semua terjangkau. Definisi "miskin" '
        "selalu disebutkan: di bawah garis kemiskinan (survei) atau desil kesejahteraan ≤ k "
        "(registri DTSEN).",
        "Per programme, on registry data: **coverage** = poor reached / all poor; **exclusion "
        "error** = poor not reached / all poor; **inclusion error (leakage)** = reached but not "
        'poor / all reached. "Poor" is stated each time: below the line (survey) or welfare '
        "decile ≤ k (DTSEN registry).",
    ),
    "m_budget_title": ("Anggaran", "Budget"),
    "m_budget": (
        "**Tingkat realisasi** = realisasi / pagu; **biaya per rumah tangga penerima**; **biaya "
        "per rumah tangga miskin terjangkau**; **porsi belanja yang sampai ke warga miskin**; "
        "**biaya penutupan kesenjangan kemiskinan** (transfer yang menutup setiap kesenjangan "
        "dengan sasaran sempurna), per tahun, dengan $N$ = penduduk:",
        "**Realisation rate** = realised / allocated; **cost per beneficiary household**; "
        "**cost per poor household reached**; **share of spending that reaches the poor**; "
        "**poverty-gap closure cost** (the transfer that would close every gap with perfect "
        "targeting), per year, with $N$ = population:",
    ),
    "m_mpi_title": (
        "Kemiskinan multidimensi (Alkire-Foster)",
        "Multidimensional poverty (Alkire-Foster)",
    ),
    "m_mpi": (
        "Skor deprivasi rumah tangga $c_i = \\sum_j w_j d_{ij}$ (bobot per dimensi, jumlah 1). "
        "Seseorang miskin multidimensi bila $c_i \\ge k$ (bawaan $k = 1/3$). **H** = rasio "
        "headcount; **A** = intensitas rata-rata di antara yang miskin; **M0 = H × A**; "
        "kontribusi indikator $j$ = $w_j \\, CH_j / M_0$ ($CH_j$ = headcount tersensor). Rumah "
        "tangga dengan indikator yang hilang tidak dihitung (kasus lengkap) dan jumlahnya "
        "dilaporkan. Indikator dan bobot:",
        "Household deprivation score $c_i = \\sum_j w_j d_{ij}$ (weights per dimension, summing to "
        "1). A person is multidimensionally poor when $c_i \\ge k$ (default $k = 1/3$). **H** = "
        "headcount ratio; **A** = average intensity among the poor; **M0 = H × A**; contribution "
        "of indicator $j$ = $w_j \\, CH_j / M_0$ ($CH_j$ = censored headcount). Households with a "
        "missing indicator are left out (complete cases) and counted. Indicators and weights:",
    ),
    "m_disparity_title": ("Disparitas dan tipologi", "Disparity and typology"),
    "m_disparity": (
        "Indeks Williamson (di atas) dan tipologi kuadran distrik: tingkat vs perubahan, atau dua "
        "indikator dibandingkan dengan rata-rata kabupaten.",
        "The Williamson index (above) and the quadrant typology of districts: level vs change, or "
        "two indicators against the regency mean.",
    ),
    "m_official_title": (
        "Angka resmi yang dipakai sebagai pembanding",
        "Official figures used for comparison",
    ),
    "m_official_note": (
        "Angka yang dipublikasikan BPS (melalui rilis dan berita) untuk Mimika, Papua Tengah, "
        'Papua dan Indonesia. Status "disputed" menandai angka yang tidak konsisten dengan '
        "angka lain dari sumber yang sama.",
        "Figures published by BPS (through releases and news reports) for Mimika, Papua Tengah, "
        'Papua and Indonesia. Status "disputed" marks a figure inconsistent with others from the '
        "same source.",
    ),
    "m_lines_title": ("Garis kemiskinan per tahun", "Poverty lines by year"),
    "m_lines_note": (
        "Tahun berstatus **interpolated** tidak memiliki angka BPS yang dipublikasikan: garisnya "
        "diinterpolasi secara geometris. Tahun tersebut: {years}.",
        "Years with status **interpolated** have no published BPS figure: the line is "
        "geometrically interpolated. Those years: {years}.",
    ),
    # The two notes above, naming the status as the table shows it (ui.labels).
    "m_official_note_status": (
        "Angka yang dipublikasikan BPS (melalui rilis dan berita) untuk Mimika, Papua Tengah, "
        'Papua dan Indonesia. Status "{disputed}" menandai angka yang tidak konsisten dengan '
        "angka lain dari sumber yang sama.",
        "Figures published by BPS (through releases and news reports) for Mimika, Papua Tengah, "
        'Papua and Indonesia. Status "{disputed}" marks a figure inconsistent with others from '
        "the same source.",
    ),
    "m_lines_note_status": (
        "Garis berstatus **{status}** diinterpolasi secara geometris di antara garis yang "
        "dipublikasikan BPS. Tahun tersebut: {years}.",
        "Lines with status **{status}** are interpolated geometrically between lines "
        "published by BPS. Those years: {years}.",
    ),
    "m_targets_title": ("Target RPKD", "RPKD targets"),
    "m_targets_note": (
        "{n} dari {total} target adalah **sementara** (belum ada target RPKD 2025-2029 yang "
        "dipublikasikan). Ubah dengan `rpkd import targets FILE`.",
        "{n} of {total} targets are **placeholders** (no RPKD 2025-2029 target has been "
        "published). Change them with `rpkd import targets FILE`.",
    ),
    "m_boundaries_intro": (
        "Batas distrik dan kampung/kelurahan dari **cahyadsn/wilayah_boundaries** (lisensi MIT), "
        "diolah (koordinat ditukar ke lon/lat, distrik disusun dari poligon kampung). Batas ini "
        "bersifat indikatif, cukup untuk peta tematik, bukan batas hukum. Kode wilayah dari "
        "**cahyadsn/wilayah** (MIT). Pemberitahuan lisensi:",
        "District and village boundaries from **cahyadsn/wilayah_boundaries** (MIT licence), "
        "processed (coordinates swapped to lon/lat, districts built from village polygons). They "
        "are indicative, fit for a thematic map, not legal boundaries. Area codes from "
        "**cahyadsn/wilayah** (MIT). Licence notices:",
    ),
    "m_demo_intro": (
        "Bila belum ada data asli, dasbor memakai data demo **sintetis**: tidak ada rumah tangga "
        "nyata di dalamnya. Uraian dari pembuatnya (terjemahan dari ingest/demo.py):",
        "Until real data is imported the dashboard uses **synthetic** demo data: no real "
        "household is in it. Its generator's description (ingest/demo.py):",
    ),
    "m_demo_in_use": (
        "Data yang ditampilkan saat ini adalah data demo.",
        "The data shown now is demo data.",
    ),
    "m_demo_not_in_use": (
        "Data yang ditampilkan saat ini bukan data demo.",
        "The data shown now is not demo data.",
    ),
    # column headers of the tables on this page
    "m_col_dimension": ("Dimensi", "Dimension"),
    "m_col_indicator": ("Indikator", "Indicator"),
    "m_col_weight": ("Bobot", "Weight"),
    "m_col_description": ("Keterangan", "Description"),
    "m_col_area_name": ("Wilayah", "Area"),
    "m_col_years": ("Tahun", "Years"),
    "m_col_source": ("Sumber", "Source"),
    "m_col_status": ("Status", "Status"),
    "m_col_year": ("Tahun", "Year"),
    "m_col_line_rp": ("Garis kemiskinan (Rp/kapita/bulan)", "Poverty line (Rp/capita/month)"),
    "m_col_area": ("Wilayah", "Area"),
    "m_col_target_value": ("Target", "Target"),
    "m_col_unit": ("Satuan", "Unit"),
    "m_col_is_placeholder": ("Sementara", "Placeholder"),
    "m_col_column": ("Kolom", "Column"),
    "m_col_type": ("Tipe", "Type"),
    "m_col_required": ("Wajib", "Required"),
    # MPI dimensions (data/reference/mpi_structure.csv)
    "m_mpi_dim_education": ("Pendidikan", "Education"),
    "m_mpi_dim_health": ("Kesehatan", "Health"),
    "m_mpi_dim_living_standards": ("Standar hidup", "Living standards"),
    # data dictionary tab
    "m_dictionary_intro": (
        "Tabel yang diimpor atau disertakan bersama dasbor, dengan kolom, tipe, satuan dan "
        "artinya (dari store/schema.py). Nama kolom dan nilai berkode (misalnya `coastal`, "
        "`published`) ditulis seperti di basis data dan di berkas unduhan. Format impor: "
        "docs/import-formats.md.",
        "The tables that are imported or shipped with the dashboard, with their columns, types, "
        "units and meaning (from store/schema.py). Column names and coded values (e.g. "
        "`coastal`, `published`) are written as in the database and the downloads. Import "
        "formats: docs/import-formats.md.",
    ),
}

#: The demo generator's description (ingest/demo.py docstring) in Bahasa Indonesia; the
#: English interface shows the docstring itself. Keep the two in step.
DEMO_DESCRIPTION_ID = """Data bawaan Mimika: data sintetis yang dikalibrasi ke angka yang dipublikasikan.

SINTETIS. Tidak ada rumah tangga nyata di dalamnya. Yang dikalibrasi:

* P0 kabupaten per tahun sama dengan angka BPS yang dipublikasikan (diinterpolasi bila tidak
  ada angka yang dipublikasikan) sesuai rancangannya, dalam batas pembulatan karena ukuran
  sampel;
* jumlah penduduk distrik sebanding dengan data rujukan (Dukcapil 2025, Sensus Penduduk 2020
  bila data 2025 tidak ada), diskalakan ke basis penduduk BPS tahun tersebut (jumlah penduduk
  miskin yang dipublikasikan / P0 yang dipublikasikan) sehingga jumlah penduduk miskin juga
  sesuai; P0 dataran tinggi jauh di atas pesisir, pesisir di atas dataran rendah;
* sekitar 90.000 rumah tangga per tahun, mendekati jumlah nyata ~91.700 keluarga;
* program dari beberapa perangkat daerah dan sumber dana, dengan sasaran menurut desil
  kesejahteraan dan kesalahan sasaran yang realistis (sebagian penduduk miskin terlewat,
  sebagian yang tidak miskin terjangkau); anggaran per program, distrik dan tahun, pagu dan
  realisasi.

Semuanya melalui ``ingest.load.import_delivery``: pemeriksaan yang sama dengan kiriman data
asli."""


#: Display formulas (LaTeX, the same in both languages), by section.
FORMULAS: dict[str, str] = {
    "fgt": r"P_\alpha = \frac{\sum_i v_i \, 1(y_i < z) \left(\frac{z - y_i}{z}\right)^\alpha}{\sum_i v_i}",
    "gini": r"G = \frac{2 \sum_i v_i r_i y_i - \sum_i v_i^2 y_i}{W \sum_i v_i y_i} - 1",
    "theil": r"T = \frac{\sum_i v_i \frac{y_i}{\mu} \ln \frac{y_i}{\mu}}{\sum_i v_i}"
    r" = \underbrace{\sum_g s_g T_g}_{\text{within}}"
    r" + \underbrace{\sum_g s_g \ln \frac{\mu_g}{\mu}}_{\text{between}}",
    "williamson": r"V_w = \frac{\sqrt{\sum_j (Y_j - \bar Y)^2 \, f_j / n}}{\bar Y}",
    "budget": r"C_{\text{gap}} = P_1 \times z \times N \times 12",
    "mpi": r"c_i = \sum_j w_j d_{ij}, \quad H = \frac{\sum_i v_i 1(c_i \ge k)}{\sum_i v_i},"
    r" \quad A = \frac{\sum_i v_i c_i 1(c_i \ge k)}{\sum_i v_i 1(c_i \ge k)},"
    r" \quad M_0 = H \times A",
}

#: Words inside the formulas, in Bahasa Indonesia (the symbols are the same).
FORMULAS_ID: dict[str, str] = {
    "theil": FORMULAS["theil"]
    .replace(r"\text{within}", r"\text{dalam zona}")
    .replace(r"\text{between}", r"\text{antar zona}"),
}


def formula(key: str, lang: str) -> str:
    """The display formula ``key`` (LaTeX) with its words in ``lang``."""
    return FORMULAS_ID.get(key, FORMULAS[key]) if lang == "id" else FORMULAS[key]
