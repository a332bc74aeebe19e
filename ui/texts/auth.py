"""Texts of the sign-in page, the audit page and access messages."""

TEXT = {
    "page_signin": ("Masuk / Keluar", "Sign in / out"),
    "page_audit": ("Log Audit", "Audit Log"),
    "signin_title": ("Masuk", "Sign in"),
    "signin_intro": (
        "Dasbor ini memuat data pribadi (UU 27/2022 tentang Pelindungan Data Pribadi). "
        "Masuk dengan akun yang diberikan Bappeda.",
        "This dashboard holds personal data (Law 27/2022 on Personal Data Protection). "
        "Sign in with the account Bappeda gave you.",
    ),
    "username": ("Nama pengguna", "User name"),
    "password": ("Kata sandi", "Password"),
    "signin_button": ("Masuk", "Sign in"),
    "signin_oidc": ("Masuk dengan akun instansi", "Sign in with your organisation account"),
    "signin_bad": (
        "Nama pengguna atau kata sandi salah.",
        "Wrong user name or password.",
    ),
    "signin_locked": (
        "Terlalu banyak percobaan gagal untuk nama ini. Coba lagi dalam {minutes} menit.",
        "Too many failed attempts for this name. Try again in {minutes} minutes.",
    ),
    "signin_ok": ("Berhasil masuk sebagai {user} ({role}).", "Signed in as {user} ({role})."),
    "signed_in_as": ("Masuk sebagai {user} — peran: {role}", "Signed in as {user} — role: {role}"),
    "signout_button": ("Keluar", "Sign out"),
    "signed_out": ("Anda sudah keluar.", "You have signed out."),
    "oidc_unmapped": (
        "Akun {email} belum diberi peran. Hubungi admin dasbor.",
        "The account {email} has no role yet. Ask the dashboard admin.",
    ),
    "accounts_error": (
        "Berkas akun tidak dapat dibaca; akses ditutup sampai diperbaiki",
        "The accounts file cannot be read; access is closed until it is fixed",
    ),
    "open_mode": (
        "Mode demo terbuka: belum ada akun. Hanya angka agregat yang tampil; tidak ada baris "
        "rumah tangga dan tidak ada impor. Tambahkan akun dengan `rpkd user add`.",
        "Open demo mode: no accounts configured. Only aggregates show; no household rows and "
        "no import. Add accounts with `rpkd user add`.",
    ),
    "role_viewer": ("pimpinan (lihat)", "viewer"),
    "role_planner": ("perencana", "planner"),
    "role_analyst": ("analis", "analyst"),
    "role_steward": ("pengelola data", "steward"),
    "role_admin": ("admin", "admin"),
    "role_open": ("demo terbuka", "open demo"),
    "role_anonymous": ("belum masuk", "not signed in"),
    "not_allowed": (
        "Peran Anda tidak mengizinkan halaman ini.",
        "Your role does not allow this page.",
    ),
    # audit page
    "audit_intro": (
        "Siapa masuk, mengimpor atau mengunduh apa, dan kapan (waktu UTC). Tersimpan di {path}.",
        "Who signed in, imported or downloaded what, and when (UTC). Stored in {path}.",
    ),
    "audit_event": ("Jenis kejadian", "Event"),
    "audit_user": ("Pengguna", "User"),
    "audit_limit": ("Baris terakhir", "Latest rows"),
    "audit_empty": ("Belum ada kejadian tercatat.", "No events recorded yet."),
    "audit_download": ("Unduh log (CSV)", "Download log (CSV)"),
    # audit events (ui.audit.EVENTS) and columns as the page shows them; the log keeps codes
    "audit_ev_signin_ok": ("Berhasil masuk", "Signed in"),
    "audit_ev_signin_failed": ("Gagal masuk", "Sign-in failed"),
    "audit_ev_signin_locked": (
        "Masuk ditolak (terlalu banyak percobaan gagal)",
        "Sign-in refused (too many failed attempts)",
    ),
    "audit_ev_signout": ("Keluar", "Signed out"),
    "audit_ev_import": ("Impor data", "Data import"),
    "audit_ev_download": ("Unduhan", "Download"),
    "audit_ev_account": ("Akun ditambah atau diubah", "Account added or changed"),
    "audit_col_id": ("No.", "No."),
    "audit_col_at_utc": ("Waktu (UTC)", "Time (UTC)"),
    "audit_col_user_name": ("Pengguna", "User"),
    "audit_col_role": ("Peran", "Role"),
    "audit_col_event": ("Kejadian", "Event"),
    "audit_col_detail": ("Rincian", "Detail"),
    "audit_col_session": ("Sesi", "Session"),
    # uploads
    "upload_too_large": (
        "Berkas {size_mb:.0f} MB melebihi batas {limit_mb} MB. Pecah berkas per tahun atau "
        "impor lewat baris perintah (`rpkd import`).",
        "The file is {size_mb:.0f} MB, over the {limit_mb} MB limit. Split it by year or "
        "import it from the command line (`rpkd import`).",
    ),
}
