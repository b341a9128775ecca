"""Benchmark: the first page of a person's gathered chatter, on 1,000,000 messages.

Measures, in the same run and on the same database, what the web client waits for when
it opens a chatter (POST /mail/thread/messages, 30 messages; then the next 30 with
`before`), over HTTP from a real Odoo server:
  A. a person with 20 roles (8 current, 12 ended, 3 of those archived): its gathered
     feed, the messages of the person and its roles plus the mails and posts by or to
     them on leads and orders;
  B. a plain partner (no kind) with as many messages on itself: Odoo's own chatter;
interleaved, for the administrator and for a salesman (whose record rules hide other
salesmen's leads and orders, so the feed's access filter has work to do).
Target (issue "Beyond one machine"): A takes at most 1.25 times as long as B (it was 1.5
in issue "Contact moments").
The same pair is measured for what most contacts are, a person with one role and a
handful of messages against a plain partner with as few: a feed query that walks the
message ids backwards hurts those most. Then it prints the PostgreSQL plans (EXPLAIN
ANALYZE BUFFERS) of both pages' queries of the four chatters.

The data is made once and kept (rerunning reuses it), in bulk SQL copied from template
records made through the ORM:
  - 110,000 partners: organisations, persons, roles of persons at organisations (a
    third of them ended), organisations' invoice addresses and plain partners;
  - 40,000 leads and 40,000 quotations, of persons, roles and organisations;
  - 1,000,000 messages over five years, their ids in date order: 65% on partners,
    15% on leads, 15% on quotations, 5% assignment notices; received mails, notes,
    posts mailed to the customer (a recipient), tracked changes;
  - among them every 400th message is the measured person's (on itself, its roles, the
    leads and quotations of its roles or other documents it wrote or received; the ended
    roles' ones far back in the ids), and as many the plain partner's.

Usage (Odoo at ODOO_PATH, database created by this script when missing):
    ~/.venvs/odoo-18.0/bin/python tests/benchmarks/bench_contact_moments.py --db crm_bench_feed
        [--partners 110000] [--messages 1000000] [--repeat 20]
"""

import argparse
import contextlib
import socket
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta

import requests
from bench_common import ODOO_PATH, columns, odoo_config, open_registry, pg_environment

import odoo
from odoo import Command
from odoo.tools import SQL

