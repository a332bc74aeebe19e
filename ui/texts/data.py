"""Text of Data & Unduh: table names, notes and the data dictionary of analytic columns."""

from ingest.problems import UNITS_ID as SCHEMA_UNITS_ID

TEXT: dict[str, tuple[str, str]] = {
    "data_intro": (
        "Pilih tabel, saring dengan filter di samping, lihat pratinjau, lalu unduh sebagai "
        "CSV, Excel (dengan kamus data dan asal-usul data) atau Parquet.",
        "Choose a table, narrow it with the filters on the left, preview it, then download it "
        "as CSV, Excel (with a data dictionary and provenance) or Parquet.",
    ),
    "data_table": ("Tabel", "Table"),
    "data_columns": ("Kolom", "Columns"),
    "data_rows": ("Jumlah baris: {n}", "Rows: {n}"),
    "data_preview": ("Pratinjau ({n} baris pertama)", "Preview (first {n} rows)"),
    "data_empty": ("Tidak ada baris untuk pilihan ini.", "No rows for this choice."),
    "data_filters_applied": ("Filter: {filters}", "Filters: {filters}"),
    "data_not_filtered": (
        "Tabel rujukan: semua tahun dan wilayah (filter tidak berlaku).",
        "Reference table: all years and areas (the filters do not apply).",
    ),
    "data_download_csv": ("Unduh CSV", "Download CSV"),
    "data_download_xlsx": ("Unduh Excel", "Download Excel"),
    "data_download_parquet": ("Unduh Parquet", "Download Parquet"),
    "data_formula_note": (
        "Sel teks yang diawali = + - @ diberi tanda petik (') di CSV/Excel agar tidak "
        "dijalankan sebagai rumus.",
        "Text cells starting with = + - @ get a leading apostrophe (') in CSV/Excel so they "
        "never run as formulas.",
    ),
    "data_suppressed_note": (
        "Angka wilayah dengan kurang dari {n} rumah tangga sampel dikosongkan "
        "(kolom suppressed = true).",
        "Area estimates resting on fewer than {n} sample households are blanked "
        "(column suppressed = true).",
    ),
    "data_household_locked": (
        "Data per rumah tangga hanya untuk peran analis, pengelola data dan admin.",
        "Household-level rows are for the analyst, data steward and admin roles only.",
    ),
    "data_dictionary": ("Kamus data", "Data dictionary"),
    # tables
    "tbl_ind_regency": ("Indikator kemiskinan: kabupaten", "Poverty indicators: regency"),
    "tbl_ind_zone": ("Indikator kemiskinan: per zona", "Poverty indicators: by zone"),
    "tbl_ind_district": ("Indikator kemiskinan: per distrik", "Poverty indicators: by district"),
    "tbl_ind_village": (
        "Indikator kemiskinan: per kampung/kelurahan",
        "Poverty indicators: by village",
    ),
    "tbl_mpi_district": (
        "Kemiskinan multidimensi (MPI): per distrik",
        "Multidimensional poverty (MPI): by district",
    ),
    "tbl_reach_district": (
        "Jangkauan program: per program dan distrik",
        "Programme reach: by programme and district",
    ),
    "tbl_budget_programme": ("Anggaran: per program", "Budget: by programme"),
    "tbl_budget_district": ("Anggaran: per distrik", "Budget: by district"),
    "tbl_official": ("Angka resmi yang dipublikasikan (BPS)", "Published official figures (BPS)"),
    "tbl_lines": ("Garis kemiskinan per tahun", "Poverty lines by year"),
    "tbl_targets": ("Target RPKD", "RPKD targets"),
    "tbl_households": (
        "Data rumah tangga (baris per rumah tangga)",
        "Household records (one row per household)",
    ),
    "note_district": (
        "Susenas tidak dirancang untuk estimasi per distrik: gunakan galat baku dan SK.",
        "Susenas is not designed for district estimates: use the standard errors and CIs.",
    ),
    "note_village": (
        "Estimasi per kampung dari survei sangat tidak presisi: untuk pemetaan indikatif saja.",
        "Survey estimates by village are very imprecise: for indicative mapping only.",
    ),
    "note_households": (
        "Data pribadi (UU 27/2022 PDP): NIK tidak pernah disertakan; simpan dan bagikan "
        "sesuai aturan.",
        "Personal data (Law 27/2022 on data protection): the NIK is never included; keep and "
        "share under the rules.",
    ),
    # data dictionary: analytic output columns
    "col_year": ("Tahun data", "Data year"),
    "col_group": ("Kelompok (all = kabupaten)", "Group ('all' = the regency)"),
    "col_zone": (
        "Zona (pesisir, dataran rendah, dataran tinggi)",
        "Zone (coastal, lowland, highland)",
    ),
    "col_district_name": ("Nama distrik", "District name"),
    "col_village_name": ("Nama kampung/kelurahan", "Village name"),
    "col_households": ("Rumah tangga sampel", "Sample households"),
    "col_population": ("Penduduk tertimbang", "Weighted population"),
    "col_poor": ("Penduduk miskin tertimbang", "Weighted poor people"),
    "col_p0": ("P0: persentase penduduk miskin (proporsi)", "P0: poverty headcount (proportion)"),
    "col_p1": ("P1: indeks kedalaman kemiskinan (proporsi)", "P1: poverty gap index (proportion)"),
    "col_p2": (
        "P2: indeks keparahan kemiskinan (proporsi)",
        "P2: poverty severity index (proportion)",
    ),
    "col_p0_se": (
        "Galat baku P0 (linearisasi Taylor)",
        "Standard error of P0 (Taylor linearisation)",
    ),
    "col_p1_se": ("Galat baku P1", "Standard error of P1"),
    "col_p2_se": ("Galat baku P2", "Standard error of P2"),
    "col_p0_ci_low": ("Batas bawah SK 95 % P0", "Lower end of the 95 % CI of P0"),
    "col_p0_ci_high": ("Batas atas SK 95 % P0", "Upper end of the 95 % CI of P0"),
    "col_p1_ci_low": ("Batas bawah SK 95 % P1", "Lower end of the 95 % CI of P1"),
    "col_p1_ci_high": ("Batas atas SK 95 % P1", "Upper end of the 95 % CI of P1"),
    "col_p2_ci_low": ("Batas bawah SK 95 % P2", "Lower end of the 95 % CI of P2"),
    "col_p2_ci_high": ("Batas atas SK 95 % P2", "Upper end of the 95 % CI of P2"),
    "col_gini": ("Rasio Gini konsumsi per kapita", "Gini ratio of consumption per capita"),
    "col_n_psu": ("Jumlah PSU sampel", "Sample PSUs"),
    "col_suppressed": (
        "Dikosongkan karena sampel terlalu kecil",
        "Blanked because the sample is too small",
    ),
    "col_households_missing": (
        "Rumah tangga sampel tanpa data deprivasi lengkap (tidak dihitung)",
        "Sample households with incomplete deprivation flags (left out)",
    ),
    "col_mpi_poor": ("Penduduk miskin multidimensi tertimbang", "Weighted multidimensionally poor"),
    "col_h": ("H: rasio headcount MPI", "H: MPI headcount ratio"),
    "col_h_se": ("Galat baku H", "Standard error of H"),
    "col_a": (
        "A: intensitas rata-rata di antara yang miskin",
        "A: average intensity among the poor",
    ),
    "col_m0": ("M0 = H × A (MPI)", "M0 = H × A (the MPI)"),
    "col_m0_se": ("Galat baku M0", "Standard error of M0"),
    "col_k": ("Batas skor deprivasi k", "Deprivation score cut-off k"),
    "col_prefix_uncensored": ("Headcount tak tersensor", "Uncensored headcount"),
    "col_prefix_censored": ("Headcount tersensor", "Censored headcount"),
    "col_prefix_contribution": ("Kontribusi terhadap M0", "Contribution to M0"),
    "col_poor_definition": ("Definisi miskin yang dipakai", "Definition of poor used"),
    "col_unit": ("Satuan hitungan (rumah tangga/penduduk)", "Counting unit (households/persons)"),
    "col_nonpoor": ("Tidak miskin (tertimbang)", "Not poor (weighted)"),
    "col_unclassified": ("Tidak dapat diklasifikasi", "Cannot be classified"),
    "col_reached": ("Terjangkau program", "Reached by the programme"),
    "col_poor_reached": ("Miskin yang terjangkau", "Poor reached"),
    "col_poor_not_reached": ("Miskin yang tidak terjangkau", "Poor not reached"),
    "col_nonpoor_reached": ("Tidak miskin tetapi terjangkau", "Not poor but reached"),
    "col_coverage": (
        "Cakupan = miskin terjangkau / semua miskin",
        "Coverage = poor reached / all poor",
    ),
    "col_exclusion_error": (
        "Galat eksklusi = miskin tak terjangkau / semua miskin",
        "Exclusion error = poor not reached / all poor",
    ),
    "col_inclusion_error": (
        "Galat inklusi (kebocoran) = terjangkau tidak miskin / semua terjangkau",
        "Inclusion error (leakage) = reached not poor / all reached",
    ),
    "col_households_reached": ("Rumah tangga sampel dalam daftar", "Sample households on the list"),
    "col_realisation_rate": ("Realisasi / pagu", "Realised / allocated"),
    "col_apportioned_rp": (
        "Pagu dari baris se-kabupaten yang dibagi ke distrik",
        "Allocation apportioned from regency-wide rows",
    ),
    "col_beneficiary_households": (
        "Rumah tangga penerima (tertimbang)",
        "Beneficiary households (weighted)",
    ),
    "col_poor_households_reached": ("Rumah tangga miskin penerima", "Poor households reached"),
    "col_cost_per_beneficiary_hh_rp": (
        "Biaya per rumah tangga penerima per tahun",
        "Cost per beneficiary household per year",
    ),
    "col_cost_per_poor_hh_reached_rp": (
        "Biaya per rumah tangga miskin terjangkau per tahun",
        "Cost per poor household reached per year",
    ),
    "col_amount_paid_rp": ("Manfaat yang dibayarkan", "Benefits paid"),
    "col_amount_to_poor_rp": (
        "Manfaat yang sampai ke rumah tangga miskin",
        "Benefits reaching poor households",
    ),
    "col_share_to_poor": (
        "Porsi manfaat ke rumah tangga miskin",
        "Share of benefits reaching the poor",
    ),
    "col_budget_share": ("Porsi dari pagu tahun ini", "Share of the year's allocation"),
    "col_poor_households": ("Rumah tangga miskin di wilayah", "Poor households in the area"),
    "col_poor_share": (
        "Porsi dari rumah tangga miskin kabupaten",
        "Share of the regency's poor households",
    ),
    "col_allocation_to_need": (
        "Porsi anggaran / porsi rumah tangga miskin (di atas 1: lebih banyak dana)",
        "Budget share / share of poor households (above 1: more money than need)",
    ),
    # XLSX provenance sheet (ui.export): headers, items and values. English keeps the
    # item names the workbook has always had.
    "xlsx_item": ("butir", "item"),
    "xlsx_value": ("nilai", "value"),
    "xlsx_all": ("semua", "all"),
    "xlsx_yes_demo": (
        "YA - data sintetis, bukan rumah tangga nyata",
        "YES - synthetic, not real households",
    ),
    "xlsx_no": ("tidak", "no"),
    "xlsx_item_table": ("tabel", "table"),
    "xlsx_item_title": ("judul", "title"),
    "xlsx_item_year": ("tahun", "year"),
    "xlsx_item_zone": ("zona", "zone"),
    "xlsx_item_district": ("distrik", "district"),
    "xlsx_item_poverty_line_rp": (
        "garis kemiskinan (Rp/kapita/bulan)",
        "poverty_line_rp",
    ),
    "xlsx_item_min_cell_households": (
        "minimum rumah tangga sampel per sel",
        "min_cell_households",
    ),
    "xlsx_item_rows": ("jumlah baris", "rows"),
    "xlsx_item_columns": ("kolom", "columns"),
    "xlsx_item_generated_utc": ("dibuat (UTC)", "generated_utc"),
    "xlsx_item_store": ("basis data", "store"),
    "xlsx_item_demo_data": ("data demo", "demo_data"),
    # the store's provenance rows below the items (store.schema PROVENANCE columns)
    "xlsx_prov_table_name": ("tabel", "table_name"),
    "xlsx_prov_year": ("tahun", "year"),
    "xlsx_prov_source_kind": ("asal", "source_kind"),
    "xlsx_prov_file_name": ("berkas", "file_name"),
    "xlsx_prov_sha256": ("sha256", "sha256"),
    "xlsx_prov_loaded_at": ("dimuat (UTC)", "loaded_at"),
}

#: Units in the data dictionary (ui.catalogue.UNITS and the schema's) in Bahasa Indonesia.
UNITS_ID: dict[str, str] = {
    **SCHEMA_UNITS_ID,
    "year": "tahun",
    "sample households": "rumah tangga sampel",
    "PSUs": "PSU",
    "persons (weighted)": "jiwa (tertimbang)",
    "0-1": "0-1",
    "proportion": "proporsi",
    "ratio": "rasio",
    "true/false": "true/false (ya/tidak)",
}
