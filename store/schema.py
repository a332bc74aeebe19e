"""Every table of the store, declared once.

The declaration drives three things, so they cannot drift apart:
the DuckDB DDL (:func:`ddl`), the import checks (``ingest.checks``) and the
data dictionary shown in the app and written into XLSX downloads.
A test (``tests/store/test_schema.py``) keeps them in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Logical type -> DuckDB type.
DUCK_TYPES = {
    "text": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
}

ZONES = ("coastal", "lowland", "highland")
FUNDING_SOURCES = ("APBN", "APBD", "Otsus", "Dana Desa", "CSR", "other")
# Permendagri 53/2020 programme groups.
PROGRAMME_GROUPS = ("social_assistance", "empowerment", "other")
# RPKD strategies (Permendagri 53/2020), in its order: beban = cut the expenditure burden of
# the poor, pendapatan = raise their income, umk = micro and small enterprises, sinergi =
# align poverty policies and programmes.
RAT_STRATEGIES = ("beban", "pendapatan", "umk", "sinergi")
VILLAGE_TYPES = ("kampung", "kelurahan")

# MPI deprivation indicators (global MPI structure adapted to what a household
# file can carry); weights and dimensions live in data/reference/mpi_structure.csv.
DEPRIVATIONS = (
    "dep_school_years",
    "dep_school_attendance",
    "dep_nutrition",
    "dep_child_mortality",
    "dep_cooking_fuel",
    "dep_sanitation",
    "dep_water",
    "dep_electricity",
    "dep_housing",
    "dep_assets",
)


@dataclass(frozen=True)
class Column:
    """One column: its type, unit, meaning and allowed values."""

    name: str
    type: str  # key of DUCK_TYPES
    description: str
    unit: str = ""
    required: bool = False
    allowed: tuple | None = None
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False
    default: object = None
    aliases: tuple[str, ...] = ()
    # Filled by the import (e.g. nik_hash from nik) rather than read from a file.
    derived: bool = False
    # The description in Bahasa Indonesia (the interface's default language).
    description_id: str = ""

    @property
    def duck_type(self) -> str:
        return DUCK_TYPES[self.type]

    def describe(self, lang: str = "en") -> str:
        """The description in ``lang`` ("id" or "en"; English when no Indonesian is given)."""
        return self.description_id if lang == "id" and self.description_id else self.description


@dataclass(frozen=True)
class Table:
    """One table of the store."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    # Reference tables are shipped with the repository; others are imported.
    kind: str = "imported"
    # Column whose value partitions a delivery (a year is replaced as a whole).
    partition: str | None = None
    extra: dict = field(default_factory=dict)
    # The description in Bahasa Indonesia (the interface's default language).
    description_id: str = ""

    def describe(self, lang: str = "en") -> str:
        """The description in ``lang`` ("id" or "en"; English when no Indonesian is given)."""
        return self.description_id if lang == "id" and self.description_id else self.description

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _dep(name: str, meaning: str, meaning_id: str) -> Column:
    return Column(
        name,
        "bool",
        f"Deprived: {meaning} (MPI indicator)",
        description_id=f"Mengalami deprivasi: {meaning_id} (indikator MPI)",
    )


DISTRICTS = Table(
    "districts",
    "Mimika's 18 districts (distrik) with zone and population.",
    description_id="18 distrik di Kabupaten Mimika beserta zona dan jumlah penduduknya.",
    columns=(
        Column(
            "district_code",
            "text",
            "Kemendagri district code, e.g. 94.04.01",
            description_id="Kode distrik Kemendagri, misalnya 94.04.01",
            required=True,
        ),
        Column(
            "bps_code",
            "text",
            "BPS district code, e.g. 9412030",
            description_id="Kode distrik BPS, misalnya 9412030",
            required=True,
        ),
        Column("name", "text", "District name", description_id="Nama distrik", required=True),
        Column(
            "zone",
            "text",
            "Zone used in the RPKD",
            description_id="Zona yang dipakai dalam RPKD",
            required=True,
            allowed=ZONES,
        ),
        Column(
            "area_km2",
            "float",
            "Area computed from the boundary (not official)",
            description_id="Luas yang dihitung dari batas wilayah (bukan angka resmi)",
            unit="km2",
        ),
        Column(
            "population_2020",
            "int",
            "Population, Census 2020",
            description_id="Jumlah penduduk, Sensus Penduduk 2020",
            unit="persons",
        ),
        Column(
            "population_2025",
            "int",
            "Population, Dukcapil late 2025",
            description_id="Jumlah penduduk, data Dukcapil akhir 2025",
            unit="persons",
        ),
        Column(
            "label_lon",
            "float",
            "Label point longitude (inside the polygon)",
            description_id="Bujur titik label (di dalam poligon)",
            unit="deg",
        ),
        Column(
            "label_lat",
            "float",
            "Label point latitude (inside the polygon)",
            description_id="Lintang titik label (di dalam poligon)",
            unit="deg",
        ),
        Column(
            "geometry_geojson",
            "text",
            "Boundary as a GeoJSON geometry, WGS84",
            description_id="Batas wilayah sebagai geometri GeoJSON, WGS84",
        ),
    ),
    primary_key=("district_code",),
    kind="reference",
)