TARGET_RATIO = 1.25
PAGE = 30
ROLES = 20
ENDED_ROLES = 12  # roles 0-11 have ended, 12-19 are current
ARCHIVED_ROLES = (0, 3, 6)
SPECIAL_EVERY = 400  # every 400th message is the measured person's, as many the plain one's
PERSON_OFFSET, PLAIN_OFFSET = 17, 217
YEARS = 5
SALESMAN = "bench_salesman"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="crm_bench_feed")
    parser.add_argument("--partners", type=int, default=110_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--documents", type=int, default=40_000, help="leads, and as many orders")
    parser.add_argument("--repeat", type=int, default=20)
    return parser.parse_args()


# ----------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------


def copy_rows(cr, table, template_id, count, values, params=None):
    """Insert count copies of a template row with the columns of values set per row
    (SQL expressions of g, the row's number from 0); returns the new ids in g's order."""
    cols = columns(cr, table, {"id", *values})
    cr.execute(
        f"""
        INSERT INTO {table} ({", ".join(values)}, {", ".join(f'"{col}"' for col in cols)})
        SELECT {", ".join(values.values())}, {", ".join(f't."{col}"' for col in cols)}
          FROM generate_series(0, %(count)s - 1) AS g
          JOIN {table} t ON t.id = %(template)s
         ORDER BY g
        RETURNING id
        """,
        {**(params or {}), "count": count, "template": template_id},
    )
    ids = sorted(row[0] for row in cr.fetchall())
    # What autovacuum would do after a bulk insert (this machine's server runs without
    # it): without statistics, the foreign-key checks of the next copies plan a scan of
    # the whole table per row (res_partner refers to itself, leads and orders to it).
    cr.execute(f"ANALYZE {table}")
    return ids


def make_measured_records(env):
    """The handful of records made through the ORM: templates of the bulk copies, the
    measured person with its 20 roles and documents, the plain partner, the salesman."""
    Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
    salesman = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": "Bench Salesman",
                "login": SALESMAN,
                "password": SALESMAN,
                "email": "salesman@bench.example.com",
                "groups_id": [Command.set(env.ref("sales_team.group_sale_salesman").ids)],
            }
        )
    )
    person = Partner.create(
        {"crm_kind": "person", "name": "Bench Feed Person", "email": "feed@bench.example.com"}
    )
    today = date.today()
    organisations = Partner.create(
        [{"crm_kind": "organisation", "name": f"Bench Feed Employer {k}"} for k in range(ROLES)]
    )
    roles = Partner.create(
        [
            {
                "crm_kind": "role",
                "role_person_id": person.id,
                "parent_id": organisation.id,
                "function": "Consultant",
                "email": f"feed{k}@employer{k}.example.com",
                # Ended roles follow each other over the years; current ones began lately.
                "role_date_start": today - timedelta(days=365 * YEARS - 120 * k)
                if k < ENDED_ROLES
                else today - timedelta(days=30 * (k - ENDED_ROLES + 1)),
                "role_date_end": today - timedelta(days=365 * YEARS - 120 * k - 110)
                if k < ENDED_ROLES
                else False,
            }
            for k, organisation in enumerate(organisations)
        ]
    )
    roles.browse([roles.ids[k] for k in ARCHIVED_ROLES]).action_archive()
    Partner.create({"name": "Bench Plain Partner", "email": "plain@bench.example.com"})
    templates = {
        kind: Partner.create(
            {"crm_kind": kind if kind != "plain" else False, "name": f"Bench Template {kind}"}
        )
        for kind in ("organisation", "person", "plain")
    }
    templates["role"] = Partner.create(
        {
            "crm_kind": "role",
            "role_person_id": templates["person"].id,
            "parent_id": templates["organisation"].id,
            "function": "Buyer",
        }
    )
    lead = env["crm.lead"].create({"name": "Bench Template Lead", "type": "opportunity"})
    order = env["sale.order"].create({"partner_id": templates["person"].id})
    message = templates["person"].message_post(body="Bench template", subtype_xmlid="mail.mt_note")
    # The person's own leads and quotations (of its current roles), half of them the salesman's.
    current = roles[ENDED_ROLES:]
    users = [salesman.id, env.ref("base.user_admin").id]
    env["crm.lead"].create(
        [
            {
                "name": f"Bench Feed Lead {i}",
                "partner_id": current[i].id,
                "user_id": users[i % 2],
                "type": "opportunity",
            }
            for i in range(4)
        ]
    )
    env["sale.order"].create(
        [{"partner_id": current[i].id, "user_id": users[i % 2]} for i in range(4)]
    )
    env.flush_all()
    return {
        "admin": users[1],
        "salesman": salesman,
        "templates": {kind: record.id for kind, record in templates.items()},
        "lead": lead.id,
        "order": order.id,
        "message": message.id,
    }


