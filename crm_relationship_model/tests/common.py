# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, TransactionCase, new_test_user

# What Odoo's own mobile tours emulate: a phone-sized, touch screen.
PHONE_SIZE = "375x667"


def new_portal_user(env, login, partner):
    """A portal user whose partner is the given one (a customer's role, or a person).
    No name: a user's name is its partner's, and a role's name follows its person."""
    return (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "login": login,
                "password": f"{login}-pw",
                "partner_id": partner.id,
                "groups_id": [(6, 0, env.ref("base.group_portal").ids)],
            }
        )
    )


def new_tour_salesman(env, login, name):
    """A plain salesman for a browser tour: the screens must work without admin or
    contact-manager rights. UTC, so that the browser and the server agree on dates."""
    return new_test_user(
        env,
        login=login,
        groups="sales_team.group_sale_salesman",
        name=name,
        email=f"{login}@example.com",
        tz="UTC",
        context={"no_reset_password": True},
    )


class CrmRelationshipCommon(TransactionCase):
    """Users of each sales group and a small relationship graph, made once per class.

    Jan de Vries (person) is CTO at Windmolen BV (current role) and was a consultant
    at Polder Consult (past role); Anna Bakker is a person without roles.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Tracking messages are not what these tests are about; they only cost time.
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        company = cls.env.company

        cls.user_salesman = cls._create_user(
            "crm_rm_salesman", "sales_team.group_sale_salesman", company
        )
        cls.user_salesman_all_leads = cls._create_user(
            "crm_rm_salesman_all", "sales_team.group_sale_salesman_all_leads", company
        )
        cls.user_sales_manager = cls._create_user(
            "crm_rm_manager", "sales_team.group_sale_manager", company
        )
        # Odoo gives new internal users "Contact Creation" by default (base.default_user).
        cls.user_salesman_contacts = cls._create_user(
            "crm_rm_salesman_contacts",
            "sales_team.group_sale_salesman,base.group_partner_manager",
            company,
        )
        cls.user_employee = cls._create_user("crm_rm_employee", "base.group_user", company)
        # A customer with portal access, with a partner of their own.
        cls.user_portal = cls._create_user("crm_rm_portal", "base.group_portal", company)

        Partner = cls.env["res.partner"]
        cls.organisation = Partner.create(
            {
                "crm_kind": "organisation",
                "name": "Windmolen BV",
                "street": "Molenweg 1",
                "city": "Zaandam",
                "email": "info@windmolen.example",
            }
        )
        cls.other_organisation = Partner.create(
            {"crm_kind": "organisation", "name": "Polder Consult"}
        )
        cls.person = Partner.create(
            {
                "crm_kind": "person",
                "firstname": "Jan",
                "lastname": "de Vries",
                "email": "jan@devries.example",
                "phone": "+31 6 1111 1111",
                "city": "Haarlem",
                "birthdate_date": "1980-05-17",
            }
        )
        cls.other_person = Partner.create({"crm_kind": "person", "name": "Anna Bakker"})
        cls.role = cls._create_role(
            cls.person,
            cls.organisation,
            function="CTO",
            role_date_start=cls.today - relativedelta(years=2),
            email="jan.devries@windmolen.example",
            phone="+31 20 222 2222",
        )
        cls.past_role = cls._create_role(
            cls.person,
            cls.other_organisation,
            function="Consultant",
            role_date_start=cls.today - relativedelta(years=6),
            role_date_end=cls.today - relativedelta(years=2, days=1),
        )

    @classmethod
    def _create_user(cls, login, groups, company):
        return new_test_user(
            cls.env,
            login=login,
            password=f"{login}-pw",
            groups=groups,
            company_id=company.id,
            name=login.replace("_", " ").title(),
            email=f"{login}@example.com",
            # No invitation mail: these users log in with their password.
            context={"no_reset_password": True},
        )

    @classmethod
    def _create_role(cls, person, organisation, env=None, **vals):
        env = env or cls.env
        return env["res.partner"].create(
            {
                "crm_kind": "role",
                "role_person_id": person.id,
                "parent_id": organisation.id,
                **vals,
            }
        )

    @classmethod
    def _create_person(cls, name, env=None, **vals):
        env = env or cls.env
        return env["res.partner"].create({"crm_kind": "person", "name": name, **vals})

    @classmethod
    def _create_organisation(cls, name, env=None, **vals):
        env = env or cls.env
        return env["res.partner"].create({"crm_kind": "organisation", "name": name, **vals})

    @contextmanager
    def assertRefused(self, exception, message):
        """assertRaises (its savepoint rolls back whatever was written) plus a check that
        the message says what to fix. unittest's assertRaisesRegex has no savepoint."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), message)

    def _partner_count(self):
        """All partners, archived ones included: proves that a refused write wrote nothing."""
        return self.env["res.partner"].with_context(active_test=False).search_count([])


