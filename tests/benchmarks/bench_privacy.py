"""Benchmark: the data subject's export, and the retention job's dry run.

1. The export of everything held about one person (``crm_privacy_export()``) who has
   10,000 contact moments (on the person, on its role, and mails addressed to it on
   orders) and 2,000 orders. Target (issue "Data protection"): under 10 s.
2. The retention job's dry run (``crm.privacy.retention.run``, the batches the
   scheduled action runs, each committed) over 100,000 persons with 200,000 orders and
   300,000 contact moments spread over ten years. Target: under 60 s, memory flat (the
   process's peak memory after the run against before it).

The data is made once and kept (rerunning reuses it), in bulk SQL copied from real
records made through the ORM.

Usage (Odoo at ODOO_PATH, database created by this script when missing):
    ~/.venvs/odoo-18.0/bin/python tests/benchmarks/bench_privacy.py
        [--db crm_bench_privacy] [--persons 100000] [--orders 200000] [--messages 300000]
"""

import argparse
import random
import resource
import sys
import time
from datetime import date, datetime, timedelta

from bench_common import columns, open_registry
from bench_household_status import copy_partners

import odoo
from odoo import Command

EXPORT_TARGET = 10
DRY_RUN_TARGET = 60


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="crm_bench_privacy")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--messages", type=int, default=300_000)
    return parser.parse_args()


def copy_orders(cr, template_id, partners, days, prefix):
    """Confirmed orders copied from the template, one per (partner, day)."""
    cols = columns(
        cr,
        "sale_order",
        {"id", "name", "partner_id", "partner_invoice_id", "partner_shipping_id", "date_order"},
    )
    plain = ", ".join(f'"{col}"' for col in cols)
    copied = ", ".join(f't."{col}"' for col in cols)
    cr.execute(
        f"""
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                date_order, {plain})
        SELECT %s || n.position, n.partner_id, n.partner_id, n.partner_id,
               n.day + time '10:00', {copied}
          FROM unnest(%s::int[], %s::date[]) WITH ORDINALITY AS n(partner_id, day, position)
          JOIN sale_order t ON t.id = %s
        """,
        [prefix, partners, days, template_id],
    )


def copy_messages(cr, res_ids, days, author_ids=None, addressed=None):
    """Comments on partners (res_ids), dated, optionally authored; addressed: ids of
    partners each message is sent to (on a sale order then)."""
    count = len(days)
    author_ids = author_ids or [None] * count
    model = "sale.order" if addressed else "res.partner"
    cr.execute(
        """
        INSERT INTO mail_message (model, res_id, message_type, body, date, author_id,
                                  create_uid, write_uid, create_date, write_date)
        SELECT %s, n.res_id, 'comment', '<p>Bench contact moment ' || n.position || '</p>',
               n.day, n.author_id, 1, 1, now(), now()
          FROM unnest(%s::int[], %s::timestamp[], %s::int[]) WITH ORDINALITY
               AS n(res_id, day, author_id, position)
        RETURNING id
        """,
        [model, res_ids, days, author_ids],
    )
    ids = [row[0] for row in cr.fetchall()]
    if addressed:
        cr.execute(
            """INSERT INTO mail_message_res_partner_rel (mail_message_id, res_partner_id)
               SELECT * FROM unnest(%s::int[], %s::int[])""",
            [ids, addressed],
        )