def make_partners(cr, templates, total):
    """Organisations (10%), persons (50%), their roles (30%), addresses and plain partners."""
    counts = {
        "organisation": total // 10,
        "person": total // 2,
        "role": total * 3 // 10,
        "address": total * 3 // 100,
    }
    counts["plain"] = total - sum(counts.values())
    ids = {}
    ids["organisation"] = copy_rows(
        cr,
        "res_partner",
        templates["organisation"],
        counts["organisation"],
        {"name": "'Bench Organisation ' || g", "complete_name": "'Bench Organisation ' || g"},
    )
    ids["person"] = copy_rows(
        cr,
        "res_partner",
        templates["person"],
        counts["person"],
        {
            "name": "'Voornaam' || g || ' Achternaam' || g",
            "complete_name": "'Voornaam' || g || ' Achternaam' || g",
            "firstname": "'Voornaam' || g",
            "lastname": "'Achternaam' || g",
            "email": "'person' || g || '@bench.example.com'",
        },
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
        [ids["organisation"] + ids["person"]],
    )
    # The first 60% of the persons hold a role; every third role has ended.
    org_and_person = {
        "orgs": ids["organisation"],
        "norg": len(ids["organisation"]),
        "persons": ids["person"],
        "nperson": len(ids["person"]),
    }
    organisation = "(%(orgs)s::int[])[1 + g %% %(norg)s]"
    ids["role"] = copy_rows(
        cr,
        "res_partner",
        templates["role"],
        counts["role"],
        {
            "name": "'Voornaam' || g || ' Achternaam' || g",
            "complete_name": "'Bench Organisation ' || g %% %(norg)s "
            "|| ', Voornaam' || g || ' Achternaam' || g",
            "parent_id": organisation,
            "commercial_partner_id": organisation,
            "role_person_id": "(%(persons)s::int[])[1 + g %% %(nperson)s]",
            "role_date_start": "DATE '2012-01-01' + (g %% 4000)",
            "role_date_end": "CASE WHEN g %% 3 = 0 THEN DATE '2012-01-01' + (g %% 4000) + 500 END",
            "email": "'role' || g || '@organisation.example.com'",
        },
        org_and_person,
    )
    ids["address"] = copy_rows(
        cr,
        "res_partner",
        templates["plain"],
        counts["address"],
        {
            "name": "'Invoice address ' || g",
            "complete_name": "'Bench Organisation ' || g %% %(norg)s || ', Invoice address ' || g",
            "type": "'invoice'",
            "parent_id": organisation,
            "commercial_partner_id": organisation,
        },
        org_and_person,
    )
    ids["plain"] = copy_rows(
        cr,
        "res_partner",
        templates["plain"],
        counts["plain"],
        {
            "name": "'Bench Partner ' || g",
            "complete_name": "'Bench Partner ' || g",
            "email": "'partner' || g || '@bench.example.com'",
        },
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [ids["plain"]]
    )
    return ids


def make_documents(cr, measured, customers, count):
    """Leads and quotations of persons, roles and organisations: a third each the
    admin's, the salesman's and nobody's."""
    params = {
        "customers": customers,
        "n": len(customers),
        "admin": measured["admin"],
        "salesman": measured["salesman"].id,
    }
    customer = "(%(customers)s::int[])[1 + (abs(hashint4(g)::bigint) %% %(n)s)]"
    user = "(ARRAY[%(admin)s, %(salesman)s, NULL])[1 + g %% 3]"
    leads = copy_rows(
        cr,
        "crm_lead",
        measured["lead"],
        count,
        {"name": "'Bench Lead ' || g", "partner_id": customer, "user_id": user},
        params,
    )
    orders = copy_rows(
        cr,
        "sale_order",
        measured["order"],
        count,
        {
            "name": "'BENCH/' || g",
            "partner_id": customer,
            "partner_invoice_id": customer,
            "partner_shipping_id": customer,
            "user_id": user,
        },
        params,
    )
    return leads, orders