VILLAGES = Table(
    "villages",
    "Mimika's 152 villages (133 kampung, 19 kelurahan).",
    description_id="152 kampung dan kelurahan di Kabupaten Mimika (133 kampung, 19 kelurahan).",
    columns=(
        Column(
            "village_code",
            "text",
            "Kemendagri village code, e.g. 94.04.01.1001",
            description_id="Kode kampung/kelurahan Kemendagri, misalnya 94.04.01.1001",
            required=True,
        ),
        Column(
            "name",
            "text",
            "Village name",
            description_id="Nama kampung/kelurahan",
            required=True,
        ),
        Column(
            "village_type",
            "text",
            "Kampung or kelurahan",
            description_id="Kampung atau kelurahan",
            required=True,
            allowed=VILLAGE_TYPES,
        ),
        Column(
            "district_code",
            "text",
            "Kemendagri district code",
            description_id="Kode distrik Kemendagri",
            required=True,
        ),
        Column(
            "area_km2",
            "float",
            "Area computed from the boundary (not official)",
            description_id="Luas yang dihitung dari batas wilayah (bukan angka resmi)",
            unit="km2",
        ),
        Column(
            "label_lon",
            "float",
            "Label point longitude",
            description_id="Bujur titik label",
            unit="deg",
        ),
        Column(
            "label_lat",
            "float",
            "Label point latitude",
            description_id="Lintang titik label",
            unit="deg",
        ),
        Column(
            "geometry_geojson",
            "text",
            "Boundary as a GeoJSON geometry, WGS84",
            description_id="Batas wilayah sebagai geometri GeoJSON, WGS84",
        ),
    ),
    primary_key=("village_code",),
    kind="reference",
)

