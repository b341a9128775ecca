# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import importlib.util
import json
from pathlib import Path

from odoo.tests import tagged

from .common import CrmHouseholdCommon

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations" / "18.0.3.0.0"


def load_script(name):
    spec = importlib.util.spec_from_file_location(f"crm_household_{name}", MIGRATIONS / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install", "crm_hh_segment")
class TestHouseholdSegmentMigration(CrmHouseholdCommon):
    """18.0.3.0.0's scripts on the tables 18.0.2.0.0 left: the old household segments,
    their households and XML ids move into crm.segment (tests/test_upgrade.py runs the
    whole upgrade)."""

    def _legacy_tables(self):
        cr = self.env.cr
        cr.execute(
            """CREATE TABLE crm_household_segment (
                   id serial PRIMARY KEY, name jsonb NOT NULL, description jsonb,
                   sequence integer, color integer, active boolean,
                   create_uid integer, create_date timestamp,
                   write_uid integer, write_date timestamp);
               CREATE TABLE crm_household_segment_res_partner_rel (
                   segment_id integer NOT NULL, partner_id integer NOT NULL,
                   PRIMARY KEY (segment_id, partner_id))"""
        )
        segments = {}
        for key, name, active, created in (
            ("family", {"en_US": "Old Family", "nl_NL": "Oud Gezin"}, True, "2020-05-01"),
            ("seniors", {"en_US": "Old Seniors"}, False, "2021-01-01"),
        ):
            cr.execute(
                """INSERT INTO crm_household_segment
                          (name, description, sequence, color, active, create_uid,
                           create_date, write_uid, write_date)
                   VALUES (%s, %s, 10, 4, %s, 1, %s, 1, %s) RETURNING id""",
                [json.dumps(name), json.dumps({"en_US": "From before"}), active, created, created],
            )
            segments[key] = cr.fetchone()[0]
        cr.execute(
            """INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
               VALUES ('crm_household', 'legacy_segment_family', 'crm.household.segment',
                       %s, TRUE)""",
            [segments["family"]],
        )
        return segments

    def test_household_segments_move_with_their_households(self):
        first = self._create_household("Huis Een", members=[(self.person, "head")])
        second = self._create_household("Huis Twee", members=[(self.other_person, "head")])
        self.env.flush_all()
        segments = self._legacy_tables()
        self.env.cr.executemany(
            "INSERT INTO crm_household_segment_res_partner_rel VALUES (%s, %s)",
            [
                (segments["family"], first.id),
                (segments["family"], second.id),
                (segments["seniors"], second.id),
            ],
        )
        load_script("pre-migration.py").migrate(self.env.cr, "18.0.2.0.0")
        load_script("post-migration.py").migrate(self.env.cr, "18.0.2.0.0")
        self.env.invalidate_all()

        family = self.env.ref("crm_household.legacy_segment_family")
        self.assertEqual(family._name, "crm.segment")
        self.assertRecordValues(
            family,
            [
                {
                    "name": "Old Family",
                    "applies_to": "household",
                    "is_rule": False,
                    "rule_domain": False,
                    "description": "From before",
                    "color": 4,
                    "active": True,
                }
            ],
        )
        self.assertEqual(family.partner_ids, first | second)
        self.assertEqual(first.crm_segment_ids, family)
        self.env.cr.execute("SELECT name->>'nl_NL' FROM crm_segment WHERE id = %s", [family.id])
        self.assertEqual(self.env.cr.fetchone()[0], "Oud Gezin")
        seniors = (
            self.env["crm.segment"]
            .with_context(active_test=False)
            .search([("name", "=", "Old Seniors"), ("applies_to", "=", "household")])
        )
        self.assertFalse(seniors.active)
        self.assertEqual(seniors.partner_ids, second)
        # The history starts at the earliest day each could have entered.
        stays = {
            (s.partner_id, s.date_entered.isoformat(), s.date_left) for s in family.membership_ids
        }
        self.assertEqual(
            stays,
            {
                (first, max("2020-05-01", first.create_date.date().isoformat()), False),
                (second, max("2020-05-01", second.create_date.date().isoformat()), False),
            },
        )
        self.env.cr.execute(
            "SELECT to_regclass('crm_household_segment'), "
            "to_regclass('crm_household_segment_res_partner_rel'), "
            "to_regclass('crm_household_segment_legacy')"
        )
        self.assertEqual(self.env.cr.fetchone(), (None, None, None), "old tables dropped")
        # The scripts run once: on a database without the old tables they do nothing.
        load_script("pre-migration.py").migrate(self.env.cr, "18.0.2.0.0")
        load_script("post-migration.py").migrate(self.env.cr, "18.0.2.0.0")
