# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, tagged

from ..tools.matching import Comparator, blocking_keys, person_features
from .common import CrmRelationshipCommon


def features(**values):
    return person_features(values)


@tagged("post_install", "-at_install", "crm_rm_duplicates")
class TestComparison(CrmRelationshipCommon):
    """The scored comparison itself: pure functions over two persons' data."""

    def _score(self, first, second, counts=None, population=100000):
        return Comparator(counts or {}, population).compare(first, second)

    def test_nicknames_agree_dutch_and_international(self):
        for formal, nick in (("Johannes", "Hans"), ("Cornelis", "Kees"), ("Robert", "Bob")):
            _score, agree, differ, levels = self._score(
                features(firstname=formal, lastname="Oudshoorn"),
                features(firstname=nick, lastname="Oudshoorn"),
            )
            self.assertEqual(levels["first_name"], "first_exact", nick)
            self.assertIn("first_name", agree)
            self.assertFalse(differ)

    def test_initial_fits_a_first_name_or_its_nickname(self):
        levels = self._score(
            features(firstname="J.", lastname="Bakker"),
            features(firstname="Hans", lastname="Bakker"),
        )[3]
        self.assertEqual(levels["first_name"], "first_initial")
        levels = self._score(
            features(firstname="K.", lastname="Bakker"),
            features(firstname="Piet", lastname="Bakker"),
        )[3]
        self.assertEqual(levels["first_name"], "first_differ")

    def test_particles_and_spelling_variants_of_a_last_name(self):
        self.assertEqual(
            features(name="Vries, Jan de")["last"], features(name="Jan de Vries")["last"]
        )
        levels = self._score(features(name="Piet Janssen"), features(name="Piet Jansen"))[3]
        self.assertEqual(levels["last_name"], "last_similar")

    def test_a_rare_shared_last_name_says_more_than_a_common_one(self):
        counts = {"l:vries": 5000, "l:oudshoorn": 3}
        rare = self._score(
            features(name="Anna Oudshoorn", city="Delft"),
            features(name="Anna Oudshoorn", city="Delft"),
            counts,
            1000000,
        )[0]
        common = self._score(
            features(name="Anna de Vries", city="Delft"),
            features(name="Anna de Vries", city="Delft"),
            counts,
            1000000,
        )[0]
        self.assertGreater(rare, common)

    def test_namesakes_score_low_and_a_typo_with_the_same_email_high(self):
        jan = features(
            name="Jan de Vries", birthdate_date=datetime.date(1970, 3, 1), city="Amsterdam",
            email="jan@a.example",
        )  # fmt: skip
        namesake = features(
            name="Jan de Vries", birthdate_date=datetime.date(1985, 7, 9), city="Utrecht",
            email="devries@b.example",
        )  # fmt: skip
        typo = features(name="Jna de Vries", email="JAN@a.example")
        counts = {"l:vries": 500, "f:johannes": 2000}
        self.assertLess(self._score(jan, namesake, counts, 100000)[0], 0.01)
        self.assertGreater(self._score(jan, typo, counts, 100000)[0], 0.9)

    def test_blocking_keys_of_a_person(self):
        keys = blocking_keys(
            features(name="Hans van Dijk", zip="1234 ab", email="h@x.example", phone="06 12345678")
        )
        self.assertIn("z:1234AB", keys)
        self.assertIn("e:h@x.example", keys)
        self.assertIn("p:612345678", keys)
        # The nickname's formal name's initial too: Hans is found as J. van Dijk.
        self.assertIn("n:dk:j", keys)