HOUSEHOLDS = Table(
    "households",
    "Household records: survey extract (Susenas) or registry (DTSEN), one row per household.",
    description_id="Data rumah tangga dari survei (Susenas) atau registri (DTSEN), satu baris per "
    "rumah tangga.",
    columns=(
        Column(
            "year",
            "int",
            "Survey or registry year",
            description_id="Tahun survei atau registri",
            required=True,
            min=2000,
            max=2100,
            aliases=("tahun",),
        ),
        Column(
            "hh_id",
            "text",
            "Household identifier, unique within a year",
            description_id="Identitas rumah tangga, unik dalam satu tahun",
            required=True,
            aliases=("id_rt", "idrt", "no_kk_pseudo", "kode_rt", "id_keluarga"),
        ),
        Column(
            "district_code",
            "text",
            "Kemendagri district code (BPS code or name accepted at import)",
            description_id="Kode distrik Kemendagri (saat impor, kode BPS atau nama distrik juga "
            "diterima)",
            required=True,
            aliases=("kode_kecamatan", "kode_distrik", "kd_kec", "kecamatan", "distrik", "kdkec"),
        ),
        Column(
            "village_code",
            "text",
            "Kemendagri village code",
            description_id="Kode kampung/kelurahan Kemendagri",
            aliases=("kode_desa", "kode_kampung", "kode_kelurahan", "kd_desa", "kdesa"),
        ),
        Column(
            "hh_size",
            "int",
            "Household members",
            description_id="Jumlah anggota rumah tangga",
            unit="persons",
            required=True,
            min=1,
            max=60,
            aliases=("jumlah_art", "jml_art", "art", "jumlah_anggota"),
        ),
        Column(
            "consumption_pc_rp",
            "float",
            "Consumption per capita per month",
            description_id="Pengeluaran per kapita per bulan",
            unit="Rp/capita/month",
            required=True,
            min=0,
            aliases=(
                "consumption_pc",
                "pengeluaran_perkapita",
                "pengeluaran_kapita",
                "kapita",
                "exp_cap",
            ),
        ),
        Column(
            "weight",
            "float",
            "Household sampling weight (1 for a registry)",
            description_id="Bobot sampel rumah tangga (1 untuk data registri)",
            unit="households",
            min=0,
            min_exclusive=True,
            default=1.0,
            aliases=("bobot", "penimbang", "fwt", "weind", "wert"),
        ),
        Column(
            "strata",
            "text",
            "Sampling stratum",
            description_id="Strata sampel",
            aliases=("strata_id", "stratum"),
        ),
        Column(
            "psu",
            "text",
            "Primary sampling unit",
            description_id="Unit sampel primer (PSU)",
            aliases=("psu_id", "nks", "blok_sensus"),
        ),
        Column(
            "welfare_decile",
            "int",
            "DTSEN welfare decile (1 = poorest)",
            description_id="Desil kesejahteraan DTSEN (1 = termiskin)",
            min=1,
            max=10,
            aliases=("desil", "desil_kesejahteraan", "decile"),
        ),
        Column(
            "head_female",
            "bool",
            "Household head is a woman",
            description_id="Kepala rumah tangga perempuan",
            aliases=("krt_perempuan", "jenis_kelamin_krt", "jk_krt"),
        ),
        Column(
            "oap",
            "bool",
            "Orang Asli Papua household",
            description_id="Rumah tangga Orang Asli Papua (OAP)",
            aliases=("orang_asli_papua", "status_oap"),
        ),
        _dep(
            "dep_school_years",
            "no member aged 10+ completed 6 years of school",
            "tidak ada anggota berumur 10 tahun ke atas yang menamatkan 6 tahun sekolah",
        ),
        _dep(
            "dep_school_attendance",
            "a school-age child not attending school",
            "ada anak usia sekolah yang tidak bersekolah",
        ),
        _dep("dep_nutrition", "a member undernourished", "ada anggota yang kurang gizi"),
        _dep(
            "dep_child_mortality",
            "a child died in the last 5 years",
            "ada anak yang meninggal dalam 5 tahun terakhir",
        ),
        _dep(
            "dep_cooking_fuel",
            "cooks with wood, charcoal or dung",
            "memasak dengan kayu bakar, arang atau kotoran hewan",
        ),
        _dep("dep_sanitation", "no improved sanitation", "tidak memiliki sanitasi layak"),
        _dep(
            "dep_water",
            "no safe drinking water within 30 minutes",
            "tidak ada air minum layak dalam jarak 30 menit",
        ),
        _dep("dep_electricity", "no electricity", "tidak ada listrik"),
        _dep(
            "dep_housing",
            "inadequate floor, roof or walls",
            "lantai, atap atau dinding tidak layak",
        ),
        _dep(
            "dep_assets",
            "owns at most one small asset and no car",
            "memiliki paling banyak satu aset kecil dan tidak memiliki mobil",
        ),
        Column(
            "nik_hash",
            "text",
            "Keyed hash (HMAC-SHA256) of the head's NIK; the clear NIK is never stored",
            description_id="Hash berkunci (HMAC-SHA256) dari NIK kepala rumah tangga; NIK asli "
            "tidak pernah disimpan",
            derived=True,
        ),
        Column(
            "psu_key",
            "int",
            "Number of the household's PSU (strata + psu) within its year, set by the store "
            "writer (store.derived); NULL when the household has no PSU",
            description_id="Nomor PSU rumah tangga (strata + psu) dalam tahunnya, diisi oleh "
            "penulis basis data (store.derived); kosong bila rumah tangga tidak memiliki PSU",
            derived=True,
        ),
    ),
    primary_key=("year", "hh_id"),
    partition="year",
)

POVERTY_LINES = Table(
    "poverty_lines",
    "Poverty line per year for the regency.",
    description_id="Garis kemiskinan kabupaten per tahun.",
    columns=(
        Column(
            "year",
            "int",
            "Year",
            description_id="Tahun",
            required=True,
            min=2000,
            max=2100,
        ),
        Column(
            "line_rp",
            "float",
            "Poverty line per capita per month",
            description_id="Garis kemiskinan per kapita per bulan",
            unit="Rp/capita/month",
            required=True,
            min=0,
            min_exclusive=True,
            aliases=("garis_kemiskinan", "gk", "poverty_line"),
        ),
        Column(
            "status",
            "text",
            "published, interpolated or user",
            description_id="published (dipublikasikan), interpolated (hasil interpolasi) atau "
            "user (diisi pengguna)",
            required=True,
            allowed=("published", "interpolated", "user"),
        ),
        Column(
            "source",
            "text",
            "Where the figure comes from",
            description_id="Sumber angka",
        ),
    ),
    primary_key=("year",),
    kind="reference",
)

