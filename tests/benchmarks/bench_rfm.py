"""Benchmark: the RFM refresh (scores, customer value and every ready-made segment) of
1,000,000 persons with 5,000,000 confirmed orders.

Runs the scheduled job as Odoo's cron runs it: one batch per call, each committed, until
the run is done; the first run scores everyone (from scratch), the second finds nothing
changed. Reports the time of each, the process's memory after each batch (flat: a batch
holds only its own rows) and the peak. Targets (issue "Classify customers"): under 5
minutes for 1,000,000 persons and 5,000,000 orders, under 30 s for 100,000 persons.

The data is made once and kept (rerunning reuses it), in bulk SQL from one real person,
organisation, role, confirmed order and posted credit note made through the ORM:
  - the persons, one organisation per 50 persons and one role per 10 persons;
  - the orders over the last 30 months (so some fall outside the 24-month window), 90%
    private purchases of persons and 10% made in their roles, with amounts and margins
    (some negative) set as sale_margin stores them;
  - one posted credit note per 100 orders.

Usage (Odoo at ODOO_PATH, database created by this script when missing):
    ~/.venvs/odoo-18.0/bin/python tests/benchmarks/bench_rfm.py
        [--db crm_bench_rfm] [--persons 1000000] [--orders 5000000]
"""

import argparse
import resource
import sys
import time

from bench_common import columns, open_registry

import odoo
from odoo import Command

TARGETS = {1_000_000: 300, 100_000: 30}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="crm_bench_rfm")
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--orders", type=int, default=5_000_000)
    parser.add_argument(
        "--data-only", action="store_true", help="make the data and stop, without a refresh"
    )
    return parser.parse_args()


def rss_mib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def copy_rows(cr, table, template_id, count, overrides, skip=(), first=1):
    """Insert count rows copying the template's columns but those overridden, which are
    SQL expressions of n (first..first + count - 1) and id (the new row's id)."""
    cols = columns(cr, table, {"id", *overrides, *skip})
    # The foreign keys' checks keep the plans they got when the table was nearly empty:
    # a scan of the table for every row inserted (commercial_partner_id is a partner's).
    # Planned again here, on the indexes.
    cr.execute("SET LOCAL enable_seqscan = off")
    cr.execute("DISCARD PLANS")
    plain = ", ".join(f'"{col}"' for col in cols)
    copied = ", ".join(f't."{col}"' for col in cols)
    names = ", ".join(f'"{col}"' for col in overrides)
    values = ", ".join(overrides.values())
    cr.execute(
        f"""
        INSERT INTO {table} (id, {names}, {plain})
        SELECT s.id, {values}, {copied}
          FROM (SELECT nextval('{table}_id_seq') AS id, n
                  FROM generate_series({int(first)}::bigint, {int(first + count - 1)}) AS n) s
          JOIN {table} t ON t.id = {int(template_id)}
        """
    )


def make_data(env, persons, orders):
    cr = env.cr
    started = time.perf_counter()
    Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
    cr.execute("SELECT id FROM res_partner WHERE name = 'Bench RFM Template'")
    row = cr.fetchone()
    if row:
        person = Partner.browse(row[0])
        order = env["sale.order"].search([("partner_id", "=", person.id)], limit=1)
        refund = env["account.move"].search([("partner_id", "=", person.id)], limit=1)
    else:
        person, order, refund = make_templates(env)
    organisation = person.role_ids.parent_id
    role = person.role_ids

    def first(pattern):
        cr.execute("SELECT min(id), count(*) FROM res_partner WHERE name LIKE %s", [pattern])
        return cr.fetchone()

    if first("Bench RFM Person %")[1] < persons:
        print(f"creating {persons} persons in bulk...", flush=True)
        copy_rows(cr, "res_partner", person.id, persons, {
            "name": "'Bench RFM Person ' || n", "complete_name": "'Bench RFM Person ' || n",
            "firstname": "'Bench'", "lastname": "'RFM Person ' || n",
            "commercial_partner_id": "s.id",
        })  # fmt: skip
        cr.commit()
    first_person = first("Bench RFM Person %")[0]
    organisations = max(persons // 50, 1)
    roles = persons // 10
    if first("Bench RFM Org %")[1] < organisations:
        print(f"creating {organisations} organisations and {roles} roles...", flush=True)
        copy_rows(cr, "res_partner", organisation.id, organisations, {
            "name": "'Bench RFM Org ' || n", "complete_name": "'Bench RFM Org ' || n",
            "lastname": "'Bench RFM Org ' || n", "commercial_partner_id": "s.id",
        }, skip={"firstname"})  # fmt: skip
        first_org = first("Bench RFM Org %")[0]
        copy_rows(cr, "res_partner", role.id, roles, {
            "name": "'Bench RFM Role ' || n",
            "complete_name": "'Bench RFM Role ' || n",
            "role_person_id": f"{first_person} + n * 10 - 1",
            "parent_id": f"{first_org} + n % {organisations}",
            "commercial_partner_id": f"{first_org} + n % {organisations}",
        })  # fmt: skip
        cr.commit()
    first_role = first("Bench RFM Role %")[0]
    cr.execute("SELECT count(*) FROM sale_order WHERE name LIKE 'BENCH-RFM/%%'")
    have = cr.fetchone()[0]
    step = 1_000_000
    for start in range(have, orders, step):
        count = min(step, orders - start)
        # 90% a person's private order, 10% one of a role; over 30 months.
        partner = (
            f"CASE WHEN n % 10 = 0 THEN {first_role} + (n * 7919) % {roles} "
            f"ELSE {first_person} + (n * 104729) % {persons} END"
        )
        # n runs on from chunk to chunk: each chunk's orders go to other partners and dates.
        copy_rows(cr, "sale_order", order.id, count, {
            "name": "'BENCH-RFM/' || n",
            "partner_id": partner, "partner_invoice_id": partner, "partner_shipping_id": partner,
            "date_order": "now() at time zone 'UTC' - ((n * 37) % 913) * interval '1 day'",
            "amount_untaxed": "(n * 13) % 500 + 5", "amount_total": "(n * 13) % 500 + 5",
            "margin": "((n * 13) % 500 + 5) * (((n * 31) % 70) - 10) / 100.0",
        }, first=start + 1)  # fmt: skip
        cr.commit()
        print(f"  {start + count} orders ({time.perf_counter() - started:.0f} s)", flush=True)
    cr.execute("SELECT count(*) FROM account_move WHERE name LIKE 'BENCH-RFM/RF/%%'")
    if not cr.fetchone()[0]:
        copy_rows(cr, "account_move", refund.id, orders // 100, {
            "name": "'BENCH-RFM/RF/' || n",
            "partner_id": f"{first_person} + (n * 7) % {persons}",
            "commercial_partner_id": f"{first_person} + (n * 7) % {persons}",
            "invoice_date": "current_date - (n % 700)::int",
            "date": "current_date - (n % 700)::int",
            "amount_untaxed_signed": "-((n % 50) + 1)",
        }, skip={"sequence_prefix", "sequence_number"})  # fmt: skip
        cr.execute("ANALYZE res_partner; ANALYZE sale_order; ANALYZE account_move")
        cr.commit()
    print(f"data ready in {time.perf_counter() - started:.0f} s", flush=True)


