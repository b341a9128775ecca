"""Benchmark: classifying a database of 100,000 plain contacts (adopting it).

Makes, in bulk SQL, the contacts a database has before the addon: 8,000 companies,
80,000 contacts of companies (30,000 of them the same human as a contact at another
company: by the same email, or by the same name and mobile in another notation) and
12,000 private contacts (5,000 of them the same human as a company contact). Then it
runs the adoption as the menu does (a commit per batch) and reports its time, the
process's peak memory and what it did; and EXPLAINs the door check's name search, which
must use the trigram index. Target (issue "Adopting an existing database"): under 3
minutes, memory that does not grow with the number of contacts (compare --scale 0.25).

Each run deletes the previous run's contacts and makes them anew (a few seconds).

Usage (Odoo at ODOO_PATH, database created by this script when missing):
    ~/.venvs/odoo-18.0/bin/python tests/benchmarks/bench_adoption.py --db crm_bench_adoption
        [--scale 1.0]
"""

import argparse
import resource
import sys
import time

from bench_common import open_registry

import odoo
from odoo.tools import SQL

TARGET_SECONDS = 180
FIRST_NAMES = 240
LAST_NAMES = 310
CITIES = 60


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="crm_bench_adoption")
    parser.add_argument("--scale", type=float, default=1.0)
    return parser.parse_args()


def columns(cr, skip):
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'res_partner' AND column_name <> ALL(%s)
            ORDER BY ordinal_position""",
        [list(skip)],
    )
    return [row[0] for row in cr.fetchall()]


def make_contacts(env, scale):
    """Delete the previous run's contacts (every partner after the marker) and make them."""
    cr = env.cr
    cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'bench.adoption.first_id'")
    row = cr.fetchone()
    if row:
        cr.execute("DELETE FROM crm_duplicate_pair")
        cr.execute("DELETE FROM res_partner WHERE id >= %s", [int(row[0])])
    template = (
        env["res.partner"]
        .with_context(tracking_disable=True)
        .create({"name": "Bench Adoption Template"})
    )
    env.flush_all()
    env["ir.config_parameter"].set_param("bench.adoption.first_id", template.id)
    companies, humans, duplicates = int(8000 * scale), int(50000 * scale), int(30000 * scale)
    matched_private, own_private = int(5000 * scale), int(7000 * scale)
    skip = {
        "id", "name", "complete_name", "parent_id", "is_company", "commercial_partner_id",
        "email", "email_normalized", "mobile", "city", "crm_kind", "type",
    }  # fmt: skip
    cols = columns(cr, skip)
    plain = ", ".join(f'"{col}"' for col in cols)
    copied = ", ".join(f't."{col}"' for col in cols)

    def insert(select_sql, params):
        cr.execute(
            f"""
            INSERT INTO res_partner (name, complete_name, parent_id, is_company,
                   commercial_partner_id, email, email_normalized, mobile, city, type, {plain})
            SELECT v.name, v.name, v.parent_id, v.is_company, v.parent_id, v.email,
                   lower(v.email), v.mobile, v.city, 'contact', {copied}
              FROM ({select_sql}) AS v JOIN res_partner t ON t.id = %(template)s
            """,
            dict(params, template=template.id),
        )

    human_name = f"""
        'First' || ((h * 7) %% {FIRST_NAMES}) || ' Last' || ((h * 13) %% {LAST_NAMES})
    """
    insert(
        """SELECT 'Bench Company ' || g AS name, NULL::int AS parent_id, true AS is_company,
                  'info@company' || g || '.example' AS email, NULL AS mobile,
                  'City' || (g %% 60) AS city
             FROM generate_series(0, %(companies)s - 1) g""",
        {"companies": companies},
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id"
        " WHERE parent_id IS NULL AND commercial_partner_id IS NULL"
    )
    cr.execute(
        "SELECT min(id) FROM res_partner WHERE name LIKE 'Bench Company %%' AND id > %s",
        [template.id],
    )
    first_company = cr.fetchone()[0]
    # Each human once at a company; the first 'duplicates' once more at the next company,
    # a third of them with the same email, the others with the same name and mobile.
    insert(
        f"""SELECT {human_name} AS name, %(first)s + (h %% %(companies)s) AS parent_id,
                  false AS is_company,
                  'h' || h || '@company' || (h %% %(companies)s) || '.example' AS email,
                  '+31 6 ' || lpad(h::text, 8, '0') AS mobile, NULL AS city
             FROM generate_series(0, %(humans)s - 1) h
           UNION ALL
           SELECT {human_name}, %(first)s + ((h + 1) %% %(companies)s), false,
                  CASE WHEN h %% 3 = 0 THEN 'h' || h || '@company' || (h %% %(companies)s)
                       ELSE 'h' || h || '@other' || ((h + 1) %% %(companies)s) END
                  || '.example',
                  '06-' || lpad(h::text, 8, '0'), NULL
             FROM generate_series(0, %(duplicates)s - 1) h""",
        {
            "first": first_company,
            "companies": companies,
            "humans": humans,
            "duplicates": duplicates,
        },
    )
    # Private contacts: some of them a human who is also at a company.
    insert(
        f"""SELECT {human_name} AS name, NULL::int AS parent_id, false AS is_company,
                  'private' || h || '@mail.example' AS email,
                  '0031 (0)6 ' || lpad(h::text, 8, '0') AS mobile,
                  'City' || (h %% {CITIES}) AS city
             FROM (SELECT generate_series(0, %(matched)s - 1) AS h
                   UNION ALL
                   SELECT generate_series(%(humans)s, %(humans)s + %(own)s - 1)) AS humans""",
        {"matched": matched_private, "own": own_private, "humans": humans},
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL"
    )
    cr.execute("DELETE FROM res_partner WHERE id = %s", [template.id])
    cr.execute("ANALYZE res_partner")
    env.invalidate_all()
    return companies + humans + duplicates + matched_private + own_private