PROGRAMMES = Table(
    "programmes",
    "Poverty programmes with their agency (OPD), funding source and RPKD group.",
    description_id="Program penanggulangan kemiskinan beserta perangkat daerah (OPD), sumber "
    "dana dan kelompok program RPKD.",
    columns=(
        Column(
            "programme_code",
            "text",
            "Short code, e.g. PKH",
            description_id="Kode singkat, misalnya PKH",
            required=True,
            aliases=("kode_program", "program_code"),
        ),
        Column(
            "name",
            "text",
            "Programme name",
            description_id="Nama program",
            required=True,
            aliases=("nama_program",),
        ),
        Column(
            "opd",
            "text",
            "Responsible agency (OPD) or body",
            description_id="Perangkat daerah (OPD) atau lembaga penanggung jawab",
            required=True,
            aliases=("perangkat_daerah", "instansi"),
        ),
        Column(
            "funding_source",
            "text",
            "Funding source",
            description_id="Sumber dana",
            required=True,
            allowed=FUNDING_SOURCES,
            aliases=("sumber_dana",),
        ),
        Column(
            "programme_group",
            "text",
            "Permendagri 53/2020 group",
            description_id="Kelompok program menurut Permendagri 53/2020",
            required=True,
            allowed=PROGRAMME_GROUPS,
            aliases=("kelompok_program",),
        ),
        Column(
            "target_rule",
            "text",
            "Who the programme is meant for (free text)",
            description_id="Sasaran program (teks bebas)",
            aliases=("sasaran",),
        ),
    ),
    primary_key=("programme_code",),
)

BENEFICIARIES = Table(
    "beneficiaries",
    "Households reached by a programme in a year.",
    description_id="Rumah tangga penerima program dalam satu tahun.",
    columns=(
        Column(
            "programme_code",
            "text",
            "Programme code",
            description_id="Kode program",
            required=True,
            aliases=("kode_program", "program"),
        ),
        Column(
            "year",
            "int",
            "Year",
            description_id="Tahun",
            required=True,
            min=2000,
            max=2100,
            aliases=("tahun",),
        ),
        Column(
            "hh_id",
            "text",
            "Household identifier (as in households)",
            description_id="Identitas rumah tangga (sama dengan di tabel households)",
            required=True,
            aliases=("id_rt", "idrt", "id_keluarga"),
        ),
        Column(
            "amount_rp",
            "float",
            "Benefit received in the year",
            description_id="Nilai bantuan yang diterima dalam tahun tersebut",
            unit="Rp/year",
            min=0,
            aliases=("nilai_bantuan", "amount", "nominal"),
        ),
    ),
    primary_key=("programme_code", "year", "hh_id"),
    partition="year",
)

BUDGETS = Table(
    "budgets",
    "Budget allocation and realisation per programme, district and year.",
    description_id="Pagu dan realisasi anggaran per program, distrik dan tahun.",
    columns=(
        Column(
            "year",
            "int",
            "Budget year",
            description_id="Tahun anggaran",
            required=True,
            min=2000,
            max=2100,
            aliases=("tahun",),
        ),
        Column(
            "programme_code",
            "text",
            "Programme code",
            description_id="Kode program",
            required=True,
            aliases=("kode_program", "program"),
        ),
        Column(
            "district_code",
            "text",
            "District (empty = regency-wide)",
            description_id="Distrik (kosong = tingkat kabupaten)",
            aliases=("kode_kecamatan", "kode_distrik", "kecamatan", "distrik"),
        ),
        Column(
            "opd",
            "text",
            "Spending agency (OPD)",
            description_id="Perangkat daerah (OPD) pelaksana anggaran",
            required=True,
            aliases=("perangkat_daerah",),
        ),
        Column(
            "funding_source",
            "text",
            "Funding source",
            description_id="Sumber dana",
            required=True,
            allowed=FUNDING_SOURCES,
            aliases=("sumber_dana",),
        ),
        Column(
            "allocated_rp",
            "float",
            "Allocated (pagu)",
            description_id="Pagu anggaran",
            unit="Rp",
            required=True,
            min=0,
            aliases=("pagu", "anggaran", "alokasi"),
        ),
        Column(
            "realised_rp",
            "float",
            "Realised spending",
            description_id="Realisasi belanja",
            unit="Rp",
            required=True,
            min=0,
            aliases=("realisasi",),
        ),
    ),
    primary_key=("year", "programme_code", "district_code"),
    partition="year",
)

