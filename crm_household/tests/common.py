# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command

from odoo.addons.crm_relationship_model.tests.common import CrmRelationshipCommon


class CrmHouseholdCommon(CrmRelationshipCommon):
    """The relationship graph of CrmRelationshipCommon (Jan de Vries with roles at
    Windmolen BV and Polder Consult, Anna Bakker without roles), the same users, and
    helpers to make households, members and orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.netherlands = cls.env.ref("base.nl")
        cls.address_canal = {
            "street": "Prinsengracht 263",
            "zip": "1016 GV",
            "city": "Amsterdam",
            "country_id": cls.netherlands.id,
        }
        cls.address_dike = {
            "street": "Dijkweg 5",
            "zip": "1619 AA",
            "city": "Andijk",
            "country_id": cls.netherlands.id,
        }
        cls.product = cls.env["product.product"].create(
            {"name": "Household Sofa", "list_price": 800.0, "type": "consu"}
        )

    @classmethod
    def _create_household(cls, name=False, env=None, members=(), **vals):
        """A household; members is a list of (person, relation) or (person, relation,
        membership values)."""
        env = env or cls.env
        commands = []
        for person, relation, *extra in members:
            commands.append(
                Command.create(
                    {"person_id": person.id, "relation": relation, **(extra[0] if extra else {})}
                )
            )
        values = {"crm_kind": "household", **vals}
        if name:
            values["name"] = name
        if commands:
            values["household_member_ids"] = commands
        return env["res.partner"].create(values)

    @classmethod
    def _add_member(cls, household, person, relation="other", env=None, **vals):
        env = env or cls.env
        return env["crm.household.member"].create(
            {"household_id": household.id, "person_id": person.id, "relation": relation, **vals}
        )

    @classmethod
    def _confirmed_order(cls, partner, when, amount=800.0):
        """A confirmed sales order of partner, dated when (a date)."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": amount}
                    )
                ],
            }
        )
        order.action_confirm()
        order.date_order = f"{when} 10:00:00"
        return order

    @classmethod
    def _days(cls, days):
        return cls.today + relativedelta(days=days)

    def _membership_count(self):
        return self.env["crm.household.member"].search_count([])