def special_messages(measured, count, general_leads, general_orders):
    """The measured person's messages and the plain partner's, by their place g in the
    stream: rows of (g, model, res_id, message_type, subtype, author, recipient); the
    subtype is 'comment' or 'note', the author or recipient 'user' for the admin."""
    person, roles, plain = measured["person"], measured["roles"], measured["plain"]
    rows = []
    kinds = (
        ("email", "comment", "self", None),  # a mail received from them
        ("comment", "note", "user", None),  # a note about them
        ("comment", "comment", "user", "self"),  # a mail sent to them
        ("notification", "note", "user", None),  # a change tracked on their record
    )
    for g in range(PLAIN_OFFSET, count, SPECIAL_EVERY):
        message_type, subtype, author, recipient = kinds[(g // SPECIAL_EVERY) % 4]
        rows.append(
            (
                g,
                "res.partner",
                plain,
                message_type,
                subtype,
                plain if author == "self" else "user",
                plain if recipient else None,
            )
        )
    for g in range(PERSON_OFFSET, count, SPECIAL_EVERY):
        turn = g // SPECIAL_EVERY
        slot = turn % 25
        message_type, subtype, author, recipient = kinds[turn % 4]
        if slot < 4:
            target = who = person
        elif slot < 24:
            k = slot - 4
            # An ended role's messages lie before its end; later ones go to a current role.
            if k < ENDED_ROLES and g > count * (k + 1) // (ENDED_ROLES + 2):
                k = ENDED_ROLES + turn % (ROLES - ENDED_ROLES)
            target = who = roles[k]
        else:
            who = roles[ENDED_ROLES + turn % (ROLES - ENDED_ROLES)]
            document = (turn // 25) % 4
            if document == 0:  # a mail from its role on its own lead
                rows.append(
                    (
                        g,
                        "crm.lead",
                        measured["person_leads"][turn % 4],
                        "email",
                        "comment",
                        who,
                        None,
                    )
                )
            elif document == 1:  # a quotation mailed to its role
                order = measured["person_orders"][turn % 4]
                rows.append((g, "sale.order", order, "comment", "comment", "user", who))
            elif document == 2:  # a mail from it on somebody else's lead
                lead = general_leads[turn % len(general_leads)]
                rows.append((g, "crm.lead", lead, "email", "comment", who, None))
            else:  # it is sent a copy of somebody else's quotation, privately
                order = general_orders[turn % len(general_orders)]
                rows.append((g, "sale.order", order, "comment", "comment", "user", person))
            continue
        rows.append(
            (
                g,
                "res.partner",
                target,
                message_type,
                subtype,
                who if author == "self" else "user",
                who if recipient else None,
            )
        )
    return rows


def make_messages(cr, env, measured, partner_ids, leads, orders, count):
    cr.execute("SELECT count(*) FROM mail_message WHERE message_id LIKE '<bench-%%'")
    have = cr.fetchone()[0]
    if have >= count:
        return
    print(f"creating {count - have} messages in bulk...", flush=True)
    special = special_messages(measured, count, leads, orders)
    admin_partner = env.ref("base.partner_admin").id
    params = {
        "template": measured["message"],
        "partners": partner_ids,
        "np": len(partner_ids),
        "leads": leads,
        "nl": len(leads),
        "orders": orders,
        "no": len(orders),
        "admin_partner": admin_partner,
        "comment": env.ref("mail.mt_comment").id,
        "note": env.ref("mail.mt_note").id,
        "stage": env.ref("crm.mt_lead_stage").id,
        "stage_field": env["ir.model.fields"]._get("crm.lead", "stage_id").id,
        "seconds": YEARS * 365 * 86400 / count,
        "count": count,
    }
    special_columns = list(zip(*special, strict=True))
    for name, values in zip(
        ("sg", "smodel", "sres", "stype", "ssub", "sauthor", "srecipient"),
        special_columns,
        strict=True,
    ):
        params[name] = [
            -1 if value == "user" else value for value in values
        ]  # -1: the document's user
    cols = columns(
        cr,
        "mail_message",
        {
            "id",
            "model",
            "res_id",
            "record_name",
            "message_type",
            "subtype_id",
            "author_id",
            "body",
            "subject",
            "message_id",
            "date",
            "create_date",
            "write_date",
            "parent_id",
        },
    )
    plain_cols = ", ".join(f'"{col}"' for col in cols)
    template_cols = ", ".join(f't."{col}"' for col in cols)
    step = 100_000
    for start in range(have, count, step):
        params.update(start=start, stop=min(start + step, count))
        cr.execute(
            f"""
            WITH numbered AS MATERIALIZED (
                -- ids taken in g's order: the id sequence follows the dates
                SELECT g, nextval('mail_message_id_seq') AS id,
                       abs(hashint4(g)::bigint) %% 100 AS kind,
                       abs(hashint4(g + 7919)::bigint) %% 100 AS sort,
                       abs(hashint4(g + 104729)::bigint) AS pick
                  FROM generate_series(%(start)s, %(stop)s - 1) AS g
                 ORDER BY g
            ), special AS (
                SELECT * FROM unnest(%(sg)s::int[], %(smodel)s::varchar[], %(sres)s::int[],
                                     %(stype)s::varchar[], %(ssub)s::varchar[],
                                     %(sauthor)s::int[], %(srecipient)s::int[])
                       AS s(g, model, res_id, message_type, subtype, author, recipient)
                 WHERE s.g >= %(start)s AND s.g < %(stop)s
            ), target AS (
                SELECT n.*,
                       CASE WHEN n.kind < 65 THEN 'res.partner'
                            WHEN n.kind < 80 OR n.kind >= 95 THEN 'crm.lead'
                            ELSE 'sale.order' END AS model,
                       CASE WHEN n.kind < 65 THEN (%(partners)s::int[])[1 + n.pick %% %(np)s]
                            WHEN n.kind < 80 OR n.kind >= 95
                                THEN (%(leads)s::int[])[1 + n.pick %% %(nl)s]
                            ELSE (%(orders)s::int[])[1 + n.pick %% %(no)s] END AS res_id
                  FROM numbered n
            ), general AS (
                -- what a message on a record usually is, by its sort: a mail received
                -- from the customer, a post mailed to it, a note, a tracked change;
                -- kind 95-99: the notice to a salesman that a lead was assigned to them
                SELECT t.g, t.id, t.model, t.res_id,
                       CASE WHEN t.kind >= 95 THEN 'user_notification'
                            WHEN t.sort < 35 THEN 'email'
                            WHEN t.sort < 75 THEN 'comment'
                            ELSE 'notification' END AS message_type,
                       CASE WHEN t.kind < 95 AND t.sort < 55 THEN %(comment)s
                            WHEN t.model = 'crm.lead' AND t.sort >= 75 THEN %(stage)s
                            ELSE %(note)s END AS subtype_id,
                       CASE WHEN t.kind < 95 AND t.sort < 35 THEN customer.id
                            ELSE COALESCE(u.partner_id, %(admin_partner)s) END AS author_id,
                       CASE WHEN t.kind >= 95 THEN u.partner_id
                            WHEN t.sort >= 35 AND t.sort < 55 THEN customer.id
                            END AS recipient
                  FROM target t
                  LEFT JOIN crm_lead l ON t.model = 'crm.lead' AND l.id = t.res_id
                  LEFT JOIN sale_order o ON t.model = 'sale.order' AND o.id = t.res_id
                  LEFT JOIN res_users u ON u.id = COALESCE(l.user_id, o.user_id)
                  CROSS JOIN LATERAL (
                      SELECT COALESCE(l.partner_id, o.partner_id, t.res_id) AS id
                  ) customer
            ), plan AS (
                SELECT g.g, g.id,
                       COALESCE(s.model, g.model) AS model,
                       COALESCE(s.res_id, g.res_id) AS res_id,
                       COALESCE(s.message_type, g.message_type) AS message_type,
                       CASE s.subtype WHEN 'comment' THEN %(comment)s WHEN 'note' THEN %(note)s
                            ELSE g.subtype_id END AS subtype_id,
                       CASE WHEN s.g IS NULL THEN g.author_id
                            WHEN s.author = -1 THEN %(admin_partner)s
                            ELSE s.author END AS author_id,
                       CASE WHEN s.g IS NULL THEN g.recipient ELSE s.recipient END AS recipient
                  FROM general g
                  LEFT JOIN special s ON s.g = g.g
            ), messages AS (
                INSERT INTO mail_message (id, model, res_id, message_type, subtype_id,
                                          author_id, body, message_id, date, create_date,
                                          write_date, {plain_cols})
                SELECT p.id, p.model, p.res_id, p.message_type, p.subtype_id, p.author_id,
                       '<p>Bench message ' || p.g || '</p>', '<bench-' || p.g || '@example.com>',
                       d.date, d.date, d.date, {template_cols}
                  FROM plan p
                  JOIN mail_message t ON t.id = %(template)s
                 CROSS JOIN LATERAL (
                     SELECT now() - make_interval(secs => (%(count)s - p.g) * %(seconds)s) AS date
                 ) d
                RETURNING id
            ), recipients AS (
                INSERT INTO mail_message_res_partner_rel (mail_message_id, res_partner_id)
                SELECT id, recipient FROM plan WHERE recipient IS NOT NULL
                RETURNING mail_message_id
            )
            INSERT INTO mail_tracking_value (field_id, mail_message_id, old_value_integer,
                                             new_value_integer, old_value_char, new_value_char,
                                             create_uid, write_uid, create_date, write_date)
            SELECT %(stage_field)s, p.id, 1, 2, 'New', 'Qualified', 1, 1, now(), now()
              FROM plan p
             WHERE p.model = 'crm.lead' AND p.message_type = 'notification'
            """,
            params,
        )
        cr.commit()
        print(f"  {params['stop']} messages", flush=True)


def make_data(env, args):
    cr = env.cr
    cr.execute("SELECT id FROM res_partner WHERE name = 'Bench Feed Person'")
    if not cr.fetchone():
        started = time.perf_counter()
        print(f"creating {args.partners} partners, {args.documents} leads and orders...")
        measured = make_measured_records(env)
        ids = make_partners(cr, measured["templates"], args.partners)
        customers = ids["person"] + ids["role"] + ids["organisation"]
        make_documents(cr, measured, customers, args.documents)
        cr.commit()
        print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
    measured = measured_records(env)
    cr.execute(
        "SELECT array_agg(id ORDER BY id) FROM res_partner WHERE name LIKE 'Voornaam%%' "
        "OR name LIKE 'Bench Organisation %%' OR name LIKE 'Invoice address %%' "
        "OR name LIKE 'Bench Partner %%'"
    )
    partner_ids = cr.fetchone()[0]
    cr.execute("SELECT array_agg(id ORDER BY id) FROM crm_lead WHERE name LIKE 'Bench Lead %%'")
    leads = cr.fetchone()[0]
    cr.execute("SELECT array_agg(id ORDER BY id) FROM sale_order WHERE name LIKE 'BENCH/%%'")
    orders = cr.fetchone()[0]
    started = time.perf_counter()
    make_messages(cr, env, measured, partner_ids, leads, orders, args.messages)
    cr.commit()
    # What autovacuum does in a live database after bulk inserts: statistics, and the
    # visibility map without which no index-only scan skips the table (a server with
    # autovacuum off, as this machine's, never makes it). Outside a transaction.
    tables = "res_partner, crm_lead, sale_order, mail_message, mail_message_res_partner_rel"
    subprocess.run(
        ["psql", "-d", cr.dbname, "-qc", f"VACUUM (ANALYZE) {tables}, mail_tracking_value"],
        env=pg_environment(),
        check=True,
    )
    print(f"messages and VACUUM ANALYZE: {time.perf_counter() - started:.0f} s", flush=True)
    return measured


def measured_records(env):
    """The records made by make_measured_records, found again."""
    Partner = env["res.partner"].with_context(active_test=False)
    person = Partner.search(
        [("name", "=", "Bench Feed Person"), ("crm_kind", "=", "person")], limit=1
    )
    roles = Partner.search([("role_person_id", "=", person.id)], order="id")
    template = Partner.search(
        [("name", "=", "Bench Template person"), ("crm_kind", "=", "person")], limit=1
    )
    return {
        "person": person.id,
        "roles": roles.ids,
        "plain": Partner.search([("name", "=", "Bench Plain Partner")], limit=1).id,
        # What most contacts are: a person with one role and a handful of messages.
        "typical_person": Partner.search(
            [
                ("name", "=like", "Voornaam%"),
                ("crm_kind", "=", "person"),
                ("person_role_ids", "!=", False),
            ],
            limit=1,
            order="id",
        ).id,
        "typical_plain": Partner.search(
            [("name", "=like", "Bench Partner %")], limit=1, order="id"
        ).id,
        "salesman": env["res.users"].search([("login", "=", SALESMAN)]),
        "message": env["mail.message"]
        .search([("model", "=", "res.partner"), ("res_id", "=", template.id)], limit=1)
        .id,
        "person_leads": env["crm.lead"]
        .search([("name", "=like", "Bench Feed Lead %")], order="id")
        .ids,
        "person_orders": env["sale.order"]
        .search([("partner_id", "in", roles.ids)], order="id")
        .ids,
    }


# ----------------------------------------------------------------------
# Timing over HTTP
# ----------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def odoo_server(db):
    """A real Odoo HTTP server on db, one process, no cron: what a small install runs."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            str(ODOO_PATH / "odoo-bin"),
            *odoo_config(db),
            f"--http-port={port}",
            "--http-interface=127.0.0.1",
            "--workers=0",
            "--max-cron-threads=0",
            f"--db-filter=^{db}$",
        ]
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(120):
            # A busy machine may answer late: wait, rather than fail.
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{url}/web/health", timeout=30).ok:
                    break
            if server.poll() is not None:
                raise RuntimeError("the Odoo server stopped")
            time.sleep(1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def rpc(session, url, path, params):
    response = session.post(
        f"{url}{path}", json={"jsonrpc": "2.0", "method": "call", "params": params}
    )
    response.raise_for_status()
    body = response.json()
    if "error" in body:
        raise RuntimeError(f"{path}: {body['error']['data']['message']}")
    return body["result"]


def login(url, db, user, password):
    session = requests.Session()
    rpc(session, url, "/web/session/authenticate", {"db": db, "login": user, "password": password})
    return session


def chatter_page(session, url, partner_id, before=None):
    """One page of a partner's chatter the way the web client asks for it: the
    message ids shown and the seconds it took."""
    params = {"thread_model": "res.partner", "thread_id": partner_id, "limit": PAGE}
    if before:
        params["before"] = before
    start = time.perf_counter()
    result = rpc(session, url, "/mail/thread/messages", params)
    return time.perf_counter() - start, result["messages"]


def time_chatters(session, url, chatters, repeat):
    """Time the first and second page of each chatter, interleaved so that they see
    the same machine; returns {(name, page): (timings, message count)}."""
    before = {}
    for name, partner_id in chatters.items():
        _seconds, ids = chatter_page(session, url, partner_id)
        before[name] = min(ids) if ids else None
    calls = [
        (name, page, partner_id, before[name] if page == 2 else None)
        for page in (1, 2)
        for name, partner_id in chatters.items()
    ]
    timings = {(name, page): [] for name, page, *_rest in calls}
    shown = {}
    for round_ in range(3 + repeat):  # three rounds to warm up the caches
        for name, page, partner_id, page_before in calls:
            seconds, ids = chatter_page(session, url, partner_id, page_before)
            shown[name, page] = len(ids)
            if round_ >= 3:
                timings[name, page].append(seconds)
    return {key: (timings[key], shown[key]) for key in timings}


def summary(timings):
    """Median and 90th percentile, in milliseconds."""
    return statistics.median(timings) * 1000, statistics.quantiles(timings, n=10)[-1] * 1000


# ----------------------------------------------------------------------
# The feed's query plan
# ----------------------------------------------------------------------


def chatter_domain(env, partner_id):
    """The mail.message domain of a partner's chatter: its gathered feed when it has one,
    Odoo's plain one otherwise (what the /mail/thread/messages route searches)."""
    partner = env["res.partner"].browse(partner_id)
    domain = None
    if hasattr(partner, "_crm_message_feed_domain"):
        domain = partner._crm_message_feed_domain()
    if domain is None:
        domain = [("model", "=", "res.partner"), ("res_id", "=", partner_id)]
    return [*domain, ("message_type", "!=", "user_notification")]


def explain_chatters(env, chatters):
    """EXPLAIN (ANALYZE, BUFFERS) of the query of both pages of each chatter, as Odoo's
    ORM builds it (before the per-user access filter, which only reads the rows the
    query returns)."""
    Message = env["mail.message"].sudo()
    if not hasattr(env["res.partner"], "_crm_message_feed_domain"):
        print("\n(no res.partner._crm_message_feed_domain here: every chatter is a plain one)")
    for name, partner_id in chatters.items():
        domain = chatter_domain(env, partner_id)
        before = None
        for page in (1, 2):
            page_domain = [*domain, ("id", "<", before)] if before else domain
            sql = Message._search(page_domain, limit=PAGE, order="id DESC").select()
            print(f"\n--- {name}, page {page} ---")
            if page == 1:
                print(env.cr.mogrify(sql.code, sql.params).decode())
            env.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", sql))
            print("\n".join(row[0] for row in env.cr.fetchall()))
            env.cr.execute(sql)
            ids = [row[0] for row in env.cr.fetchall()]
            if not ids:
                break
            before = min(ids)


# ----------------------------------------------------------------------


def main():
    args = parse_args()
    registry = open_registry(args.db, "crm_relationship_model,crm_household")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        measured = make_data(env, args)
        cr.execute("SELECT count(*) FROM res_partner")
        partners = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM mail_message")
        messages = cr.fetchone()[0]
        chatters = {
            "person, 20 roles": measured["person"],
            "plain partner": measured["plain"],
            "typical person": measured["typical_person"],
            "typical plain": measured["typical_plain"],
        }
        print(f"database: {partners} partners, {messages} messages; messages in the chatters:")
        for name, partner_id in chatters.items():
            count = env["mail.message"].sudo().search_count(chatter_domain(env, partner_id))
            print(f"  {name}: {count}")

    users = {"admin": ("admin", "admin"), "salesman": (SALESMAN, SALESMAN)}
    results = {}
    with odoo_server(args.db) as url:
        for user, (user_login, password) in users.items():
            session = login(url, args.db, user_login, password)
            for key, value in time_chatters(session, url, chatters, args.repeat).items():
                results[(user, *key)] = value

    print(f"\nPOST /mail/thread/messages, {args.repeat} calls each, interleaved (ms)")
    print(f"{'user':<9} {'chatter':<17} {'page':>4} {'shown':>5} {'median':>8} {'p90':>8}")
    for (user, name, page), (timings, shown) in results.items():
        median, p90 = summary(timings)
        print(f"{user:<9} {name:<17} {page:>4} {shown:>5} {median:>8.1f} {p90:>8.1f}")
    ok = True
    pairs = {"person, 20 roles": "plain partner", "typical person": "typical plain"}
    for user in users:
        for person, plain in pairs.items():
            for page in (1, 2):
                ratio = statistics.median(results[user, person, page][0]) / statistics.median(
                    results[user, plain, page][0]
                )
                target = ""
                if person == "person, 20 roles" and page == 1:
                    target = f" (target: at most {TARGET_RATIO})"
                    ok = ok and ratio <= TARGET_RATIO
                print(f"ratio {user}, {person} / {plain}, page {page}: {ratio:.2f}{target}")

    with registry.cursor() as cr:
        explain_chatters(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}), chatters)
        cr.rollback()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