OFFICIAL_SERIES = Table(
    "official_series",
    "Published figures (BPS and releases) for Mimika, Papua Tengah, Papua and Indonesia.",
    description_id="Angka resmi yang dipublikasikan (BPS dan rilis lain) untuk Mimika, Papua "
    "Tengah, Papua dan Indonesia.",
    columns=(
        Column(
            "area_code",
            "text",
            "94.04 Mimika, 94 Papua Tengah, 91 Papua, ID Indonesia",
            description_id="Kode wilayah: 94.04 Mimika, 94 Papua Tengah, 91 Papua, ID Indonesia",
            required=True,
        ),
        Column(
            "area_name",
            "text",
            "Area name",
            description_id="Nama wilayah",
            required=True,
        ),
        Column(
            "indicator",
            "text",
            "p0, p1, p2, poor_people, poverty_line, gini, ...",
            description_id="Kode indikator: p0, p1, p2, poor_people (jumlah penduduk miskin), "
            "poverty_line (garis kemiskinan), gini, ...",
            required=True,
        ),
        Column("year", "int", "Year", description_id="Tahun", required=True),
        Column(
            "period",
            "text",
            "March, August or year",
            description_id="March (Maret), August (Agustus) atau year (angka tahunan)",
            required=True,
        ),
        Column(
            "value",
            "float",
            "Published value (unit in 'unit')",
            description_id="Nilai yang dipublikasikan (satuannya di kolom 'unit')",
            required=True,
        ),
        Column(
            "unit",
            "text",
            "percent, index, people, rupiah_per_capita_month",
            description_id="percent (persen), index (indeks), people (jiwa), "
            "rupiah_per_capita_month (rupiah per kapita per bulan)",
            required=True,
        ),
        Column(
            "status",
            "text",
            "reported, or disputed with the reason",
            description_id="reported (dilaporkan), atau disputed (diragukan) beserta alasannya",
            required=True,
        ),
        Column(
            "source",
            "text",
            "Where the figure was published",
            description_id="Tempat angka dipublikasikan",
            required=True,
        ),
    ),
    primary_key=("area_code", "indicator", "year", "period"),
    kind="reference",
)

TARGETS = Table(
    "targets",
    "RPKD 2025-2029 targets per indicator, area and year.",
    description_id="Target RPKD 2025-2029 per indikator, wilayah dan tahun.",
    columns=(
        Column(
            "indicator",
            "text",
            "p0, p1, p2, gini, ...",
            description_id="Kode indikator: p0, p1, p2, gini, ...",
            required=True,
            aliases=("indikator",),
        ),
        Column(
            "area",
            "text",
            "all (regency) or a zone",
            description_id="all (kabupaten) atau salah satu zona",
            required=True,
            allowed=("all",) + ZONES,
            aliases=("wilayah",),
        ),
        Column(
            "year",
            "int",
            "Target year",
            description_id="Tahun target",
            required=True,
            min=2000,
            max=2100,
            aliases=("tahun",),
        ),
        Column(
            "target_value",
            "float",
            "Target in the unit shown",
            description_id="Nilai target dalam satuan yang tercantum",
            required=True,
            aliases=("target",),
        ),
        Column(
            "unit",
            "text",
            "percent or index",
            description_id="percent (persen) atau index (indeks)",
            required=True,
            aliases=("satuan",),
        ),
        Column(
            "is_placeholder",
            "bool",
            "True where no published target exists (edit it)",
            description_id="True bila belum ada target resmi yang dipublikasikan (perlu diubah)",
            required=True,
        ),
        Column(
            "source",
            "text",
            "Where the target comes from",
            description_id="Sumber target",
            required=True,
            aliases=("sumber",),
        ),
    ),
    primary_key=("indicator", "area", "year"),
    kind="reference",
)

ZONE_MAPPING = Table(
    "zone_mapping",
    "Import format to reclassify districts into zones (updates districts.zone).",
    description_id="Format impor untuk mengubah pembagian distrik ke dalam zona (memperbarui "
    "districts.zone).",
    columns=(
        Column(
            "district_code",
            "text",
            "District (Kemendagri, BPS code or name)",
            description_id="Distrik (kode Kemendagri, kode BPS atau nama)",
            required=True,
            aliases=("kode_kecamatan", "kecamatan", "distrik"),
        ),
        Column(
            "zone",
            "text",
            "New zone",
            description_id="Zona baru",
            required=True,
            allowed=ZONES,
            aliases=("zona",),
        ),
    ),
    primary_key=("district_code",),
    extra={"virtual": True},
)

