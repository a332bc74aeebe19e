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

    @property
    def duck_type(self) -> str:
        return DUCK_TYPES[self.type]


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

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _dep(name: str, meaning: str) -> Column:
    return Column(name, "bool", f"Deprived: {meaning} (MPI indicator)")


DISTRICTS = Table(
    "districts",
    "Mimika's 18 districts (distrik) with zone and population.",
    (
        Column("district_code", "text", "Kemendagri district code, e.g. 94.04.01", required=True),
        Column("bps_code", "text", "BPS district code, e.g. 9412030", required=True),
        Column("name", "text", "District name", required=True),
        Column("zone", "text", "Zone used in the RPKD", required=True, allowed=ZONES),
        Column("area_km2", "float", "Area computed from the boundary (not official)", unit="km2"),
        Column("population_2020", "int", "Population, Census 2020", unit="persons"),
        Column("population_2025", "int", "Population, Dukcapil late 2025", unit="persons"),
        Column("label_lon", "float", "Label point longitude (inside the polygon)", unit="deg"),
        Column("label_lat", "float", "Label point latitude (inside the polygon)", unit="deg"),
        Column("geometry_geojson", "text", "Boundary as a GeoJSON geometry, WGS84"),
    ),
    primary_key=("district_code",),
    kind="reference",
)

VILLAGES = Table(
    "villages",
    "Mimika's 152 villages (133 kampung, 19 kelurahan).",
    (
        Column(
            "village_code", "text", "Kemendagri village code, e.g. 94.04.01.1001", required=True
        ),
        Column("name", "text", "Village name", required=True),
        Column(
            "village_type", "text", "Kampung or kelurahan", required=True, allowed=VILLAGE_TYPES
        ),
        Column("district_code", "text", "Kemendagri district code", required=True),
        Column("area_km2", "float", "Area computed from the boundary (not official)", unit="km2"),
        Column("label_lon", "float", "Label point longitude", unit="deg"),
        Column("label_lat", "float", "Label point latitude", unit="deg"),
        Column("geometry_geojson", "text", "Boundary as a GeoJSON geometry, WGS84"),
    ),
    primary_key=("village_code",),
    kind="reference",
)

HOUSEHOLDS = Table(
    "households",
    "Household records: survey extract (Susenas) or registry (DTSEN), one row per household.",
    (
        Column(
            "year",
            "int",
            "Survey or registry year",
            required=True,
            min=2000,
            max=2100,
            aliases=("tahun",),
        ),
        Column(
            "hh_id",
            "text",
            "Household identifier, unique within a year",
            required=True,
            aliases=("id_rt", "idrt", "no_kk_pseudo", "kode_rt", "id_keluarga"),
        ),
        Column(
            "district_code",
            "text",
            "Kemendagri district code (BPS code or name accepted at import)",
            required=True,
            aliases=("kode_kecamatan", "kode_distrik", "kd_kec", "kecamatan", "distrik", "kdkec"),
        ),
        Column(
            "village_code",
            "text",
            "Kemendagri village code",
            aliases=("kode_desa", "kode_kampung", "kode_kelurahan", "kd_desa", "kdesa"),
        ),
        Column(
            "hh_size",
            "int",
            "Household members",
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
            unit="households",
            min=0,
            min_exclusive=True,
            default=1.0,
            aliases=("bobot", "penimbang", "fwt", "weind", "wert"),
        ),
        Column("strata", "text", "Sampling stratum", aliases=("strata_id", "stratum")),
        Column("psu", "text", "Primary sampling unit", aliases=("psu_id", "nks", "blok_sensus")),
        Column(
            "welfare_decile",
            "int",
            "DTSEN welfare decile (1 = poorest)",
            min=1,
            max=10,
            aliases=("desil", "desil_kesejahteraan", "decile"),
        ),
        Column(
            "head_female",
            "bool",
            "Household head is a woman",
            aliases=("krt_perempuan", "jenis_kelamin_krt", "jk_krt"),
        ),
        Column(
            "oap", "bool", "Orang Asli Papua household", aliases=("orang_asli_papua", "status_oap")
        ),
        _dep("dep_school_years", "no member aged 10+ completed 6 years of school"),
        _dep("dep_school_attendance", "a school-age child not attending school"),
        _dep("dep_nutrition", "a member undernourished"),
        _dep("dep_child_mortality", "a child died in the last 5 years"),
        _dep("dep_cooking_fuel", "cooks with wood, charcoal or dung"),
        _dep("dep_sanitation", "no improved sanitation"),
        _dep("dep_water", "no safe drinking water within 30 minutes"),
        _dep("dep_electricity", "no electricity"),
        _dep("dep_housing", "inadequate floor, roof or walls"),
        _dep("dep_assets", "owns at most one small asset and no car"),
        Column(
            "nik_hash",
            "text",
            "Keyed hash (HMAC-SHA256) of the head's NIK; the clear NIK is never stored",
            derived=True,
        ),
    ),
    primary_key=("year", "hh_id"),
    partition="year",
)

