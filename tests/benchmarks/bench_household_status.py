"""Benchmark: the customer status recomputation of 50,000 households.

Measures the scheduled action that computes every household's status (prospect,
customer, former customer) from its purchases: once from scratch (every household a
prospect, so most of them change and are written) and once more in the steady state
(nothing changes, nothing is written). Target (issue "Households"): under a minute.

The data is made once and kept (rerunning reuses it), in bulk SQL copied from one real
household, person and confirmed order made through the ORM:
  - 50,000 households of 1 to 4 current members (about 120,000 persons), every tenth
    household with a former member too;
  - 100,000 confirmed orders over the last five years, most on persons (their private
    purchases), some on the households themselves, some on persons in no household;
  - every 200th household with a status set by hand, which the computation keeps.

Usage (Odoo at ODOO_PATH, database created by this script when missing):
    ~/.venvs/odoo-18.0/bin/python tests/benchmarks/bench_household_status.py
        [--db crm_bench_household] [--households 50000] [--orders 100000] [--repeat 3]
"""

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta

from bench_common import columns, open_registry

import odoo
from odoo import Command

# Members per household, in turn: on average 2.4.
HOUSEHOLD_SIZES = (1, 2, 3, 4, 2)
RELATIONS = ("head", "partner", "child", "child")
TARGET_SECONDS = 60


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="crm_bench_household")
    parser.add_argument("--households", type=int, default=50_000)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    return parser.parse_args()


def copy_partners(cr, template_id, names, firstnames=None, lastnames=None):
    """Insert one partner per name, copying every other column from the template;
    returns their ids in the order of names."""
    skip = {"id", "name", "complete_name", "firstname", "lastname", "commercial_partner_id"}
    cols = columns(cr, "res_partner", skip)
    plain = ", ".join(f'"{col}"' for col in cols)
    copied = ", ".join(f't."{col}"' for col in cols)
    firstnames = firstnames or [None] * len(names)
    lastnames = lastnames or [None] * len(names)
    cr.execute(
        f"""
        INSERT INTO res_partner (name, complete_name, firstname, lastname, {plain})
        SELECT n.name, n.name, n.firstname, n.lastname, {copied}
          FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[]) WITH ORDINALITY
               AS n(name, firstname, lastname, position)
          JOIN res_partner t ON t.id = %s
         ORDER BY n.position
        RETURNING id
        """,
        [names, firstnames, lastnames, template_id],
    )
    ids = sorted(row[0] for row in cr.fetchall())
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [ids])
    return ids


