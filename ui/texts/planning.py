"""Texts of the planning pages: Lokasi Prioritas, RAT 2026, Simulasi (prefix ``pl_``)."""

TEXT = {
    "page_priority": ("Lokasi Prioritas", "Priority Locations"),
    "page_rat": ("Penyusunan RAT", "RAT Builder"),
    "page_sim": ("Simulasi Kebijakan", "What-if Simulation"),
    # ------------------------------------------------------------ shared
    "pl_col_activity": ("Program/Kegiatan", "Programme/activity"),
    "pl_col_action_id": ("Kode kegiatan", "Action id"),
    "pl_col_programme_code": ("Kode program", "Programme code"),
    "pl_col_indicator": ("Indikator", "Indicator"),
    "pl_col_target_value": ("Target", "Target"),
    "pl_col_target_unit": ("Satuan", "Unit"),
    "pl_col_location_code": ("Lokasi (Distrik/Kampung)", "Location (district/village)"),
    "pl_col_budget_rp": ("Anggaran (Rp)", "Budget (Rp)"),
    "pl_col_funding_source": ("Sumber dana", "Funding source"),
    "pl_col_opd": ("OPD penanggung jawab", "Responsible agency (OPD)"),
    "pl_col_target_group": ("Kelompok sasaran", "Target group"),
    "pl_col_strategy": ("Strategi", "Strategy"),
    "pl_col_programme_group": ("Kelompok program", "Programme group"),
    "pl_col_actions": ("Kegiatan", "Activities"),
    "pl_col_share": ("Porsi anggaran (%)", "Share of budget (%)"),
    "pl_col_version": ("Versi", "Version"),
    "pl_col_saved_at": ("Disimpan (UTC)", "Saved (UTC)"),
    "pl_col_saved_by": ("Oleh", "By"),
    "pl_col_status": ("Status", "Status"),
    "pl_col_plan": ("Anggaran RAT", "RAT budget"),
    "pl_col_ceiling": ("Pagu", "Ceiling"),
    "pl_col_remaining": ("Sisa", "Remaining"),
    "pl_col_used": ("Terpakai (%)", "Used (%)"),
    "pl_col_area": ("Wilayah", "Area"),
    "pl_col_rank": ("Peringkat", "Rank"),
    "pl_col_score": ("Skor prioritas (0-1)", "Priority score (0-1)"),
    "pl_col_quadrant": ("Kuadran", "Quadrant"),
    "pl_col_before": ("Sebelum", "Before"),
    "pl_col_after": ("Sesudah", "After"),
    "pl_col_change": ("Perubahan", "Change"),
    "pl_regency": ("Kabupaten", "Regency"),
    "pl_download_csv": ("Unduh CSV", "Download CSV"),
    "pl_download_xlsx": ("Unduh Excel", "Download Excel"),
    # ------------------------------------------------------------ priority
    "pl_prio_intro": (
        "Pilih indikator dan bobotnya: setiap indikator diskalakan 0-1 di antara wilayah "
        "(1 = paling membutuhkan), lalu dirata-rata dengan bobot yang tampil di bawah. "
        "Peringkat selalu dapat dijelaskan dari bobot itu.",
        "Pick indicators and their weights: each indicator is rescaled 0-1 across areas "
        "(1 = most in need) and averaged with the weights shown below. The ranking can always "
        "be explained from those weights.",
    ),
    "pl_prio_indicators": ("Indikator yang dipakai", "Indicators used"),
    "pl_prio_weights": (
        "Bobot (digeser; dinormalkan menjadi 100 %)",
        "Weights (normalised to 100%)",
    ),
    "pl_prio_weights_used": ("Bobot yang dipakai", "Weights used"),
    "pl_prio_pick_one": (
        "Pilih minimal satu indikator dengan bobot lebih dari nol.",
        "Choose at least one indicator with a weight above zero.",
    ),
    "pl_prio_top_n": ("Tandai sebagai prioritas: peringkat teratas", "Mark as priority: top ranks"),
    "pl_prio_map_title": (
        "Skor prioritas per {level}, {year} (garis tebal: {n} teratas)",
        "Priority score by {level}, {year} (thick outline: top {n})",
    ),
    "pl_prio_marked": ("prioritas teratas", "top priority"),
    "pl_prio_table": ("Peringkat wilayah", "Ranking of areas"),
    "pl_prio_caption": (
        "Peringkat dihitung atas semua wilayah kabupaten; filter zona/distrik hanya menyaring "
        "tampilan. Wilayah dengan kurang dari {n} rumah tangga sampel tidak diberi peringkat "
        "(angka survei terlalu tidak pasti). Belanja per penduduk miskin hanya ada per distrik.",
        "Ranks are computed over every area of the regency; the zone/district filter only "
        "narrows the view. Areas with fewer than {n} sample households are not ranked (the "
        "survey figure is too uncertain). Spending per poor person exists by district only.",
    ),
    "pl_prio_not_ranked": ("tidak diberi peringkat", "not ranked"),
    "pl_prio_coverage_gap": ("Kesenjangan cakupan program", "Programme coverage gap"),
    "pl_prio_quad_title": ("Tipologi kuadran", "Quadrant typology"),
    "pl_prio_quad_x": ("Sumbu X", "X axis"),
    "pl_prio_quad_y": ("Sumbu Y", "Y axis"),
    "pl_prio_quad_hh": ("I: keduanya tinggi", "I: both high"),
    "pl_prio_quad_hl": ("IV: X tinggi, Y rendah", "IV: X high, Y low"),
    "pl_prio_quad_lh": ("II: X rendah, Y tinggi", "II: X low, Y high"),
    "pl_prio_quad_ll": ("III: keduanya rendah", "III: both low"),
    "pl_prio_quad_caption": (
        "Garis putus-putus: rata-rata wilayah yang tampil dengan angka (bukan angka kabupaten). "
        "Kuadran I (keduanya di atas rata-rata) biasanya didahulukan; untuk belanja per "
        "penduduk miskin, nilai rendah berarti lebih membutuhkan.",
        "Dashed lines: the mean of the areas shown with a value (not the regency figure). "
        "Quadrant I (both above the mean) usually comes first; for spending per poor person "
        "a low value means more need.",
    ),
    "pl_prio_quad_same": ("Pilih dua indikator yang berbeda.", "Choose two different indicators."),
    "pl_prio_export_title": (
        "Lokasi prioritas penanggulangan kemiskinan, Kabupaten Mimika, data {year}",
        "Priority locations for poverty reduction, Mimika Regency, data {year}",
    ),
    # ------------------------------------------------------------ RAT
    "pl_rat_intro": (
        "Susun Rencana Aksi Tahunan dari RPKD: satu baris per kegiatan, dengan indikator, "
        "target, lokasi, anggaran, sumber dana dan OPD. Setiap simpan menambah versi baru; "
        "tidak ada yang ditimpa.",
        "Draft the annual action plan from the RPKD: one row per activity with indicator, "
        "target, location, budget, funding source and agency. Every save adds a new version; "
        "nothing is overwritten.",
    ),
    "pl_rat_year": ("Tahun rencana", "Plan year"),
    "pl_rat_demo_mode": (
        "Mode demo terbuka: Anda dapat mengubah dan menyimpan, tetapi ini basis data DEMO, "
        "bukan RAT resmi. Dengan akun, hanya perencana dan admin yang dapat menyimpan.",
        "Open demo mode: you may edit and save, but this is a DEMO store, not the official "
        "RAT. With accounts, only planners and admins can save.",
    ),
    "pl_rat_read_only": (
        "Hanya baca: menyimpan RAT memerlukan peran perencana atau admin.",
        "Read only: saving the RAT needs the planner or admin role.",
    ),
    "pl_rat_editor_help": (
        "Tambah baris di bawah tabel; hapus dengan mencentang baris lalu ikon tempat sampah. "
        "Kode kegiatan diisi otomatis saat disimpan.",
        "Add rows at the bottom of the table; delete by ticking rows and the bin icon. Action "
        "ids are filled in on save.",
    ),
    "pl_rat_save": ("Simpan RAT", "Save RAT"),
    "pl_rat_saved": (
        "Tersimpan: {created} kegiatan baru, {updated} diubah, {deleted} dihapus, "
        "{unchanged} tetap.",
        "Saved: {created} new, {updated} changed, {deleted} deleted, {unchanged} unchanged.",
    ),
    "pl_rat_nothing": ("Tidak ada perubahan untuk disimpan.", "Nothing changed."),
    "pl_rat_refused": (
        "RAT tidak disimpan: {n} masalah harus diperbaiki dulu. Basis data tidak berubah.",
        "RAT not saved: fix {n} problem(s) first. The store is unchanged.",
    ),
    "pl_rat_warnings": ("Perhatian", "Warnings"),
    "pl_rat_empty": (
        "Belum ada kegiatan untuk tahun ini. Tambahkan baris di tabel.",
        "No activity for this year yet. Add rows to the table.",
    ),
    "pl_rat_draft": ("Mulai dari program yang berjalan", "Start from the current programmes"),
    "pl_rat_draft_help": (
        "Satu baris per program di basis data, dengan OPD, sumber dana, jumlah rumah tangga "
        "penerima dan pagu tahun anggaran terakhir. Belum disimpan sampai Anda menekan Simpan.",
        "One row per programme in the store, with its agency, funding source, households "
        "listed and allocation of the latest budget year. Nothing is saved until you press Save.",
    ),
    "pl_rat_draft_note": (
        "Draf dari program yang berjalan (belum disimpan): ubah target, lokasi dan anggaran, "
        "lalu simpan.",
        "Draft from the current programmes (not saved yet): edit targets, locations and "
        "budgets, then save.",
    ),
    "pl_rat_ceilings": (
        "Anggaran terhadap pagu per sumber dana",
        "Budget against the ceiling per source",
    ),
    "pl_rat_ceiling_note": (
        "Pagu bawaan adalah angka sementara (asumsi tertulis di data/reference/rat_ceilings.csv). "
        "Melebihi pagu hanya peringatan; ganti pagu dengan angka KUA-PPAS.",
        "The shipped ceilings are placeholders (reasoning in data/reference/rat_ceilings.csv). "
        "Exceeding one is only a warning; replace them with the KUA-PPAS figures.",
    ),
    "pl_rat_no_ceiling": ("tidak ada pagu", "no ceiling"),
    "pl_rat_total": (
        "Total anggaran RAT {year}: {total} ({n} kegiatan)",
        "RAT {year} total: {total} ({n} activities)",
    ),
    "pl_rat_history": ("Riwayat versi", "Version history"),
    "pl_rat_history_empty": ("Belum ada versi tersimpan.", "No saved version yet."),
    "pl_rat_status_saved": ("disimpan", "saved"),
    "pl_rat_status_deleted": ("dihapus", "deleted"),
    "pl_rat_export": ("Unduh RAT (Excel)", "Download RAT (Excel)"),
    "pl_rat_regency": ("Seluruh Kabupaten Mimika", "Whole of Mimika Regency"),
    "pl_rat_where_row": ("Baris {row}", "Row {row}"),
    "pl_rat_where_plan": ("Rencana", "Plan"),
    "pl_rat_p_missing_value": ("wajib diisi", "a value is required"),
    "pl_rat_p_not_a_number": ("'{value}' bukan angka", "'{value}' is not a number"),
    "pl_rat_p_negative": ("tidak boleh negatif ({value})", "must not be negative ({value})"),
    "pl_rat_p_unknown_source": (
        "sumber dana tidak dikenal: '{value}'",
        "unknown funding source '{value}'",
    ),
    "pl_rat_p_unknown_opd": ("OPD tidak dikenal: '{value}'", "unknown OPD '{value}'"),
    "pl_rat_p_unknown_location": (
        "kode lokasi tidak dikenal: '{value}'",
        "unknown location code '{value}'",
    ),
    "pl_rat_p_unknown_action": ("kode kegiatan tidak ada: '{value}'", "no action '{value}'"),
    "pl_rat_p_duplicate_action": (
        "kode kegiatan ganda: '{value}'",
        "action '{value}' appears twice",
    ),
    "pl_rat_p_stale_version": (
        "kegiatan {value} sudah diubah oleh {saved_by} (versi {current}) sejak Anda membuka "
        "versi {base}; muat ulang halaman lalu ubah lagi",
        "action {value} was changed by {saved_by} (version {current}) since you opened version "
        "{base}; reload the page and edit again",
    ),
    "pl_rat_p_unknown_programme": (
        "kode program tidak dikenal: '{value}'",
        "unknown programme code '{value}'",
    ),
    "pl_rat_p_unknown_strategy": (
        "strategi tidak dikenal: '{value}' (pilihan: {allowed})",
        "unknown strategy '{value}' (one of {allowed})",
    ),
    "pl_rat_p_strategy_not_set": (
        "strategi belum diisi (disimpan sebelum strategi dicatat); pilih salah satu",
        "no strategy yet (saved before strategies were recorded); choose one",
    ),
    "pl_rat_p_over_ceiling": (
        "{source}: rencana {total} melebihi pagu {ceiling} sebesar {over}",
        "{source}: planned {total} is above the ceiling {ceiling} by {over}",
    ),
    "pl_rat_p_no_ceiling": (
        "{source}: tidak ada pagu untuk {year}; anggaran tidak diperiksa",
        "{source}: no ceiling for {year}; the budget is not checked",
    ),
    # ------------------------------------------------------------ RAT strategies
    "pl_strategy_beban": (
        "Mengurangi beban pengeluaran masyarakat miskin",
        "Cut the expenditure burden of the poor",
    ),
    "pl_strategy_pendapatan": (
        "Meningkatkan pendapatan masyarakat miskin",
        "Raise the income of the poor",
    ),
    "pl_strategy_umk": (
        "Mengembangkan dan menjamin keberlanjutan usaha mikro dan kecil",
        "Develop and sustain micro and small enterprises",
    ),
    "pl_strategy_sinergi": (
        "Mensinergikan kebijakan dan program penanggulangan kemiskinan",
        "Align poverty policies and programmes",
    ),
    "pl_strategy_unset": ("(belum diisi)", "(not set)"),
    "pl_strategy_short_beban": ("1 Beban pengeluaran", "1 Expenditure burden"),
    "pl_strategy_short_pendapatan": ("2 Pendapatan", "2 Income"),
    "pl_strategy_short_umk": ("3 Usaha mikro & kecil", "3 Micro & small enterprises"),
    "pl_strategy_short_sinergi": ("4 Sinergi kebijakan", "4 Policy alignment"),
    "pl_strategy_help": (
        "Strategi RPKD (Permendagri 53/2020): 1 mengurangi beban pengeluaran masyarakat "
        "miskin; 2 meningkatkan pendapatan masyarakat miskin; 3 mengembangkan dan menjamin "
        "keberlanjutan usaha mikro dan kecil; 4 mensinergikan kebijakan dan program "
        "penanggulangan kemiskinan. Draf mengisi bawaan menurut kelompok program; ubah bila "
        "RPKD menyebut lain.",
        "RPKD strategy (Permendagri 53/2020): 1 cut the expenditure burden of the poor; "
        "2 raise their income; 3 develop and sustain micro and small enterprises; 4 align "
        "poverty policies and programmes. A draft fills a default from the programme group; "
        "change it where the RPKD says otherwise.",
    ),
    "pl_group_social_assistance": (
        "Bantuan sosial dan jaminan sosial",
        "Social assistance and security",
    ),
    "pl_group_empowerment": ("Pemberdayaan masyarakat", "Community empowerment"),
    "pl_group_other": ("Lainnya (termasuk Dana Desa)", "Other (incl. village funds)"),
    "pl_group_none": ("Tanpa kode program", "No programme code"),
    "pl_rat_by_strategy": ("Anggaran per strategi RPKD", "Budget by RPKD strategy"),
    "pl_rat_strategy_subtotal": ("Jumlah strategi", "Strategy subtotal"),
    "pl_rat_strategy_total": ("Jumlah RAT", "RAT total"),
    "pl_rat_strategy_note": (
        "Per strategi lalu per kelompok program (menurut kode program), dari tabel di atas "
        "termasuk perubahan yang belum disimpan. Unduhan Excel memakai susunan yang sama.",
        "By strategy, then by programme group (from the programme code), from the table above "
        "including unsaved edits. The Excel download uses the same layout.",
    ),
    "pl_rat_strategy_unset_note": (
        "{n} kegiatan tersimpan belum memiliki strategi (disimpan sebelum strategi dicatat): "
        "ditampilkan sebagai (belum diisi). Pilih strateginya lalu simpan; sampai itu hanya "
        "peringatan.",
        "{n} saved activities have no strategy (saved before strategies were recorded): shown "
        "as (not set). Choose their strategy and save; until then it is only a warning.",
    ),
    # ------------------------------------------------------------ simulation
    "pl_sim_intro": (
        "Apa yang berubah bila sebuah pilihan diambil? Simulasi statis atas data rumah tangga "
        "{year}: bantuan ditambahkan pada pengeluaran per kapita, lalu P0, P1, P2 dan Gini "
        "dihitung ulang dengan rumus yang sama seperti halaman lain.",
        "What would a choice change? A static simulation on the {year} household data: the "
        "transfer is added to consumption per capita and P0, P1, P2 and the Gini are computed "
        "again with the same formulas as every other page.",
    ),
    "pl_sim_kind": ("Skenario", "Scenario"),
    "pl_sim_kind_add": ("Tambah bantuan", "Add a transfer"),
    "pl_sim_kind_remove": ("Hentikan program", "Stop a programme"),
    "pl_sim_kind_perfect": ("Anggaran dengan sasaran sempurna", "Budget with perfect targeting"),
    "pl_sim_kind_move": ("Pindahkan anggaran antar zona", "Move budget between zones"),
    "pl_sim_amount": (
        "Bantuan (Rp per rumah tangga per tahun)",
        "Transfer (Rp per household per year)",
    ),
    "pl_sim_move_amount": ("Jumlah dipindahkan (Rp per tahun)", "Amount moved (Rp per year)"),
    "pl_sim_budget": ("Anggaran (Rp per tahun)", "Budget (Rp per year)"),
    "pl_sim_who": ("Penerima", "Recipients"),
    "pl_sim_who_decile": ("Desil kesejahteraan 1-K", "Welfare deciles 1-K"),
    "pl_sim_who_zone": ("Rumah tangga satu zona", "Households of one zone"),
    "pl_sim_who_all": ("Semua rumah tangga", "Every household"),
    "pl_sim_who_current": ("Penerima program saat ini", "Current beneficiaries of a programme"),
    "pl_sim_decile_k": ("Sampai desil K", "Up to decile K"),
    "pl_sim_programme": ("Program", "Programme"),
    "pl_sim_from": ("Dari zona", "From zone"),
    "pl_sim_to": ("Ke zona", "To zone"),
    "pl_sim_run": ("Jalankan simulasi", "Run the simulation"),
    "pl_sim_same_zone": ("Pilih dua zona yang berbeda.", "Choose two different zones."),
    "pl_sim_no_programme": ("Belum ada program di basis data.", "No programme in the store."),
    "pl_sim_result": ("Hasil simulasi", "Result"),
    "pl_sim_cost": ("Biaya per tahun", "Cost per year"),
    "pl_sim_saved": ("Dana yang dihemat per tahun", "Money saved per year"),
    "pl_sim_moved": ("Dana dipindahkan per tahun", "Money moved per year"),
    "pl_sim_lifted": ("Penduduk keluar dari kemiskinan", "People lifted out of poverty"),
    "pl_sim_pushed": ("Penduduk jatuh miskin", "People pushed into poverty"),
    "pl_sim_recipients": (
        "{n} rumah tangga terdampak (tertimbang)",
        "{n} households affected (weighted)",
    ),
    "pl_sim_per_person": (
        "Biaya per orang keluar dari kemiskinan: {v}",
        "Cost per person lifted out: {v}",
    ),
    "pl_sim_closure": (
        "Sebagai pembanding: menutup seluruh kesenjangan kemiskinan dengan sasaran sempurna "
        "membutuhkan {v} per tahun (P1 x garis x penduduk x 12).",
        "For comparison: closing every poverty gap with perfect targeting costs {v} a year "
        "(P1 x line x population x 12).",
    ),
    "pl_sim_by_zone": ("Per zona", "By zone"),
    "pl_sim_chart_title": ("P0 sebelum dan sesudah, {year}", "P0 before and after, {year}"),
    "pl_sim_col_cost": ("Biaya (Rp/tahun)", "Cost (Rp/year)"),
    "pl_sim_col_poor_change": ("Perubahan penduduk miskin", "Change in poor people"),
    "pl_sim_col_per_lifted": ("Biaya per orang keluar (Rp)", "Cost per person lifted (Rp)"),
    "pl_sim_assumptions": ("Asumsi", "Assumptions"),
    "pl_sim_assumptions_id": (
        "Simulasi statis: hanya dampak langsung, tanpa perubahan perilaku atau harga. Bantuan "
        "dianggap habis dikonsumsi dan dibagi rata dalam rumah tangga (Rp per rumah tangga per "
        "tahun / 12 / jumlah anggota ditambahkan pada pengeluaran per kapita per bulan). Miskin "
        "berarti pengeluaran di bawah garis {line}. Biaya memakai penimbang survei, sebelum "
        "biaya administrasi.",
        "Static simulation: first-round effects only, no change in behaviour or prices. A "
        "transfer is fully consumed and shared equally in the household (Rp per household per "
        "year / 12 / household size is added to consumption per capita per month). Poor means "
        "consumption below the line {line}. Costs use survey weights, before administration "
        "costs.",
    ),
    "pl_sim_assumptions_full": ("Daftar asumsi lengkap", "Full list of assumptions"),
    # one key per analytics.simulate.Assumption key; values come formatted by the page
    "pl_sim_asm_static": (
        "Simulasi mikro statis: hanya dampak putaran pertama; tanpa respons perilaku rumah "
        "tangga dan tanpa dampak harga.",
        "Static microsimulation: first-round effects only; no behavioural response, no price "
        "effects.",
    ),
    "pl_sim_asm_transfer": (
        "Bantuan dianggap habis dikonsumsi dan dibagi rata dalam rumah tangga: Rp per rumah "
        "tangga per tahun / 12 / jumlah anggota rumah tangga ditambahkan pada pengeluaran per "
        "kapita per bulan.",
        "A transfer is fully consumed and shared equally: Rp per household per year / 12 / "
        "household size is added to consumption per capita per month.",
    ),
    "pl_sim_asm_line": (
        "Garis kemiskinan {line_rp} per kapita per bulan; miskin berarti pengeluaran per kapita "
        "kurang dari garis (tepat sama dengan garis tidak dihitung miskin).",
        "Poverty line {line_rp} per capita per month; poor means consumption strictly below it.",
    ),
    "pl_sim_asm_costs": (
        "Biaya dihitung dengan penimbang survei, dalam Rp per tahun, belum termasuk biaya "
        "administrasi.",
        "Costs are weighted (survey weights), Rp per year, before administration costs.",
    ),
    "pl_sim_asm_add_decile": (
        "Tambahan {amount_rp_year} per rumah tangga per tahun bagi rumah tangga desil "
        "kesejahteraan 1-{decile_k}.",
        "Adds {amount_rp_year} per household per year to households in welfare deciles "
        "1-{decile_k}.",
    ),
    "pl_sim_asm_add_zone": (
        "Tambahan {amount_rp_year} per rumah tangga per tahun bagi seluruh rumah tangga zona "
        "{zone}.",
        "Adds {amount_rp_year} per household per year to every household of the {zone} zone.",
    ),
    "pl_sim_asm_add_zone_deciles": (
        "Tambahan {amount_rp_year} per rumah tangga per tahun bagi rumah tangga zona {zone} "
        "pada desil 1-{decile_k}.",
        "Adds {amount_rp_year} per household per year to households of the {zone} zone in "
        "deciles 1-{decile_k}.",
    ),
    "pl_sim_asm_add_all": (
        "Tambahan {amount_rp_year} per rumah tangga per tahun bagi semua rumah tangga.",
        "Adds {amount_rp_year} per household per year to every household.",
    ),
    "pl_sim_asm_add_current": (
        "Tambahan {amount_rp_year} per rumah tangga per tahun bagi penerima {programme_code} "
        "saat ini (penargetan yang berlaku).",
        "Adds {amount_rp_year} per household per year to the current beneficiaries of "
        "{programme_code} (current targeting).",
    ),
    "pl_sim_asm_remove": (
        "Program {programme_code} dihentikan: setiap penerima kehilangan bantuan yang tercatat "
        "untuk tahun tersebut.",
        "Stops {programme_code}: each beneficiary loses the amount recorded for the year.",
    ),
    "pl_sim_asm_perfect": (
        "Sasaran sempurna untuk anggaran {budget_rp_year} per tahun, mulai dari yang termiskin: "
        "setiap penduduk miskin dinaikkan ke batas bawah yang sama (paling tinggi garis "
        "kemiskinan); tanpa kebocoran dan tanpa biaya administrasi.",
        "Perfect targeting of {budget_rp_year} per year, poorest first: every poor person is "
        "raised to a common floor (at most the line); no leakage, no administration cost.",
    ),
    "pl_sim_asm_move": (
        "Pemindahan {amount_rp_year} per tahun dari zona {from_zone} (bantuan yang ada dipotong "
        "proporsional) ke rumah tangga desil 1-{decile_k} di zona {to_zone} (jumlah sama rata).",
        "Moves {amount_rp_year} per year from the {from_zone} zone (current transfers cut pro "
        "rata) to households of the {to_zone} zone in deciles 1-{decile_k} (equal amounts).",
    ),
    "pl_sim_desc_add": (
        "Tambah {amount} per rumah tangga per tahun untuk {who}.",
        "Add {amount} per household per year to {who}.",
    ),
    "pl_sim_desc_who_decile": ("rumah tangga desil 1-{k}", "households in deciles 1-{k}"),
    "pl_sim_desc_who_zone": (
        "rumah tangga zona {zone}{deciles}",
        "households of the {zone} zone{deciles}",
    ),
    "pl_sim_desc_who_zone_k": (" desil 1-{k}", " in deciles 1-{k}"),
    "pl_sim_desc_who_all": ("semua rumah tangga", "every household"),
    "pl_sim_desc_who_current": (
        "penerima {programme} saat ini",
        "the current beneficiaries of {programme}",
    ),
    "pl_sim_desc_remove": (
        "Hentikan {programme}: setiap penerima kehilangan bantuan yang tercatat.",
        "Stop {programme}: each beneficiary loses the recorded benefit.",
    ),
    "pl_sim_desc_perfect": (
        "Anggaran {budget} per tahun dengan sasaran sempurna: yang termiskin dinaikkan lebih dulu "
        "ke batas bersama (paling tinggi garis kemiskinan).",
        "A budget of {budget} a year with perfect targeting: the poorest are raised first to a "
        "common floor (at most the poverty line).",
    ),
    "pl_sim_desc_move": (
        "Pindahkan {amount} per tahun dari zona {from_zone} (bantuan dipotong proporsional) ke "
        "rumah tangga desil 1-{k} di zona {to_zone}.",
        "Move {amount} a year from the {from_zone} zone (transfers cut pro rata) to households "
        "in deciles 1-{k} of the {to_zone} zone.",
    ),
    # ------------------------------------------------------------ progress
    "pl_prog_title": ("Kemajuan terhadap target RPKD", "Progress against the RPKD targets"),
    "pl_prog_intro": (
        "Target RPKD per tahun dibanding angka dari data (dihitung dari basis data) dan angka "
        "resmi BPS. Titik berongga: hasil simulasi di atas pada tahun data {year}.",
        "RPKD targets per year against the figures from the data (computed from the store) and "
        "the published BPS figures. Hollow points: the simulation above, at data year {year}.",
    ),
    "pl_prog_indicator": ("Indikator", "Indicator"),
    "pl_prog_computed": ("dari data", "from the data"),
    "pl_prog_official": ("BPS (resmi)", "BPS (published)"),
    "pl_prog_target": ("target RPKD", "RPKD target"),
    "pl_prog_simulated": ("dengan simulasi", "with the simulation"),
    "pl_prog_col_target": ("Target", "Target"),
    "pl_prog_col_data": ("Dari data", "From the data"),
    "pl_prog_col_official": ("BPS", "BPS"),
    "pl_prog_col_gap": ("Selisih dari target", "Gap to target"),
    "pl_prog_col_placeholder": ("Target sementara", "Placeholder target"),
    "pl_prog_caption": (
        "Selisih = angka dari data dikurangi target (positif: di atas target, belum tercapai "
        "untuk indikator kemiskinan). Target bertanda sementara belum resmi dan dapat diubah.",
        "Gap = figure from the data minus the target (positive: above the target, not yet met "
        "for a poverty indicator). Targets marked placeholder are not official and can be edited.",
    ),
    "pl_prog_none": ("Tidak ada target untuk indikator ini.", "No target for this indicator."),
}