PROVENANCE = Table(
    "provenance",
    "Where each table's rows (per year) came from: demo generator or an import.",
    description_id="Asal baris setiap tabel (per tahun): pembangkit data demo atau impor.",
    columns=(
        Column("table_name", "text", "Table", description_id="Tabel", required=True),
        Column(
            "year",
            "int",
            "Year (0 for tables without years)",
            description_id="Tahun (0 untuk tabel tanpa tahun)",
            required=True,
        ),
        Column(
            "source_kind",
            "text",
            "demo or import",
            description_id="demo (data demo) atau import (hasil impor)",
            required=True,
            allowed=("demo", "import"),
        ),
        Column(
            "file_name",
            "text",
            "File the rows came from",
            description_id="Berkas asal baris-baris tersebut",
        ),
        Column("sha256", "text", "SHA-256 of that file", description_id="SHA-256 berkas tersebut"),
        Column("loaded_at", "timestamp", "When", description_id="Waktu dimuat", required=True),
    ),
    primary_key=("table_name", "year"),
    kind="system",
)

IMPORT_LOG = Table(
    "import_log",
    "Every import attempt, accepted or refused.",
    description_id="Setiap percobaan impor, baik diterima maupun ditolak.",
    columns=(
        Column(
            "import_id",
            "int",
            "Sequence number",
            description_id="Nomor urut",
            required=True,
        ),
        Column(
            "attempted_at",
            "timestamp",
            "When",
            description_id="Waktu percobaan",
            required=True,
        ),
        Column(
            "table_name",
            "text",
            "Target table",
            description_id="Tabel tujuan",
            required=True,
        ),
        Column("file_name", "text", "File name", description_id="Nama berkas", required=True),
        Column(
            "sha256",
            "text",
            "SHA-256 of the file",
            description_id="SHA-256 berkas",
            required=True,
        ),
        Column("rows", "int", "Rows read", description_id="Jumlah baris yang terbaca"),
        Column(
            "outcome",
            "text",
            "loaded, refused or failed",
            description_id="loaded (dimuat), refused (ditolak) atau failed (gagal)",
            required=True,
            allowed=("loaded", "refused", "failed"),
        ),
        Column("message", "text", "Summary of the outcome", description_id="Ringkasan hasil"),
        Column("user_name", "text", "Who ran it", description_id="Pengguna yang menjalankan"),
    ),
    primary_key=("import_id",),
    kind="system",
)

META = Table(
    "meta",
    "Key/value facts about the store (schema version, build time).",
    description_id="Keterangan kunci/nilai tentang basis data (versi skema, waktu pembuatan).",
    columns=(
        Column("key", "text", "Key", description_id="Kunci", required=True),
        Column("value", "text", "Value", description_id="Nilai"),
    ),
    primary_key=("key",),
    kind="system",
)