@tagged("post_install", "-at_install", "crm_rm_duplicates")
class TestScoredReviewList(CrmRelationshipCommon):
    """The review list of pairs with their score, and the door check, at the user's level."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        person = cls._create_person
        cls.kees = person(
            "Cornelis Oudshoorn", zip="2611 AB", street="Oude Delft 12", city="Delft",
            birthdate_date="1961-04-02",
        )  # fmt: skip
        cls.kees_typo = person("Kees Oudshorn", zip="2611AB", street="Oude Delft 12")
        # Namesakes: the same name, another birthdate and city, nothing shared.
        cls.anna = person(
            "Anna Visser", birthdate_date="1975-01-01", city="Groningen", email="a@one.example"
        )
        cls.anna_other = person(
            "Anna Visser", birthdate_date="1990-06-30", city="Maastricht", email="a@two.example"
        )
        # One human twice: same email, same birthdate, a swapped name.
        cls.fatima = person(
            "Fatima El Amrani", email="fatima@mail.example", birthdate_date="1988-08-08"
        )
        cls.fatima_swapped = person(
            "El Amrani Fatima", email="Fatima@mail.example", birthdate_date="1988-08-08"
        )
        cls.Pair = cls.env["crm.duplicate.pair"]

    def _pair(self, first, second):
        return self.Pair.search(
            [
                ("partner_a_id", "=", min(first.id, second.id)),
                ("partner_b_id", "=", max(first.id, second.id)),
            ]
        )

    def _set(self, key, value):
        self.env["ir.config_parameter"].set_param(f"crm_relationship_model.{key}", value)

    def test_typo_nickname_and_same_address_is_listed_with_why(self):
        self.Pair._find_possible_duplicates()
        pair = self._pair(self.kees, self.kees_typo)
        self.assertTrue(pair)
        self.assertGreaterEqual(pair.score, 0.5)
        self.assertIn("address", pair.why)
        self.assertIn("first name", pair.why)

    def test_namesakes_are_not_listed(self):
        self.Pair._find_possible_duplicates()
        self.assertFalse(self._pair(self.anna, self.anna_other))

    def test_a_rare_name_alone_is_not_listed(self):
        person = self._create_person
        first = person("Zwaantje Quakkelstein", email="z@one.example")
        second = person("Zwaantje Quakkelstein", phone="+31 6 5555 0000")
        third = person("Zwaantje Quakkelstein", email="z@three.example", city="Delft")
        fourth = person("Zwaantje Quakkelstein", city="Delft")
        scored = self.Pair._crm_score_pairs([(first.id, second.id), (third.id, fourth.id)])
        self.assertTrue(all(score >= 0.75 for _a, _b, score, *_rest in scored))
        self.Pair._find_possible_duplicates()
        self.assertFalse(self._pair(first, second), "the same rare name, nothing else")
        self.assertEqual(self._pair(third, fourth).reason, "same_name", "and the same city")

    def test_list_is_best_first(self):
        self.Pair._find_possible_duplicates()
        pairs = self.Pair.search([("state", "=", "open"), ("score", ">", 0)])
        self.assertEqual(pairs.mapped("score"), sorted(pairs.mapped("score"), reverse=True))

    def test_at_most_the_set_number_of_pairs_per_person(self):
        person = self._create_person
        twins = [
            person("Cornelis Oudshoorn", zip="2611 AB", street="Oude Delft 12") for _ in range(3)
        ]
        self._set("duplicate_max_pairs", "2")
        self.Pair._find_possible_duplicates()
        for someone in [self.kees, *twins]:
            count = self.Pair.search_count(
                [
                    ("state", "=", "open"),
                    "|",
                    ("partner_a_id", "=", someone.id),
                    ("partner_b_id", "=", someone.id),
                ]
            )
            self.assertLessEqual(count, 2)

    def test_dismissed_pair_stays_dismissed_when_scored_again(self):
        self.Pair._find_possible_duplicates()
        pair = self._pair(self.kees, self.kees_typo)
        pair.with_user(self.user_salesman).action_dismiss()
        self.Pair._find_possible_duplicates()
        self.assertEqual(pair.state, "dismissed")

    def test_adoption_merges_automatically_only_above_the_setting(self):
        self.env["crm.adoption.run"]._adopt_existing_contacts()
        self.assertTrue(self.fatima_swapped.exists(), "off by default: nothing merged")
        self.assertTrue(self._pair(self.fatima, self.fatima_swapped))
        self._set("duplicate_auto_merge_threshold", "0.9")
        run = self.env["crm.adoption.run"]._adopt_existing_contacts()
        self.assertFalse(self.fatima_swapped.exists())
        self.assertGreaterEqual(run.merged_count, 1)
        # Namesakes are never merged, however low the threshold.
        self.assertTrue(self.anna.exists() and self.anna_other.exists())
        # Nor a likely pair without a shared email, phone or birthdate.
        self.assertTrue(self.kees_typo.exists())

    def test_namesakes_are_never_merged_even_at_the_lowest_threshold(self):
        self._set("duplicate_review_threshold", "0.0001")
        self._set("duplicate_auto_merge_threshold", "0.0001")
        person = self._create_person
        same_city = person("Anna Visser", birthdate_date="1952-02-02", city="Groningen")
        self.env["crm.adoption.run"]._adopt_existing_contacts()
        self.assertTrue((self.anna | self.anna_other | same_city).exists() == (
            self.anna | self.anna_other | same_city
        ))  # fmt: skip

    def test_settings_refuse_a_threshold_above_one(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"crm_duplicate_review_threshold": 1.5})
        self.assertEqual(self.env["crm.duplicate.pair"]._crm_settings()[0], 0.75)

    # Door check, the same comparison

    def test_door_finds_a_typo_with_the_postcode(self):
        found = self.env["res.partner"].crm_find_likely_persons(
            name="Cornelis Oudsoorn", zip="2611ab"
        )
        self.assertEqual(found[0]["id"], self.kees.id)
        self.assertIn("address", found[0]["reasons"])

    def test_door_finds_a_typo_with_the_phone(self):
        found = self.env["res.partner"].crm_find_likely_persons(
            name="Jna de Vries", phone="06-11111111"
        )
        self.assertEqual(found[0]["id"], self.person.id)

    def test_door_finds_a_typo_with_the_birthdate(self):
        found = self.env["res.partner"].crm_find_likely_persons(
            name="Kees Oudshoorn", birthdate="1961-04-02"
        )
        self.assertIn(self.kees.id, [row["id"] for row in found])

    def test_door_sees_a_person_changed_in_this_transaction(self):
        self.anna.write({"zip": "9711 LM"})
        found = self.env["res.partner"].crm_find_likely_persons(name="Ana Visser", zip="9711LM")
        self.assertEqual(found[0]["id"], self.anna.id)

    def test_person_form_shows_a_typo_with_the_postcode(self):
        form = Form(
            self.env["res.partner"]
            .with_user(self.user_salesman_contacts)
            .with_context(default_crm_kind="person"),
            view="crm_relationship_model.res_partner_person_view_form",
        )
        form.firstname = "Kees"
        form.lastname = "Oudhsoorn"
        form.zip = "2611 AB"
        self.assertIn(self.kees, form.crm_likely_person_ids)


@tagged("post_install", "-at_install", "crm_rm_duplicates")
class TestDoorCheckRpc(CrmRelationshipCommon, HttpCase):
    def test_rpc_finds_a_typo_with_the_email(self):
        person = self._create_person("Wilhelmina Ruys", email="w.ruys@mail.example")
        db = self.env.cr.dbname
        user = self.user_salesman_contacts
        uid = self.xmlrpc_common.authenticate(db, user.login, f"{user.login}-pw", {})
        found = self.xmlrpc_object.execute_kw(
            db, uid, f"{user.login}-pw", "res.partner", "crm_find_likely_persons", [],
            {"name": "Wilma Ruijs", "email": "W.Ruys@mail.example"},
        )  # fmt: skip
        self.assertEqual(found[0]["id"], person.id)
        self.assertIn("email", found[0]["reasons"])
        self.assertGreater(found[0]["score"], 0)


@tagged("post_install", "-at_install", "crm_rm_adoption")
class TestAdoptionJob(CrmRelationshipCommon):
    """The adoption as a background job: queued from the menu, processed by the cron."""

    def test_menu_queues_and_the_cron_processes_in_batches(self):
        company = self.env["res.partner"].create({"name": "Queued Plain", "is_company": True})
        contact = self.env["res.partner"].create(
            {"name": "Queued Contact", "parent_id": company.id}
        )
        run = self.env["crm.adoption.run"].create({})
        run.with_user(self.user_sales_manager).action_run()
        self.assertEqual(run.job_state, "queued")
        self.env.invalidate_all()
        self.assertFalse(contact.crm_kind, "nothing is done inside the request")
        Run = self.env["crm.adoption.run"]
        for _batch in range(30):
            Run._crm_job_run_batches()
            if run.job_state == "done":
                break
        self.assertEqual(run.job_state, "done")
        self.assertEqual(run.job_progress, 100.0)
        self.env.invalidate_all()
        self.assertEqual(contact.crm_kind, "role")
        self.assertEqual(company.crm_kind, "organisation")
        self.assertIn("became roles", run.summary)

    def test_a_second_run_is_refused_while_one_is_queued(self):
        first = self.env["crm.adoption.run"].create({})
        first.action_job_start()
        second = self.env["crm.adoption.run"].create({})
        with self.assertRefused(Exception, "queued or running"):
            second.action_job_start()
