# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

DEMO = "crm_relationship_model."
HOUSEHOLD_DEMO = "crm_household."


@tagged("post_install", "-at_install", "crm_hh_demo_story")
class TestHouseholdDemoStory(TransactionCase):
    """The households' chatters in the demo data (the domains the chatter searches): their
    own notes and their members' private moments, never the members' business roles.
    Needs a database installed with demo data, as setup/test.sh makes one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vandijk = cls.env.ref(
            HOUSEHOLD_DEMO + "res_partner_demo_household_vandijk", raise_if_not_found=False
        )
        if not cls.vandijk:
            cls.skipTest(cls, "The database has no demo data")
        cls.devries = cls.env.ref(HOUSEHOLD_DEMO + "res_partner_demo_household_devries")
        cls.bakker = cls.env.ref(HOUSEHOLD_DEMO + "res_partner_demo_household_bakker")
        cls.jansen = cls.env.ref(HOUSEHOLD_DEMO + "res_partner_demo_household_jansen")

    def _feed(self, partner):
        domain = partner._crm_message_feed_domain()
        return self.env["mail.message"].search(
            [*domain, ("message_type", "!=", "user_notification")]
        )

    def _private_moments(self, messages, person):
        return messages.filtered(
            lambda m: (
                m.model == "res.partner"
                and m.res_id == person.id
                and m.message_type in ("email", "comment")
            )
        )

    def test_household_feed_shows_members_private_moments(self):
        feed = self._feed(self.devries)
        sanne = self.env.ref(DEMO + "res_partner_demo_sanne")
        lucas = self.env.ref(DEMO + "res_partner_demo_lucas")
        self.assertEqual(sanne.household_id, self.devries)
        self.assertEqual(lucas.household_id, self.devries)
        self.assertTrue(self._private_moments(feed, sanne), "Sanne's private mail")
        self.assertTrue(self._private_moments(feed, lucas), "Lucas's private call, noted")
        self.assertTrue(self._private_moments(feed, self.devries), "the household's own note")

        feed = self._feed(self.vandijk)
        nadia = self.env.ref(DEMO + "res_partner_demo_nadia")
        janwillem = self.env.ref(DEMO + "res_partner_demo_janwillem")
        nadia_moments = self._private_moments(feed, nadia)
        self.assertEqual(set(nadia_moments.mapped("message_type")), {"email", "comment"})
        self.assertTrue(self._private_moments(feed, janwillem))

    def test_household_feed_leaves_out_the_business_roles(self):
        roles = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search(
                [
                    ("crm_kind", "=", "role"),
                    (
                        "role_person_id",
                        "in",
                        (self.devries | self.vandijk).household_person_ids.ids,
                    ),
                ]
            )
        )
        # The roles do have moments (crm_relationship_model's demo) ...
        role_moments = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "in", roles.ids),
                ("message_type", "in", ("email", "comment")),
            ]
        )
        self.assertTrue(role_moments)
        # ... which the households' chatters do not show.
        feeds = self._feed(self.devries) | self._feed(self.vandijk)
        self.assertFalse(feeds & role_moments)

    def test_former_member_moments_stay_with_the_household_of_their_time(self):
        emma = self.env.ref(DEMO + "res_partner_demo_emma")
        at_kamp = self.env.ref(DEMO + "mail_message_demo_emma_private_chairs")
        in_own_home = self.env.ref(DEMO + "mail_message_demo_emma_private_desk")
        self.assertEqual(emma.household_id, self.jansen)
        bakker = self._feed(self.bakker)
        self.assertIn(at_kamp, bakker, "written while Emma lived in the Bakker household")
        self.assertNotIn(in_own_home, bakker, "written after she had moved out")
        jansen = self._feed(self.jansen)
        self.assertIn(in_own_home, jansen)
        self.assertTrue(self._private_moments(jansen, self.jansen), "the household's own note")

    def test_household_activities_are_its_members_private_ones(self):
        janwillem = self.env.ref(DEMO + "res_partner_demo_janwillem")
        activities = self.env["mail.activity"].search(self.vandijk._crm_activity_feed_domain())
        private = self.env.ref(DEMO + "mail_activity_demo_janwillem_private_samples")
        at_work = self.env.ref(DEMO + "mail_activity_demo_janwillem_nordlicht_followup")
        self.assertEqual(private.res_id, janwillem.id)
        self.assertIn(private, activities)
        self.assertNotIn(at_work, activities)
        self.assertGreaterEqual(self.vandijk.crm_activity_overdue_count, 1)