def make_data(env, args):
    cr = env.cr
    cr.execute("SELECT count(*) FROM res_partner WHERE name LIKE 'Bewaar%%'")
    if cr.fetchone()[0] >= args.persons:
        return
    print(f"creating {args.persons} persons, {args.orders} orders, {args.messages} moments...")
    rng = random.Random(13)
    Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
    template = Partner.create({"crm_kind": "person", "name": "Bench Template", "city": "Zwolle"})
    product = env["product.product"].create({"name": "Bench privacy product", "list_price": 9})
    order = env["sale.order"].create(
        {"partner_id": template.id, "order_line": [Command.create({"product_id": product.id})]}
    )
    order.action_confirm()
    env.flush_all()
    firstnames = [f"Bewaar{i}" for i in range(args.persons)]
    lastnames = [f"Persoon{i % 997}" for i in range(args.persons)]
    names = [f"{f} {last}" for f, last in zip(firstnames, lastnames, strict=True)]
    ids = copy_partners(cr, template.id, names, firstnames, lastnames)
    today = date.today()
    # Created over the last ten years: about half are past a two-year retention.
    cr.execute(
        """UPDATE res_partner SET create_date = now() - (id %% 3650) * interval '1 day'
            WHERE id = ANY(%s)""",
        [ids],
    )
    step = 50_000
    for start in range(0, args.orders, step):
        size = min(step, args.orders - start)
        copy_orders(
            cr,
            order.id,
            [rng.choice(ids) for _ in range(size)],
            [today - timedelta(days=rng.randrange(0, 3650)) for _ in range(size)],
            f"BENCH-PRIV/{start}/",
        )
        cr.commit()
    for start in range(0, args.messages, step):
        size = min(step, args.messages - start)
        copy_messages(
            cr,
            [rng.choice(ids) for _ in range(size)],
            [datetime.now() - timedelta(days=rng.randrange(0, 3650)) for _ in range(size)],
        )
        cr.commit()
    # The exported person: 2,000 orders, 10,000 moments (6,000 on the person, 2,000
    # on its role, 2,000 mails to it on its orders).
    organisation = Partner.create({"crm_kind": "organisation", "name": "Bench Werkgever"})
    subject = Partner.create(
        {"crm_kind": "person", "firstname": "Export", "lastname": "Subject",
         "email": "export.subject@example.org"}
    )
    role = Partner.create(
        {"crm_kind": "role", "role_person_id": subject.id, "parent_id": organisation.id}
    )
    env.flush_all()
    days = [today - timedelta(days=i % 3650) for i in range(2000)]
    copy_orders(cr, order.id, [subject.id] * 2000, days, "BENCH-EXPORT/")
    moments = [datetime.now() - timedelta(hours=i) for i in range(6000)]
    copy_messages(cr, [subject.id] * 6000, moments, [subject.id] * 6000)
    copy_messages(cr, [role.id] * 2000, moments[:2000])
    cr.execute("SELECT id FROM sale_order WHERE name LIKE 'BENCH-EXPORT/%%' ORDER BY id")
    order_ids = [row[0] for row in cr.fetchall()]
    copy_messages(cr, order_ids, moments[:2000], addressed=[subject.id] * 2000)
    env["privacy.activity"].create(
        {
            "name": "Bench customer relations",
            "crm_lawful_basis": "contract",
            "crm_retention_months": 24,
            "subject_find": True,
            "subject_domain": "[('crm_kind', '=', 'person')]",
        }
    )
    cr.execute("ANALYZE")
    cr.commit()


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    args = parse_args()
    registry = open_registry(args.db, "crm_relationship_model,crm_household")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        make_data(env, args)

    with registry.cursor() as cr:
        admin = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}).ref("base.user_admin")
        env = odoo.api.Environment(cr, admin.id, {})
        subject = env["res.partner"].search([("email", "=", "export.subject@example.org")])
        start = time.perf_counter()
        data = subject.crm_privacy_export()
        export_seconds = time.perf_counter() - start
        moments = len(data["contact_moments"])
        orders = len(data["orders"])
        cr.rollback()

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        run = env["crm.privacy.retention.run"].create({"name": "Bench dry run"})
        run._crm_job_queue()
        cr.commit()
        before = peak_memory_mb()
        start = time.perf_counter()
        batches = 0
        while run.job_state in ("queued", "running"):
            # What the scheduled action does: a batch, committed.
            env["crm.privacy.retention.run"]._crm_job_run_batches()
            cr.commit()
            env.invalidate_all()
            batches += 1
        dry_run_seconds = time.perf_counter() - start
        after = peak_memory_mb()
        proposed = run.proposed_count
        persons = run.job_total
        run.unlink()
        cr.commit()

    print(f"export: {moments} contact moments, {orders} orders in {export_seconds:.2f} s "
          f"(target under {EXPORT_TARGET} s)")
    print(f"retention dry run: {persons} persons in {batches} batches, {proposed} proposed, "
          f"{dry_run_seconds:.1f} s (target under {DRY_RUN_TARGET} s); peak memory "
          f"{before:.0f} MB before, {after:.0f} MB after")
    ok = export_seconds < EXPORT_TARGET and dry_run_seconds < DRY_RUN_TARGET
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