class CrmQueryCountMixin:
    """Query counts that must stay flat as data grows: Odoo's assertQueryCount checks an
    upper bound, these compare the counts of small and large data for equality."""

    @contextmanager
    def _count_queries(self, counts, key):
        """Counts the queries of the block into counts[key]."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        yield
        self.env.flush_all()
        counts[key] = self.cr.sql_log_count - before

    def _assert_flat(self, counts):
        """The same count for every size (once warm: the cold run fills caches)."""
        if getattr(self, "warm", True):
            self.assertEqual(len(set(counts.values())), 1, counts)


class CrmTourCase(HttpCase):
    """A plain salesman runs a tour (static/tests/tours/) in Chromium; the test then
    checks what the screens wrote. A desktop test uses this class, a phone test adds
    PhoneTourMixin."""

    tour_salesman_login = "crm_tour_salesman"
    tour_salesman_name = "Tour Salesman"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_tour_salesman(cls.env, cls.tour_salesman_login, cls.tour_salesman_name)

    def _run_tour(self, url, tour):
        self.start_tour(url, tour, login=self.salesman.login)
        self.env.invalidate_all()


class PhoneTourMixin:
    """The same tour on a phone, as Odoo's own mobile tours emulate it."""

    browser_size = PHONE_SIZE
    touch_enabled = True


class CrmPrivacyConsentCommon(CrmRelationshipCommon):
    """Data protection users of each group and two processing activities: a newsletter
    that mailings need the consent of (text version v2), and web analytics that they do
    not. Jan de Vries has a private email, phone and mobile."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.user_dp_user = cls._create_user(
            "crm_rm_dp_user", "privacy.group_data_protection_user", company
        )
        cls.user_dp_manager = cls._create_user(
            "crm_rm_dp_manager", "privacy.group_data_protection_manager", company
        )
        cls.user_officer = cls._create_user(
            "crm_rm_dp_officer", "crm_relationship_model.group_crm_data_protection_officer", company
        )
        cls.person.mobile = "+31 6 3333 3333"
        Activity = cls.env["privacy.activity"]
        cls.newsletter = Activity.create(
            {
                "name": "Newsletter",
                "description": "<p>News about our products, monthly.</p>",
                "crm_mailing_consent_required": True,
                "crm_consent_text": "<p>Yes, send me the monthly newsletter.</p>",
                "crm_consent_version": "v2",
                "crm_subject_categories": "Customers and prospects",
                "crm_data_categories": "Name, email address, mobile number",
                "crm_recipients": "Our mailing service provider",
                "crm_retention_months": 24,
                "subject_find": True,
                "subject_domain": "[('crm_kind', '=', 'person')]",
                "consent_required": "manual",
            }
        )
        cls.analytics = Activity.create(
            {
                "name": "Web Analytics",
                "crm_lawful_basis": "legitimate_interests",
                "crm_consent_text": "<p>You may measure my visits.</p>",
                "crm_consent_version": "1.0",
            }
        )
        cls.Consent = cls.env["privacy.consent"]
        cls.Event = cls.env["crm.privacy.consent.event"]

    @classmethod
    def _give_consent(cls, person, activity, env=None, **vals):
        env = env or cls.env
        return env["privacy.consent"].create(
            {"partner_id": person.id, "activity_id": activity.id, "accepted": True, **vals}
        )

    def _events(self, consent):
        return self.Event.search([("consent_id", "=", consent.id)], order="id")

    def _email_blacklisted(self, email):
        return bool(self.env["mail.blacklist"].search([("email", "=", email)]))

    def _phone_blacklisted(self, number):
        return bool(self.env["phone.blacklist"].search([("number", "=", number)]))