POVERTY_LINES = Table(
    "poverty_lines",
    "Poverty line per year for the regency.",
    (
        Column("year", "int", "Year", required=True, min=2000, max=2100),
        Column(
            "line_rp",
            "float",
            "Poverty line per capita per month",
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
            required=True,
            allowed=("published", "interpolated", "user"),
        ),
        Column("source", "text", "Where the figure comes from"),
    ),
    primary_key=("year",),
    kind="reference",
)

PROGRAMMES = Table(
    "programmes",
    "Poverty programmes with their agency (OPD), funding source and RPKD group.",
    (
        Column(
            "programme_code",
            "text",
            "Short code, e.g. PKH",
            required=True,
            aliases=("kode_program", "program_code"),
        ),
        Column("name", "text", "Programme name", required=True, aliases=("nama_program",)),
        Column(
            "opd",
            "text",
            "Responsible agency (OPD) or body",
            required=True,
            aliases=("perangkat_daerah", "instansi"),
        ),
        Column(
            "funding_source",
            "text",
            "Funding source",
            required=True,
            allowed=FUNDING_SOURCES,
            aliases=("sumber_dana",),
        ),
        Column(
            "programme_group",
            "text",
            "Permendagri 53/2020 group",
            required=True,
            allowed=PROGRAMME_GROUPS,
            aliases=("kelompok_program",),
        ),
        Column(
            "target_rule",
            "text",
            "Who the programme is meant for (free text)",
            aliases=("sasaran",),
        ),
    ),
    primary_key=("programme_code",),
)