def explain_door_check(env):
    Partner = env["res.partner"]
    captured = []
    execute = env.cr.execute

    def capture(query, params=None, log_exceptions=True):
        if "similarity(name" in str(getattr(query, "code", query)):
            captured.append(query)
        return execute(query, params, log_exceptions)

    env.cr.execute = capture
    try:
        # A name as a user types it for a new person. Not one of the generated
        # "FirstN LastM" names: those all look alike (a quarter of the persons are
        # "similar" to each), and the planner rightly reads them without the index.
        Partner._crm_find_likely_persons("Jozefien Vandenbroucke", None, None, None)
    finally:
        env.cr.execute = execute
    env.cr.execute(SQL("EXPLAIN %s", captured[0]))
    return "\n".join(row[0] for row in env.cr.fetchall())


def main():
    args = parse_args()
    registry = open_registry(args.db, "crm_relationship_model")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        started = time.perf_counter()
        count = make_contacts(env, args.scale)
        print(f"made {count} plain contacts in {time.perf_counter() - started:.1f} s", flush=True)
    memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        started = time.perf_counter()
        run = env["crm.adoption.run"]._adopt_existing_contacts(commit=True)
        seconds = time.perf_counter() - started
        memory_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(run.summary)
        print(
            f"classified {count} contacts in {seconds:.1f} s (target under {TARGET_SECONDS} s); "
            f"peak memory {memory_before / 1024:.0f} MiB before, "
            f"{memory_after / 1024:.0f} MiB after",
            flush=True,
        )
        # The statistics were taken before the run, when no contact was a person yet.
        env.cr.execute("ANALYZE res_partner")
        plan = explain_door_check(env)
        print("door check by name:\n" + plan)
        uses_index = "res_partner_crm_name_trgm_index" in plan
        print(f"door check uses the trigram index: {uses_index}")
    return 0 if seconds < TARGET_SECONDS and uses_index else 1


if __name__ == "__main__":
    sys.exit(main())