RAT_ACTIONS = Table(
    "rat_actions",
    "RAT (annual action plan) rows, append-only: every save adds a version; the current plan is the "
    "latest version of each action that is not deleted.",
    description_id="Baris RAT (Rencana Aksi Tahunan), hanya ditambah: setiap penyimpanan "
    "menambah satu versi; rencana yang berlaku adalah versi terakhir setiap kegiatan yang tidak "
    "dihapus.",
    columns=(
        Column(
            "action_id",
            "text",
            "Stable identifier of the action",
            description_id="Kode tetap kegiatan",
            required=True,
        ),
        Column(
            "version",
            "int",
            "Version of this action (1, 2, ...)",
            description_id="Versi kegiatan ini (1, 2, ...)",
            required=True,
            min=1,
        ),
        Column(
            "plan_year",
            "int",
            "Plan year (e.g. 2026)",
            description_id="Tahun rencana (misalnya 2026)",
            required=True,
            min=2000,
            max=2100,
        ),
        Column(
            "activity",
            "text",
            "Programme or activity",
            description_id="Program atau kegiatan",
            required=True,
        ),
        Column(
            "programme_code",
            "text",
            "Programme code, when the action is an existing programme",
            description_id="Kode program, bila kegiatan ini adalah program yang sudah berjalan",
        ),
        Column(
            "indicator",
            "text",
            "Output or outcome indicator",
            description_id="Indikator keluaran (output) atau hasil (outcome)",
            required=True,
        ),
        Column(
            "target_value",
            "float",
            "Target of the indicator",
            description_id="Target indikator",
            required=True,
        ),
        Column(
            "target_unit",
            "text",
            "Unit of the target",
            description_id="Satuan target",
            required=True,
        ),
        Column(
            "location_code",
            "text",
            "District or village code (Kemendagri)",
            description_id="Kode distrik atau kampung/kelurahan (Kemendagri)",
            required=True,
        ),
        Column(
            "budget_rp",
            "float",
            "Budget",
            description_id="Anggaran",
            unit="Rp",
            required=True,
            min=0,
        ),
        Column(
            "funding_source",
            "text",
            "Funding source",
            description_id="Sumber dana",
            required=True,
            allowed=FUNDING_SOURCES,
        ),
        Column(
            "opd",
            "text",
            "Responsible agency (OPD)",
            description_id="Perangkat daerah (OPD) penanggung jawab",
            required=True,
        ),
        Column(
            "target_group",
            "text",
            "Who the action is for (e.g. desil 1-2, OAP, perempuan)",
            description_id="Kelompok sasaran (misalnya desil 1-2, OAP, perempuan)",
        ),
        Column(
            "strategy",
            "text",
            "RPKD strategy (Permendagri 53/2020): beban = cut the expenditure burden of the poor, "
            "pendapatan = raise their income, umk = develop and sustain micro and small "
            "enterprises, sinergi = align poverty policies and programmes. Empty in versions "
            "saved before the column existed",
            description_id="Strategi RPKD (Permendagri 53/2020): beban = mengurangi beban "
            "pengeluaran masyarakat miskin, pendapatan = meningkatkan pendapatan masyarakat "
            "miskin, umk = mengembangkan dan menjamin keberlanjutan usaha mikro dan kecil, "
            "sinergi = mensinergikan kebijakan dan program penanggulangan kemiskinan. Kosong "
            "pada versi yang disimpan sebelum kolom ini ada",
            allowed=RAT_STRATEGIES,
            aliases=("strategi",),
        ),
        Column(
            "is_deleted",
            "bool",
            "True when this version deletes the action",
            description_id="True bila versi ini menghapus kegiatan",
            required=True,
        ),
        Column(
            "saved_at",
            "timestamp",
            "When this version was saved",
            description_id="Waktu versi ini disimpan",
            required=True,
        ),
        Column(
            "saved_by",
            "text",
            "Who saved it",
            description_id="Pengguna yang menyimpan",
            required=True,
        ),
    ),
    primary_key=("action_id", "version"),
    kind="system",
)

RAT_CEILINGS = Table(
    "rat_ceilings",
    "Budget ceiling (pagu indikatif) per plan year and funding source, for checking the RAT.",
    description_id="Pagu indikatif per tahun rencana dan sumber dana, untuk memeriksa RAT.",
    columns=(
        Column(
            "plan_year",
            "int",
            "Plan year",
            description_id="Tahun rencana",
            required=True,
            min=2000,
            max=2100,
            aliases=("tahun",),
        ),
        Column(
            "funding_source",
            "text",
            "Funding source",
            description_id="Sumber dana",
            required=True,
            allowed=FUNDING_SOURCES,
            aliases=("sumber_dana",),
        ),
        Column(
            "ceiling_rp",
            "float",
            "Ceiling",
            description_id="Pagu",
            unit="Rp",
            required=True,
            min=0,
            aliases=("pagu", "pagu_indikatif"),
        ),
        Column(
            "source",
            "text",
            "Where the ceiling comes from",
            description_id="Sumber angka pagu",
            required=True,
            aliases=("sumber",),
        ),
    ),
    primary_key=("plan_year", "funding_source"),
    kind="reference",
)

# Derived tables: written by the store writer (store.derived) after every write,
# never imported. They hold what does not depend on a query's parameters, so
# that the pages' common questions need one pass over the poor households only.
DESIGN_CELLS = Table(
    "design_cells",
    "Derived: one row per year, PSU, district and village with its households and "
    "persons (the survey design's cells).",
    description_id="Turunan: satu baris per tahun, PSU, distrik dan kampung dengan jumlah "
    "rumah tangga dan penduduknya (sel desain survei).",
    columns=(
        Column("year", "int", "Year", description_id="Tahun", required=True),
        Column(
            "psu_key",
            "int",
            "PSU number within the year (households.psu_key)",
            description_id="Nomor PSU dalam tahun (households.psu_key)",
        ),
        Column("strata", "text", "Sampling stratum", description_id="Strata sampel"),
        Column(
            "district_code",
            "text",
            "Kemendagri district code",
            description_id="Kode distrik Kemendagri",
            required=True,
        ),
        Column(
            "village_code",
            "text",
            "Kemendagri village code",
            description_id="Kode kampung Kemendagri",
        ),
        Column(
            "stratum_key",
            "int",
            "Stratum number within the year (sorted, NULL last)",
            description_id="Nomor strata dalam tahun (berurutan, kosong di akhir)",
        ),
        Column(
            "district_key",
            "int",
            "District number within the year (sorted)",
            description_id="Nomor distrik dalam tahun (berurutan)",
        ),
        Column(
            "village_key",
            "int",
            "Village number within the year (sorted, NULL last)",
            description_id="Nomor kampung dalam tahun (berurutan, kosong di akhir)",
        ),
        Column(
            "households",
            "int",
            "Households with consumption, weight and size",
            description_id="Rumah tangga dengan pengeluaran, bobot dan jumlah anggota",
            unit="households",
            required=True,
        ),
        Column(
            "population",
            "float",
            "Weighted persons",
            description_id="Jumlah jiwa tertimbang",
            unit="persons",
            required=True,
        ),
    ),
    kind="derived",
)