def make_templates(env):
    """One person with a role at an organisation, a confirmed order and a posted credit
    note, made through the ORM: the rows the bulk copies start from."""
    Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
    person = Partner.create({"crm_kind": "person", "name": "Bench RFM Template"})
    organisation = Partner.create({"crm_kind": "organisation", "name": "Bench RFM Org Template"})
    Partner.create({"crm_kind": "role", "role_person_id": person.id, "parent_id": organisation.id})
    product = env["product.product"].create(
        {"name": "Bench RFM product", "list_price": 100.0, "standard_price": 60.0}
    )
    order = env["sale.order"].create(
        {
            "partner_id": person.id,
            "order_line": [Command.create({"product_id": product.id, "price_unit": 100.0})],
        }
    )
    order.action_confirm()
    refund = env["account.move"].create(
        {
            "move_type": "out_refund",
            "partner_id": person.id,
            "invoice_date": odoo.fields.Date.today(),
            "invoice_line_ids": [Command.create({"product_id": product.id, "price_unit": 20.0,
                                                 "tax_ids": [Command.clear()]})],
        }
    )  # fmt: skip
    refund.action_post()
    env.flush_all()
    env.cr.commit()
    return person, order, refund


def refresh(registry):
    """One refresh run through the scheduled job, batch by batch, committed."""
    memory = []
    start = time.perf_counter()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Run = env["crm.rfm.run"]
        Run._crm_rfm_cron()
        cr.commit()
        run = Run.search([], limit=1)
        while run.job_state in ("queued", "running"):
            Run._crm_rfm_cron()
            cr.commit()
            memory.append(rss_mib())
        elapsed = time.perf_counter() - start
        result = (run.job_state, run.scored_count, run.segment_count, run.job_error)
        cr.execute(
            """SELECT crm_rfm_segment, count(*) FROM res_partner
                WHERE crm_kind = 'person' GROUP BY 1 ORDER BY 2 DESC"""
        )
        segments = cr.fetchall()
    return elapsed, memory, result, segments


def main():
    args = parse_args()
    registry = open_registry(args.db, "crm_relationship_model,crm_household")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        make_data(env, args.persons, args.orders)
        cr.execute("SELECT count(*) FROM res_partner WHERE crm_kind = 'person'")
        persons = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM sale_order WHERE state = 'sale'")
        orders = cr.fetchone()[0]
    print(f"database: {persons} persons, {orders} confirmed orders", flush=True)
    if args.data_only:
        return 0
    before = rss_mib()
    scratch, memory, result, segments = refresh(registry)
    print(f"refresh from scratch: {scratch:.1f} s, run {result}")
    print(f"RFM segments of persons: {segments}")
    steady, memory2, result2, _segments = refresh(registry)
    print(f"refresh, nothing changed: {steady:.1f} s, run {result2}")
    memory += memory2
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"memory: {before:.0f} MiB before; after each batch {min(memory):.0f} to "
        f"{max(memory):.0f} MiB; peak {peak:.0f} MiB"
    )
    target = TARGETS.get(args.persons)
    if target:
        print(f"target: under {target} s")
    return 0 if not target or scratch < target else 1


if __name__ == "__main__":
    sys.exit(main())