BENEFICIARIES = Table(
    "beneficiaries",
    "Households reached by a programme in a year.",
    (
        Column(
            "programme_code",
            "text",
            "Programme code",
            required=True,
            aliases=("kode_program", "program"),
        ),
        Column("year", "int", "Year", required=True, min=2000, max=2100, aliases=("tahun",)),
        Column(
            "hh_id",
            "text",
            "Household identifier (as in households)",
            required=True,
            aliases=("id_rt", "idrt", "id_keluarga"),
        ),
        Column(
            "amount_rp",
            "float",
            "Benefit received in the year",
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
    (
        Column("year", "int", "Budget year", required=True, min=2000, max=2100, aliases=("tahun",)),
        Column(
            "programme_code",
            "text",
            "Programme code",
            required=True,
            aliases=("kode_program", "program"),
        ),
        Column(
            "district_code",
            "text",
            "District (empty = regency-wide)",
            aliases=("kode_kecamatan", "kode_distrik", "kecamatan", "distrik"),
        ),
        Column(
            "opd", "text", "Spending agency (OPD)", required=True, aliases=("perangkat_daerah",)
        ),
        Column(
            "funding_source",
            "text",
            "Funding source",
            required=True,
            allowed=FUNDING_SOURCES,
            aliases=("sumber_dana",),
        ),
        Column(
            "allocated_rp",
            "float",
            "Allocated (pagu)",
            unit="Rp",
            required=True,
            min=0,
            aliases=("pagu", "anggaran", "alokasi"),
        ),
        Column(
            "realised_rp",
            "float",
            "Realised spending",
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
    (
        Column(
            "area_code",
            "text",
            "94.04 Mimika, 94 Papua Tengah, 91 Papua, ID Indonesia",
            required=True,
        ),
        Column("area_name", "text", "Area name", required=True),
        Column(
            "indicator", "text", "p0, p1, p2, poor_people, poverty_line, gini, ...", required=True
        ),
        Column("year", "int", "Year", required=True),
        Column("period", "text", "March, August or year", required=True),
        Column("value", "float", "Published value (unit in 'unit')", required=True),
        Column("unit", "text", "percent, index, people, rupiah_per_capita_month", required=True),
        Column("status", "text", "reported, or disputed with the reason", required=True),
        Column("source", "text", "Where the figure was published", required=True),
    ),
    primary_key=("area_code", "indicator", "year", "period"),
    kind="reference",
)

TARGETS = Table(
    "targets",
    "RPKD 2025-2029 targets per indicator, area and year.",
    (
        Column("indicator", "text", "p0, p1, p2, gini, ...", required=True, aliases=("indikator",)),
        Column(
            "area",
            "text",
            "all (regency) or a zone",
            required=True,
            allowed=("all",) + ZONES,
            aliases=("wilayah",),
        ),
        Column("year", "int", "Target year", required=True, min=2000, max=2100, aliases=("tahun",)),
        Column(
            "target_value", "float", "Target in the unit shown", required=True, aliases=("target",)
        ),
        Column("unit", "text", "percent or index", required=True, aliases=("satuan",)),
        Column(
            "is_placeholder",
            "bool",
            "True where no published target exists (edit it)",
            required=True,
        ),
        Column("source", "text", "Where the target comes from", required=True, aliases=("sumber",)),
    ),
    primary_key=("indicator", "area", "year"),
    kind="reference",
)

ZONE_MAPPING = Table(
    "zone_mapping",
    "Import format to reclassify districts into zones (updates districts.zone).",
    (
        Column(
            "district_code",
            "text",
            "District (Kemendagri, BPS code or name)",
            required=True,
            aliases=("kode_kecamatan", "kecamatan", "distrik"),
        ),
        Column("zone", "text", "New zone", required=True, allowed=ZONES, aliases=("zona",)),
    ),
    primary_key=("district_code",),
    extra={"virtual": True},
)

PROVENANCE = Table(
    "provenance",
    "Where each table's rows (per year) came from: demo generator or an import.",
    (
        Column("table_name", "text", "Table", required=True),
        Column("year", "int", "Year (0 for tables without years)", required=True),
        Column("source_kind", "text", "demo or import", required=True, allowed=("demo", "import")),
        Column("file_name", "text", "File the rows came from"),
        Column("sha256", "text", "SHA-256 of that file"),
        Column("loaded_at", "timestamp", "When", required=True),
    ),
    primary_key=("table_name", "year"),
    kind="system",
)

IMPORT_LOG = Table(
    "import_log",
    "Every import attempt, accepted or refused.",
    (
        Column("import_id", "int", "Sequence number", required=True),
        Column("attempted_at", "timestamp", "When", required=True),
        Column("table_name", "text", "Target table", required=True),
        Column("file_name", "text", "File name", required=True),
        Column("sha256", "text", "SHA-256 of the file", required=True),
        Column("rows", "int", "Rows read"),
        Column(
            "outcome",
            "text",
            "loaded, refused or failed",
            required=True,
            allowed=("loaded", "refused", "failed"),
        ),
        Column("message", "text", "Summary of the outcome"),
        Column("user_name", "text", "Who ran it"),
    ),
    primary_key=("import_id",),
    kind="system",
)

META = Table(
    "meta",
    "Key/value facts about the store (schema version, build time).",
    (
        Column("key", "text", "Key", required=True),
        Column("value", "text", "Value"),
    ),
    primary_key=("key",),
    kind="system",
)

RAT_ACTIONS = Table(
    "rat_actions",
    "RAT (annual action plan) rows, append-only: every save adds a version; the current plan is the "
    "latest version of each action that is not deleted.",
    (
        Column("action_id", "text", "Stable identifier of the action", required=True),
        Column("version", "int", "Version of this action (1, 2, ...)", required=True, min=1),
        Column("plan_year", "int", "Plan year (e.g. 2026)", required=True, min=2000, max=2100),
        Column("activity", "text", "Programme or activity", required=True),
        Column(
            "programme_code", "text", "Programme code, when the action is an existing programme"
        ),
        Column("indicator", "text", "Output or outcome indicator", required=True),
        Column("target_value", "float", "Target of the indicator", required=True),
        Column("target_unit", "text", "Unit of the target", required=True),
        Column("location_code", "text", "District or village code (Kemendagri)", required=True),
        Column("budget_rp", "float", "Budget", unit="Rp", required=True, min=0),
        Column("funding_source", "text", "Funding source", required=True, allowed=FUNDING_SOURCES),
        Column("opd", "text", "Responsible agency (OPD)", required=True),
        Column("target_group", "text", "Who the action is for (e.g. desil 1-2, OAP, perempuan)"),
        Column("is_deleted", "bool", "True when this version deletes the action", required=True),
        Column("saved_at", "timestamp", "When this version was saved", required=True),
        Column("saved_by", "text", "Who saved it", required=True),
    ),
    primary_key=("action_id", "version"),
    kind="system",
)

RAT_CEILINGS = Table(
    "rat_ceilings",
    "Budget ceiling (pagu indikatif) per plan year and funding source, for checking the RAT.",
    (
        Column(
            "plan_year", "int", "Plan year", required=True, min=2000, max=2100, aliases=("tahun",)
        ),
        Column(
            "funding_source",
            "text",
            "Funding source",
            required=True,
            allowed=FUNDING_SOURCES,
            aliases=("sumber_dana",),
        ),
        Column(
            "ceiling_rp",
            "float",
            "Ceiling",
            unit="Rp",
            required=True,
            min=0,
            aliases=("pagu", "pagu_indikatif"),
        ),
        Column(
            "source", "text", "Where the ceiling comes from", required=True, aliases=("sumber",)
        ),
    ),
    primary_key=("plan_year", "funding_source"),
    kind="reference",
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
SCHEMA_VERSION = "2"


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