DESIGN_GINI = Table(
    "design_gini",
    "Derived: person-weighted Gini of consumption per capita per year and standard grouping.",
    description_id="Turunan: rasio Gini pengeluaran per kapita (tertimbang jiwa) per tahun "
    "dan tingkat pengelompokan baku.",
    columns=(
        Column("year", "int", "Year", description_id="Tahun", required=True),
        Column(
            "level",
            "text",
            "regency, zone, district or village",
            description_id="kabupaten, zona, distrik atau kampung",
            required=True,
        ),
        Column(
            "grp",
            "text",
            "Group key as text (all, zone, district or village code)",
            description_id="Kunci kelompok (all, zona, kode distrik atau kampung)",
        ),
        Column(
            "gini",
            "float",
            "Gini coefficient (0-1)",
            description_id="Rasio Gini (0-1)",
            required=True,
        ),
    ),
    kind="derived",
)

DERIVED_STATE = Table(
    "derived_state",
    "Derived: fingerprint of the household rows and zones each year's derived tables were "
    "built from.",
    description_id="Turunan: sidik data rumah tangga dan zona yang menjadi dasar tabel "
    "turunan setiap tahun.",
    columns=(
        Column("year", "int", "Year", description_id="Tahun", required=True),
        Column(
            "household_rows",
            "int",
            "Household rows of the year",
            description_id="Jumlah baris rumah tangga tahun itu",
            unit="households",
            required=True,
        ),
        Column(
            "fingerprint",
            "text",
            "Order-free hash of the design columns",
            description_id="Hash kolom desain (tidak bergantung urutan)",
            required=True,
        ),
        Column(
            "zones",
            "text",
            "Hash of the district -> zone mapping",
            description_id="Hash pemetaan distrik -> zona",
            required=True,
        ),
        Column(
            "nested",
            "bool",
            "Every household has a PSU, each PSU in one village",
            description_id="Setiap rumah tangga memiliki PSU, setiap PSU dalam satu kampung",
            required=True,
        ),
    ),
    primary_key=("year",),
    kind="derived",
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        DISTRICTS,
        VILLAGES,
        HOUSEHOLDS,
        POVERTY_LINES,
        PROGRAMMES,
        BENEFICIARIES,
        BUDGETS,
        OFFICIAL_SERIES,
        TARGETS,
        ZONE_MAPPING,
        PROVENANCE,
        IMPORT_LOG,
        META,
        RAT_ACTIONS,
        RAT_CEILINGS,
        DESIGN_CELLS,
        DESIGN_GINI,
        DERIVED_STATE,
    )
}

# Tables a user may import into (the CLI's `rpkd import TABLE`).
IMPORTABLE = (
    "households",
    "beneficiaries",
    "programmes",
    "budgets",
    "poverty_lines",
    "targets",
    "zone_mapping",
    "rat_ceilings",
)

# 2: RAT actions and ceilings added.
# 3: households.psu_key and the derived design tables (store.derived).
# 4: rat_actions.strategy (RPKD strategy of each RAT action).
SCHEMA_VERSION = "4"


def ddl(table: Table) -> str:
    """CREATE TABLE statement for one declared table."""
    cols = []
    for c in table.columns:
        null = " NOT NULL" if c.required else ""
        cols.append(f"{c.name} {c.duck_type}{null}")
    # Large partitioned tables carry no index: uniqueness is checked at the door
    # (ingest.checks), which keeps bulk loads fast and memory flat.
    if table.primary_key and table.partition is None:
        cols.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    return f"CREATE TABLE IF NOT EXISTS {table.name} (\n  " + ",\n  ".join(cols) + "\n)"


def all_ddl() -> list[str]:
    """DDL for every stored (non-virtual) table."""
    return [ddl(t) for t in TABLES.values() if not t.extra.get("virtual")]