def make_households(env, count):
    cr = env.cr
    cr.execute("SELECT count(*) FROM res_partner WHERE name LIKE 'Bench Household %%'")
    if cr.fetchone()[0] >= count:
        return
    print(f"creating {count} households with their members in bulk...", flush=True)
    rng = random.Random(5)
    Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
    person = Partner.create(
        {"crm_kind": "person", "name": "Bench Template Person", "city": "Utrecht"}
    )
    household = Partner.create(
        {"crm_kind": "household", "name": "Bench Template Household", "city": "Utrecht"}
    )
    env.flush_all()
    household_ids = copy_partners(cr, household.id, [f"Bench Household {i}" for i in range(count)])
    # Members: current ones by the household's size, a former one in every tenth.
    plan = []  # (household index, relation, date_start, date_end)
    today = date.today()
    for index in range(count):
        moved_in = today - timedelta(days=rng.randrange(30, 20 * 365))
        for rank in range(HOUSEHOLD_SIZES[index % len(HOUSEHOLD_SIZES)]):
            plan.append((index, RELATIONS[rank], moved_in, None))
        if index % 10 == 0:
            moved_out = moved_in - timedelta(days=rng.randrange(1, 365))
            plan.append((index, "partner", moved_out - timedelta(days=3 * 365), moved_out))
    lastnames = [f"Achternaam{index}" for index, *_rest in plan]
    firstnames = [f"Voornaam{position}" for position in range(len(plan))]
    names = [f"{first} {last}" for first, last in zip(firstnames, lastnames, strict=True)]
    person_ids = copy_partners(cr, person.id, names, firstnames, lastnames)
    rank = {"head": 0, "partner": 1, "child": 2, "other": 3}
    cr.execute(
        """
        INSERT INTO crm_household_member (household_id, person_id, relation, relation_rank,
                                          date_start, date_end, create_uid, write_uid,
                                          create_date, write_date)
        SELECT m.household_id, m.person_id, m.relation, m.relation_rank, m.date_start,
               m.date_end, 1, 1, now(), now()
          FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::int[], %s::date[], %s::date[])
               AS m(household_id, person_id, relation, relation_rank, date_start, date_end)
        """,
        [
            [household_ids[index] for index, *_rest in plan],
            person_ids,
            [relation for _index, relation, *_rest in plan],
            [rank[relation] for _index, relation, *_rest in plan],
            [start for *_rest, start, _end in plan],
            [end for *_rest, end in plan],
        ],
    )
    # Every 200th household has its status set by hand.
    cr.execute(
        """UPDATE res_partner h SET household_status = 'prospect',
                  household_status_override = (h.id %% 200 = 0),
                  household_status_reason = CASE WHEN h.id %% 200 = 0
                                                 THEN 'Bench: set by hand' END,
                  household_status_date = CURRENT_DATE
            WHERE h.id = ANY(%s)""",
        [household_ids],
    )
    cr.execute(
        "UPDATE res_partner SET household_status = 'customer' "
        "WHERE id = ANY(%s) AND household_status_override",
        [household_ids],
    )
    Partner.browse([person.id, household.id]).unlink()
    cr.commit()


def make_orders(env, count):
    cr = env.cr
    cr.execute("SELECT count(*) FROM sale_order WHERE name LIKE 'BENCH-HH/%%'")
    have = cr.fetchone()[0]
    if have >= count:
        return
    print(f"creating {count - have} confirmed orders in bulk...", flush=True)
    product = env["product.product"].create({"name": "Bench household product", "list_price": 25.0})
    customer = env["res.partner"].create({"crm_kind": "person", "name": "Bench Order Template"})
    template = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "order_line": [Command.create({"product_id": product.id, "price_unit": 25.0})],
        }
    )
    template.action_confirm()
    env.flush_all()
    cr.execute(
        """SELECT array_agg(id ORDER BY id) FROM res_partner
            WHERE crm_kind = 'person' AND name LIKE 'Voornaam%%'"""
    )
    persons = cr.fetchone()[0]
    cr.execute(
        """SELECT array_agg(id ORDER BY id) FROM res_partner
            WHERE crm_kind = 'household' AND name LIKE 'Bench Household %%'"""
    )
    households = cr.fetchone()[0]
    loners = [
        env["res.partner"].create({"crm_kind": "person", "name": f"Bench Loner {i}"}).id
        for i in range(50)
    ]
    env.flush_all()
    rng = random.Random(7)
    partners, dates = [], []
    now = date.today()
    for _order in range(have, count):
        # 85% private purchases of members, 10% on households, 5% of persons living alone.
        draw = rng.random()
        pool = persons if draw < 0.85 else households if draw < 0.95 else loners
        partners.append(rng.choice(pool))
        dates.append(now - timedelta(days=rng.randrange(0, 5 * 365)))
    order_cols = columns(
        cr,
        "sale_order",
        {"id", "name", "partner_id", "partner_invoice_id", "partner_shipping_id", "date_order"},
    )
    line_cols = columns(cr, "sale_order_line", {"id", "order_id", "order_partner_id"})
    plain_order = ", ".join(f'"{col}"' for col in order_cols)
    copied_order = ", ".join(f't."{col}"' for col in order_cols)
    plain_line = ", ".join(f'"{col}"' for col in line_cols)
    copied_line = ", ".join(f'l."{col}"' for col in line_cols)
    step = 50_000
    for start in range(0, len(partners), step):
        chunk = slice(start, start + step)
        cr.execute(
            f"""
            WITH new_orders AS (
                INSERT INTO sale_order (name, partner_id, partner_invoice_id,
                                        partner_shipping_id, date_order, {plain_order})
                SELECT 'BENCH-HH/' || (n.position + %(offset)s), n.partner_id, n.partner_id,
                       n.partner_id, n.day + time '10:00', {copied_order}
                  FROM unnest(%(partners)s::int[], %(dates)s::date[]) WITH ORDINALITY
                       AS n(partner_id, day, position)
                  JOIN sale_order t ON t.id = %(template)s
                RETURNING id, partner_id
            )
            INSERT INTO sale_order_line (order_id, order_partner_id, {plain_line})
            SELECT o.id, o.partner_id, {copied_line}
              FROM new_orders o
              JOIN sale_order_line l ON l.order_id = %(template)s
            """,
            {
                "offset": have + start,
                "partners": partners[chunk],
                "dates": dates[chunk],
                "template": template.id,
            },
        )
        cr.commit()
        print(f"  {have + min(start + step, len(partners))} orders", flush=True)
    cr.execute("ANALYZE sale_order; ANALYZE res_partner; ANALYZE crm_household_member")
    cr.commit()


