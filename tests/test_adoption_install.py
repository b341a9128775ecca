"""Installing the addon on a plain Odoo database that has years of contacts: they are
classified, one human becomes one person, and nothing moves.

Slow (a few minutes): the plain database (crm, sale_management, account, contacts) is
made once for the module, its data through `odoo shell`, then the addon is installed
with `-i` as a user would, and the result is read with SQL.
"""

import json
import subprocess
import textwrap

import pytest
from conftest import drop_database, odoo_command, pg_env, psql

PLAIN_DATA = textwrap.dedent(
    """
    Partner = env["res.partner"].with_context(tracking_disable=True)
    acme = Partner.create({"name": "Acme Install", "is_company": True})
    globex = Partner.create({"name": "Globex Install", "is_company": True})
    jan_acme = Partner.create({"name": "Jan Install", "parent_id": acme.id,
                               "email": "jan@acme.example", "mobile": "+31 6 5555 0001"})
    jan_globex = Partner.create({"name": "Jan Install", "parent_id": globex.id,
                                 "email": "jan@globex.example", "mobile": "06-55550001"})
    jan_private = Partner.create({"name": "Jan Install", "email": "jan@home.example",
                                  "mobile": "0031 6 5555 0001", "city": "Delft"})
    anna_acme = Partner.create({"name": "Anna Namesake", "parent_id": acme.id,
                                "phone": "010 111 1111"})
    anna_globex = Partner.create({"name": "Anna Namesake", "parent_id": globex.id,
                                  "phone": "020 222 2222"})
    invoice_address = Partner.create({"name": "Acme Billing", "parent_id": acme.id,
                                      "type": "invoice"})
    delivery_address = Partner.create({"name": "Acme Dock", "parent_id": acme.id,
                                       "type": "delivery"})
    product = env["product.product"].create({"name": "Install Widget", "list_price": 120})
    for partner, quantity in ((jan_acme, 2), (jan_globex, 3), (jan_private, 1), (anna_acme, 4)):
        order = env["sale.order"].create({
            "partner_id": partner.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": quantity})],
        })
        order.action_confirm()
    env["account.move"].create({
        "move_type": "out_invoice", "partner_id": jan_globex.id,
        "invoice_line_ids": [(0, 0, {"name": "Consulting", "quantity": 5, "price_unit": 90})],
    })
    for partner in (jan_acme, jan_private, anna_globex, acme):
        partner.message_post(body="A note on " + partner.name)
    print(json.dumps({name: record.id for name, record in {
        "acme": acme, "globex": globex, "jan_acme": jan_acme, "jan_globex": jan_globex,
        "jan_private": jan_private, "anna_acme": anna_acme, "anna_globex": anna_globex,
        "invoice_address": invoice_address, "delivery_address": delivery_address,
    }.items()}))
    env.cr.commit()
    """
)

SNAPSHOT = """
SELECT json_build_object(
  'orders', (SELECT json_agg(json_build_array(id, partner_id, amount_total) ORDER BY id)
               FROM sale_order),
  'invoices', (SELECT json_agg(json_build_array(id, partner_id, amount_total) ORDER BY id)
                 FROM account_move WHERE move_type = 'out_invoice'),
  'messages', (SELECT json_agg(json_build_array(id, res_id) ORDER BY id)
                 FROM mail_message WHERE model = 'res.partner'),
  'partners', (SELECT count(*) FROM res_partner)
)
"""


@pytest.fixture(scope="module")
def adopted(test_db):
    db = f"{test_db}_adopt"
    drop_database(db)
    subprocess.run(["createdb", db], env=pg_env(), check=True)
    try:
        made = odoo_command(
            "-d", db, "-i", "crm,sale_management,account,contacts",
            "--without-demo=all", "--stop-after-init", "--log-level=warn",
        )  # fmt: skip
        assert made.returncode == 0, made.stderr[-3000:]
        shell = odoo_command(
            "shell", "-d", db, "--log-level=warn", stdin="import json\n" + PLAIN_DATA
        )
        assert shell.returncode == 0, shell.stderr[-3000:]
        ids = json.loads(shell.stdout.strip().splitlines()[-1])
        before = json.loads(psql(db, SNAPSHOT))
        installed = odoo_command(
            "-d", db, "-i", "crm_relationship_model", "--stop-after-init", "--log-level=info"
        )
        assert installed.returncode == 0, installed.stderr[-3000:]
        yield db, ids, before, installed.stderr
    finally:
        drop_database(db)


def kinds(db, ids):
    rows = psql(
        db,
        "SELECT id, COALESCE(crm_kind, ''), COALESCE(role_person_id, 0) FROM res_partner "
        f"WHERE id IN ({','.join(map(str, ids.values()))})",
    )
    by_id = {
        int(i): (kind, int(person)) for i, kind, person in (r.split("|") for r in rows.splitlines())
    }
    return {name: by_id[partner_id] for name, partner_id in ids.items()}


def test_install_classifies_the_contacts(adopted):
    db, ids, _before, _log = adopted
    result = kinds(db, ids)
    assert result["acme"][0] == result["globex"][0] == "organisation"
    assert result["jan_private"][0] == "person"
    assert result["jan_acme"] == ("role", ids["jan_private"])
    assert result["jan_globex"] == ("role", ids["jan_private"])
    assert result["invoice_address"][0] == result["delivery_address"][0] == ""


def test_namesakes_are_two_persons_not_in_review(adopted):
    db, ids, _before, _log = adopted
    result = kinds(db, ids)
    first, second = result["anna_acme"][1], result["anna_globex"][1]
    assert first and second and first != second
    reason = psql(
        db,
        "SELECT reason FROM crm_duplicate_pair "
        f"WHERE partner_a_id = {min(first, second)} AND partner_b_id = {max(first, second)}",
    )
    # Nothing but the name in common (other phones): nothing a reviewer could decide on.
    assert reason == ""


def test_orders_invoices_and_messages_stay_on_their_partner(adopted):
    db, _ids, before, _log = adopted
    after = json.loads(psql(db, SNAPSHOT))
    assert after["orders"] == before["orders"]
    assert after["invoices"] == before["invoices"]
    assert after["messages"] == before["messages"]
    # One person created for the namesake at Globex and one for the one at Acme.
    assert after["partners"] == before["partners"] + 2


def test_install_logs_a_summary(adopted):
    db, _ids, _before, log = adopted
    assert "Relationship model adoption:" in log
    summary = psql(db, "SELECT summary FROM crm_adoption_run ORDER BY id DESC LIMIT 1")
    assert "contacts of companies became roles" in summary
