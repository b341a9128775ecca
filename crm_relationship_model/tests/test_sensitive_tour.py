# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import new_test_user, tagged

from .common import CrmTourCase, PhoneTourMixin

SENSITIVE_GROUP = "crm_relationship_model.group_crm_sensitive_data"
OFFICER_GROUP = "crm_relationship_model.group_crm_data_protection_officer"


class SensitiveTourCase(CrmTourCase):
    """static/tests/tours/crm_relationship_model_sensitive_tour.js: a member records a
    health note with its ground, a salesman does not see it, the officer sees the log."""

    tour_salesman_login = "crm_rm_sensitive_tour_salesman"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = cls._tour_user("crm_rm_sensitive_tour_member", SENSITIVE_GROUP)
        cls.member.name = "Sensitive Tour Member"
        cls.officer = cls._tour_user("crm_rm_sensitive_tour_officer", OFFICER_GROUP)
        cls.person = cls.env["res.partner"].create(
            {"crm_kind": "person", "firstname": "Sanne", "lastname": "Sensitief"}
        )

    @classmethod
    def _tour_user(cls, login, group):
        return new_test_user(
            cls.env,
            login=login,
            groups=f"sales_team.group_sale_salesman,{group}",
            tz="UTC",
            context={"no_reset_password": True},
        )

    def _run_sensitive_tours(self):
        person_url = (
            f"/odoo/action-crm_relationship_model.res_partner_person_action/{self.person.id}"
        )
        self.start_tour(
            person_url, "crm_relationship_model_sensitive_record_tour", login=self.member.login
        )
        record = self.env["crm.person.sensitive"].search([("person_id", "=", self.person.id)])
        self.assertRecordValues(
            record, [{"health": "Allergic to sulphites", "legal_ground": "explicit_consent"}]
        )
        self._run_tour(person_url, "crm_relationship_model_sensitive_hidden_tour")
        self.start_tour(
            "/odoo/action-crm_relationship_model.crm_sensitive_access_log_action",
            "crm_relationship_model_sensitive_log_tour",
            login=self.officer.login,
        )
        log = self.env["crm.sensitive.access.log"].search([("person_id", "=", self.person.id)])
        self.assertEqual(set(log.user_id), {self.member})
        self.assertEqual(set(log.mapped("operation")), {"read", "write"})


@tagged("post_install", "-at_install", "is_tour", "crm_rm_sensitive")
class TestSensitiveTourDesktop(SensitiveTourCase):
    def test_sensitive_tour_desktop(self):
        self._run_sensitive_tours()


@tagged("post_install", "-at_install", "is_tour", "crm_rm_sensitive")
class TestSensitiveTourMobile(PhoneTourMixin, SensitiveTourCase):
    def test_sensitive_tour_mobile(self):
        self._run_sensitive_tours()
