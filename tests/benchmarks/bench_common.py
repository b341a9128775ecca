"""What the benchmark scripts share: Odoo as a library, and their database.

A benchmark keeps its database between runs (making the data takes minutes); the
first run creates it with the addons installed and no demo data.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository (this is tests/benchmarks/)
ODOO_PATH = Path(os.environ.get("ODOO_PATH", "/opt/odoo-18.0"))
sys.path.insert(0, str(ODOO_PATH))


def pg_environment():
    """The PG* variables the command-line tools get: the same defaults as odoo_config,
    so the database created belongs to the role Odoo connects as."""
    env = dict(os.environ)
    env.setdefault("PGHOST", "127.0.0.1")
    env.setdefault("PGPORT", "5432")
    env.setdefault("PGUSER", "odoo")
    return env


def odoo_config(db):
    """Odoo's command-line options for the benchmark database, from the PG* variables."""
    args = [
        f"--database={db}",
        f"--addons-path={ODOO_PATH}/addons,{ODOO_PATH}/odoo/addons,{ROOT}",
        f"--db_host={os.environ.get('PGHOST', '127.0.0.1')}",
        f"--db_port={os.environ.get('PGPORT', '5432')}",
        f"--db_user={os.environ.get('PGUSER', 'odoo')}",
        "--log-level=warn",
    ]
    if os.environ.get("PGPASSWORD"):
        args.append(f"--db_password={os.environ['PGPASSWORD']}")
    return args


def columns(cr, table, skip):
    """The columns of table but those in skip, in their order: what a bulk copy of a
    template row lists (every column the ORM filled, whatever addons are installed)."""
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = %s AND column_name <> ALL(%s) ORDER BY ordinal_position""",
        [table, list(skip)],
    )
    return [row[0] for row in cr.fetchall()]


def ensure_database(db, modules):
    """Create db with the given addons (comma-separated) unless it exists."""
    exists = subprocess.run(
        ["psql", "-d", "postgres", "-Atc", f"select 1 from pg_database where datname = '{db}'"],
        env=pg_environment(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists:
        return
    print(f"creating database {db} with {modules} (no demo data)...", flush=True)
    subprocess.run(["createdb", db], env=pg_environment(), check=True)
    subprocess.run(
        [
            sys.executable,
            str(ODOO_PATH / "odoo-bin"),
            *odoo_config(db),
            "-i",
            modules,
            "--without-demo=all",
            "--stop-after-init",
        ],
        check=True,
    )


def open_registry(db, modules):
    """The benchmark database's Odoo registry, the database created first with the
    given addons (comma-separated) when it is missing."""
    import odoo  # noqa: PLC0415 (importable only once ODOO_PATH is on sys.path, above)

    ensure_database(db, modules)
    odoo.tools.config.parse_config(odoo_config(db))
    return odoo.modules.registry.Registry(db)