def main():
    args = parse_args()
    registry = open_registry(args.db, "crm_relationship_model,crm_household")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        make_households(env, args.households)
        make_orders(env, args.orders)

    scratch, steady, query, job = [], [], [], []
    for _round in range(args.repeat):
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            Partner = env["res.partner"]
            # From scratch: every household a prospect again (those set by hand stay).
            cr.execute(
                """UPDATE res_partner SET household_status = 'prospect'
                    WHERE crm_kind = 'household' AND household_status_override IS NOT TRUE"""
            )
            env.invalidate_all()
            start = time.perf_counter()
            last_purchases = Partner._household_last_purchases()
            query.append(time.perf_counter() - start)

            start = time.perf_counter()
            changes = Partner.browse()._recompute_household_status()
            env.flush_all()
            scratch.append(time.perf_counter() - start)

            env.invalidate_all()
            start = time.perf_counter()
            Partner.browse()._recompute_household_status()
            env.flush_all()
            steady.append(time.perf_counter() - start)

            # The same from scratch as the job the nightly action queues: batches by id.
            cr.execute(
                """UPDATE res_partner SET household_status = 'prospect'
                    WHERE crm_kind = 'household' AND household_status_override IS NOT TRUE"""
            )
            env.invalidate_all()
            start = time.perf_counter()
            run = env["crm.household.status.run"].create({})
            run._crm_job_run_now()
            env.flush_all()
            job.append(time.perf_counter() - start)

            cr.execute(
                """SELECT household_status, count(*) FROM res_partner
                    WHERE crm_kind = 'household' GROUP BY household_status"""
            )
            statuses = dict(cr.fetchall())
            cr.execute("SELECT count(*) FROM res_partner WHERE crm_kind = 'household'")
            households = cr.fetchone()[0]
            cr.execute("SELECT count(*) FROM crm_household_member")
            members = cr.fetchone()[0]
            cr.execute("SELECT count(*) FROM sale_order WHERE state = 'sale'")
            orders = cr.fetchone()[0]
            cr.rollback()

    print(f"database: {households} households, {members} memberships, {orders} confirmed orders")
    print(f"households with purchases: {len(last_purchases)}")
    print(f"statuses after the run: {dict(sorted(statuses.items()))}")
    print(f"written in the run from scratch: {dict(sorted(changes.items()))}")
    print(
        f"grouped purchase query:  median {statistics.median(query):.2f} s (min {min(query):.2f})"
    )
    print(
        f"recompute from scratch:  median {statistics.median(scratch):.2f} s "
        f"(min {min(scratch):.2f}), target under {TARGET_SECONDS} s"
    )
    print(
        f"recompute, steady state: median {statistics.median(steady):.2f} s (min {min(steady):.2f})"
    )
    print(
        f"as a job (crm.household.status.run, batches of 2000): median "
        f"{statistics.median(job):.2f} s (min {min(job):.2f})"
    )
    return 0 if statistics.median(scratch) < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
