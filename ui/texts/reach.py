"""Texts of the Jangkauan Program page."""

TEXT = {
    "reach_intro": (
        "Seberapa banyak penduduk miskin yang dijangkau tiap program, berapa yang terlewat, "
        "berapa bantuan yang jatuh ke bukan miskin, dan di mana penduduk miskin yang tidak "
        "dijangkau program apa pun.",
        "How many of the poor each programme reaches, how many it misses, how much goes to "
        "the non-poor, and where the poor are that no programme reaches.",
    ),
    "reach_poor_def": ("Definisi miskin", "Poor definition"),
    "reach_def_line": ("Di bawah garis kemiskinan (survei)", "Below the poverty line (survey)"),
    "reach_def_decile": ("Desil kesejahteraan DTSEN", "DTSEN welfare decile"),
    "reach_decile_k": ("Desil tertinggi yang dihitung miskin", "Highest decile counted as poor"),
    "reach_rule_line": (
        "Miskin = pengeluaran per kapita di bawah garis kemiskinan {year}: {line} per kapita "
        "per bulan.",
        "Poor = consumption per capita below the {year} poverty line: {line} per capita per month.",
    ),
    "reach_rule_decile": (
        "Miskin = rumah tangga pada desil kesejahteraan DTSEN 1 sampai {k}.",
        "Poor = households in DTSEN welfare deciles 1 to {k}.",
    ),
    "reach_unit_note": (
        "Satuan: rumah tangga (berbobot). Cakupan = miskin terjangkau / semua miskin; "
        "kesalahan eksklusi = miskin tak terjangkau / semua miskin; kesalahan inklusi = "
        "penerima bukan miskin / semua penerima.",
        "Unit: households (weighted). Coverage = poor reached / all poor; exclusion error = "
        "poor not reached / all poor; inclusion error = non-poor recipients / all recipients.",
    ),
    "reach_small_note": (
        "Batang kosong: angka yang bertumpu pada kurang dari {n} rumah tangga sampel "
        "(kelompok, atau penerima untuk kesalahan inklusi) disembunyikan.",
        "Missing bars: figures resting on fewer than {n} sample households (of the group, or "
        "of the recipients for the inclusion error) are suppressed.",
    ),
    "reach_targeting_title": ("Ketepatan sasaran per program", "Targeting by programme"),
    "reach_coverage": ("Cakupan (%)", "Coverage (%)"),
    "reach_exclusion": ("Kesalahan eksklusi (%)", "Exclusion error (%)"),
    "reach_inclusion": ("Kesalahan inklusi (%)", "Inclusion error (%)"),
    "reach_any": ("Program apa pun", "Any programme"),
    "reach_regency": ("Kabupaten", "Regency"),
    "reach_overlap_title": ("Tumpang tindih antarprogram", "Overlap between programmes"),
    "reach_overlap_caption": (
        "Baris A, kolom B: persentase rumah tangga penerima A yang juga penerima B (daftar "
        "penerima apa adanya, tanpa bobot). Tidak simetris.",
        "Row A, column B: percent of A's beneficiary households also on B's list (the lists "
        "as they are, unweighted). Not symmetric.",
    ),
    "reach_overlap_axis_a": ("Penerima program A", "Beneficiaries of A"),
    "reach_overlap_axis_b": ("juga menerima B", "also on B"),
    "reach_overlap_hover": (
        "dari penerima {a}, {v} juga menerima {b}",
        "of {a}'s, {v} also on {b}",
    ),
    "reach_unreached_title": (
        "Penduduk miskin yang tidak dijangkau program apa pun",
        "The poor that no programme reaches",
    ),
    "reach_unreached_share": (
        "Miskin tak terjangkau",
        "Poor not reached",
    ),
    "reach_col_poor": ("Rumah tangga miskin", "Poor households"),
    "reach_col_not_reached": ("Miskin tak terjangkau (RT)", "Poor not reached (households)"),
    "reach_col_share": ("Bagian tak terjangkau (%)", "Share not reached (%)"),
    "reach_programme": ("Program", "Programme"),
    "reach_no_beneficiaries": (
        "Belum ada daftar penerima untuk tahun ini.",
        "No beneficiary lists for this year.",
    ),
    "reach_match_note": (
        "{n} rumah tangga penerima tidak cocok dengan data rumah tangga tahun ini dan tidak "
        "dihitung.",
        "{n} listed households do not match this year's household records and are not counted.",
    ),
    "reach_convergence_title": (
        "Berapa program menjangkau tiap rumah tangga miskin",
        "How many programmes reach each poor household",
    ),
    "reach_convergence_axis": ("Jumlah program", "Number of programmes"),
    "reach_share_of_poor": ("Bagian rumah tangga miskin (%)", "Share of poor households (%)"),
}
