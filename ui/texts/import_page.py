"""Texts of the import page (pages/impor.py)."""

TEXT = {
    "imp_intro": (
        "Periksa lalu muat satu berkas kiriman data. Pemeriksaannya sama dengan `rpkd import`: "
        "berkas dimuat utuh atau tidak sama sekali. Format dan nama kolom: "
        "docs/import-formats.md.",
        "Check, then load one data delivery. The checks are those of `rpkd import`: a file "
        "loads whole or not at all. Formats and column names: docs/import-formats.md.",
    ),
    "imp_table": ("Tabel tujuan", "Target table"),
    "imp_required": ("Kolom wajib", "Required columns"),
    "imp_file": ("Berkas kiriman", "Delivery file"),
    "imp_file_help": (
        "CSV/TXT/TSV, Excel (XLSX, XLSM), Parquet, Stata (DTA) atau SPSS (SAV, ZSAV).",
        "CSV/TXT/TSV, Excel (XLSX, XLSM), Parquet, Stata (DTA) or SPSS (SAV, ZSAV).",
    ),
    "imp_sheet": ("Nama lembar (XLSX, opsional)", "Sheet name (XLSX, optional)"),
    "imp_sheet_help": (
        "Kosong: lembar pertama.",
        "Empty: the first sheet.",
    ),
    "imp_replace": (
        "Ganti tahun yang sudah ada",
        "Replace years already present",
    ),
    "imp_replace_help": (
        "Tahun (atau kunci) dalam berkas menggantikan yang sudah tersimpan, dalam satu "
        "transaksi. Tanpa ini, tahun yang sudah dimuat ditolak.",
        "The years (or keys) in the file replace those stored, in one transaction. "
        "Without it, a year already loaded is refused.",
    ),
    "imp_waiting": (
        "Pilih tabel dan unggah berkas untuk memeriksanya.",
        "Choose a table and upload a file to check it.",
    ),
    "imp_checking": ("Memeriksa berkas…", "Checking the file…"),
    "imp_loading": ("Memuat ke basis data…", "Loading into the database…"),
    "imp_check_title": ("Hasil pemeriksaan", "Check result"),
    "imp_rows_read": (
        "{rows} baris terbaca dari {file}.",
        "{rows} rows read from {file}.",
    ),
    "imp_clean": (
        "Tidak ada masalah. Berkas siap dimuat.",
        "No problems. The file is ready to load.",
    ),
    "imp_problems": (
        "{n} masalah ditemukan; tidak ada yang dimuat. Perbaiki berkas dan unggah lagi.",
        "{n} problems found; nothing can be loaded. Fix the file and upload it again.",
    ),
    "imp_capped": (
        "Untuk jenis bertanda ≥, hanya {n} masalah pertama yang dicantumkan.",
        "For kinds marked ≥, only the first {n} problems are listed.",
    ),
    "imp_preview": (
        "Pratinjau: {n} baris pertama, sudah dibaca sesuai tipe",
        "Preview: first {n} rows, as typed",
    ),
    "imp_notes": ("Catatan pembacaan", "Reading notes"),
    "imp_kinds": ("Masalah per jenis", "Problems by kind"),
    "imp_report": ("Daftar masalah", "Problem list"),
    "imp_report_download": ("Unduh daftar masalah (CSV)", "Download problem list (CSV)"),
    "imp_confirm": ("Muat ke basis data", "Load into the database"),
    "imp_confirm_help": (
        "Aktif hanya bila pemeriksaan tidak menemukan masalah.",
        "Enabled only when the check found no problems.",
    ),
    "imp_loaded": (
        "{rows} baris dimuat ke {table} dari {file}.",
        "{rows} rows loaded into {table} from {file}.",
    ),
    "imp_loaded_years": ("Tahun: {years}.", "Years: {years}."),
    "imp_loaded_replaced": (
        "Data tahun tersebut yang sebelumnya tersimpan telah diganti.",
        "The data previously stored for those years were replaced.",
    ),
    "imp_already_done": (
        "Berkas ini sudah dimuat. Unggah berkas lain untuk impor berikutnya.",
        "This file has been loaded. Upload another file for the next import.",
    ),
    "imp_refused": (
        "Ditolak, tidak ada yang dimuat: {n} masalah terhadap isi basis data.",
        "Refused, nothing was loaded: {n} problems against the database.",
    ),
    "imp_busy": (
        "Basis data sedang dipakai oleh impor lain. Tidak ada yang berubah; coba lagi "
        "sebentar lagi.",
        "The database is busy with another import. Nothing changed; try again shortly.",
    ),
    "imp_failed": (
        "Impor gagal, basis data tidak berubah ({reason}).",
        "The import failed, the database is unchanged ({reason}).",
    ),
    "imp_col_file": ("berkas", "file"),
    "imp_col_row": ("baris", "row"),
    "imp_col_column": ("kolom", "column"),
    "imp_col_value": ("nilai", "value"),
    "imp_col_expected": ("seharusnya", "expected"),
    "imp_col_kind": ("jenis", "kind"),
    "imp_col_n": ("jumlah", "count"),
    "imp_col_meaning": ("artinya", "meaning"),
    # target tables
    "imp_tbl_households": ("Rumah tangga (Susenas / DTSEN)", "Households (Susenas / DTSEN)"),
    "imp_tbl_beneficiaries": ("Penerima program", "Programme beneficiaries"),
    "imp_tbl_programmes": ("Daftar program", "Programmes"),
    "imp_tbl_budgets": ("Anggaran program", "Programme budgets"),
    "imp_tbl_poverty_lines": ("Garis kemiskinan", "Poverty lines"),
    "imp_tbl_targets": ("Target RPKD", "RPKD targets"),
    "imp_tbl_zone_mapping": ("Pembagian zona distrik", "District zones"),
    "imp_tbl_rat_ceilings": ("Pagu indikatif RAT", "RAT budget ceilings"),
    # problem kinds (ingest.problems.KINDS)
    "imp_kind_unreadable": (
        "berkas tidak dapat dibaca (format, encoding, tanpa judul kolom)",
        "the file cannot be read (format, encoding, no header)",
    ),
    "imp_kind_empty": ("berkas tidak berisi baris data", "the file has no data rows"),
    "imp_kind_malformed_row": (
        "baris tidak terbagi sesuai kolom judul (tanda kutip, pemisah)",
        "a line does not split into the header's columns (quotes, delimiters)",
    ),
    "imp_kind_missing_column": ("kolom wajib tidak ada", "a required column is absent"),
    "imp_kind_duplicate_column": (
        "dua kolom untuk isian yang sama",
        "two columns map to the same store column",
    ),
    "imp_kind_missing_value": ("nilai wajib kosong", "a required value is empty"),
    "imp_kind_bad_type": (
        "nilai bukan angka, bilangan bulat, ya/tidak, tanggal atau NIK seperti seharusnya",
        "a value is not a number, whole number, yes/no, date or NIK as expected",
    ),
    "imp_kind_out_of_range": ("angka di luar rentang", "a number is outside its allowed range"),
    "imp_kind_not_allowed": (
        "nilai bukan salah satu pilihan yang diizinkan",
        "a value is not one of the allowed values",
    ),
    "imp_kind_unknown_code": (
        "kode (atau nama) distrik atau kampung yang tidak ada di Mimika",
        "a district or village code (or name) that Mimika does not have",
    ),
    "imp_kind_village_not_in_district": (
        "kampung terletak di distrik lain daripada yang tertulis",
        "a village that lies in another district than the row says",
    ),
    "imp_kind_duplicate_in_file": (
        "kunci yang sama (mis. tahun + hh_id) muncul dua kali",
        "the same key (e.g. year + hh_id) twice in the file",
    ),
    "imp_kind_already_loaded": (
        "tahun (atau kunci) sudah ada; centang 'Ganti tahun yang sudah ada'",
        "the year (or key) is already stored; tick 'Replace years already present'",
    ),
    "imp_kind_unknown_reference": (
        "program atau rumah tangga yang belum ada di basis data",
        "a programme or household the database does not know",
    ),
    "imp_kind_nik_key_missing": (
        "berkas berisi NIK tetapi kunci penyamaran NIK belum diatur (RPKD_NIK_KEY)",
        "the file has NIK but no key is set to pseudonymise it (RPKD_NIK_KEY)",
    ),
}
