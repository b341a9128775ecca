# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io

from PIL import Image

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CrmRelationshipCommon


def _png(color):
    """A small real PNG, enough for image fields."""
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), color).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue())


PIXEL_PNG = _png("red")
PERSON_FORM = "crm_relationship_model.res_partner_person_view_form"


@tagged("post_install", "-at_install", "crm_rm_person")
class TestPerson(CrmRelationshipCommon):
    def test_person_name_is_composed_from_first_and_last_name(self):
        self.assertEqual(self.person.name, "Jan de Vries")
        self.person.firstname = "Johannes"
        self.assertEqual(self.person.name, "Johannes de Vries")
        self.person.write({"firstname": False, "lastname": "Cher"})
        self.assertEqual(self.person.name, "Cher")

    def test_typed_full_name_is_split_into_first_and_last_name(self):
        cases = [
            ("Jan de Vries", "Jan", "de Vries", "Jan de Vries"),
            ("Jan Willem van der Berg", "Jan Willem", "van der Berg", "Jan Willem van der Berg"),
            ("Vries, Jan de", "Jan", "de Vries", "Jan de Vries"),
            ("Berg, Jan Willem van der", "Jan Willem", "van der Berg", "Jan Willem van der Berg"),
            ("Madonna", False, "Madonna", "Madonna"),
            ("  Anna   Maria  Jansen ", "Anna Maria", "Jansen", "Anna Maria Jansen"),
            ("Ludwig Van Beethoven", "Ludwig", "Van Beethoven", "Ludwig Van Beethoven"),
            ("Kees 't Hart", "Kees", "'t Hart", "Kees 't Hart"),
            ("Fatima El Amrani", "Fatima", "El Amrani", "Fatima El Amrani"),
            ("Maria dos Santos", "Maria", "dos Santos", "Maria dos Santos"),
        ]
        for typed, firstname, lastname, name in cases:
            with self.subTest(typed=typed):
                person = self._create_person(typed)
                self.assertEqual(
                    (person.firstname, person.lastname, person.name),
                    (firstname, lastname, name),
                )

    def test_retyping_the_full_name_splits_it_again(self):
        self.other_person.name = "Bakker-Smit, Anna"
        self.assertEqual(
            (self.other_person.firstname, self.other_person.lastname, self.other_person.name),
            ("Anna", "Bakker-Smit", "Anna Bakker-Smit"),
        )

    def test_names_of_several_persons_written_at_once_stay_their_own(self):
        persons = self.person | self.other_person
        persons.write({"firstname": "Kim"})
        self.assertEqual(self.person.name, "Kim de Vries")
        self.assertEqual(self.other_person.name, "Kim Bakker")
        self.assertEqual(self.role.name, "Kim de Vries", "the role follows its person")

    def test_person_form_composes_the_name_while_typing(self):
        form = Form(
            self.env["res.partner"].with_context(default_crm_kind="person"), view=PERSON_FORM
        )
        form.firstname = "Sanne"
        form.lastname = "de Jong"
        self.assertEqual(form.name, "Sanne de Jong")
        self.assertEqual(form.role_count, 0, "a person being created has no roles yet")
        person = form.save()
        self.assertEqual(
            (person.crm_kind, person.is_company, person.parent_id.id, person.name),
            ("person", False, False, "Sanne de Jong"),
        )

    def test_positions_are_added_from_the_person_form(self):
        form = Form(self.other_person, view=PERSON_FORM)
        with form.person_role_ids.new() as line:
            line.parent_id = self.organisation
            line.function = "Buyer"
            line.role_date_start = self.today
            line.email = "anna.bakker@windmolen.example"
        form.save()
        role = self.other_person.role_ids
        self.assertRecordValues(
            role,
            [
                {
                    "crm_kind": "role",
                    "name": "Anna Bakker",
                    "parent_id": self.organisation.id,
                    "role_person_id": self.other_person.id,
                    "function": "Buyer",
                    "email": "anna.bakker@windmolen.example",
                    "role_state": "current",
                }
            ],
        )
        self.assertFalse(self.other_person.email, "the work email stays on the role")

    def test_renaming_a_person_renames_its_roles(self):
        self.person.write({"firstname": "Johan", "lastname": "de Vries-Jansen"})
        self.assertEqual(self.role.name, "Johan de Vries-Jansen")
        self.assertEqual(self.past_role.name, "Johan de Vries-Jansen", "ended roles too")
        self.assertEqual(self.role.display_name, "Windmolen BV, Johan de Vries-Jansen")

    def test_renaming_a_role_directly_is_refused(self):
        with self.assertRefused(UserError, "Change the name on the person"):
            self.role.name = "Someone Else"
        self.assertEqual(self.role.name, "Jan de Vries")

    def test_person_photo_is_shown_on_its_roles(self):
        self.person.image_1920 = PIXEL_PNG
        self.assertTrue(self.role.image_1920)
        self.assertEqual(self.role.image_1920, self.person.image_1920)
        new_role = self._create_role(self.person, self.other_organisation, function="Advisor")
        self.assertEqual(new_role.image_1920, self.person.image_1920)

    def test_person_keeps_a_private_profile(self):
        mr = self.env.ref("base.res_partner_title_mister")
        tag = self.env["res.partner.category"].create({"name": "Golf"})
        self.env["res.lang"]._activate_lang("nl_NL")
        self.person.write(
            {
                "title": mr.id,
                "mobile": "+31 6 9999 9999",
                "street": "Kerkstraat 5",
                "zip": "2011 AA",
                "lang": "nl_NL",
                "category_id": [(4, tag.id)],
                "image_1920": PIXEL_PNG,
            }
        )
        self.assertRecordValues(
            self.person,
            [
                {
                    "title": mr.id,
                    "birthdate_date": self.person.birthdate_date,
                    "email": "jan@devries.example",
                    "phone": "+31 6 1111 1111",
                    "mobile": "+31 6 9999 9999",
                    "street": "Kerkstraat 5",
                    "city": "Haarlem",
                    "lang": "nl_NL",
                    "category_id": tag.ids,
                }
            ],
        )
        self.assertEqual(str(self.person.birthdate_date), "1980-05-17")
        self.assertTrue(self.person.image_1920)
        # Private details stay private: the role keeps the work ones.
        self.assertEqual(self.role.email, "jan.devries@windmolen.example")
        self.assertEqual(self.role.phone, "+31 20 222 2222")
        self.assertEqual(self.role.street, "Molenweg 1", "a role works at its organisation")

    def test_person_cannot_have_a_parent(self):
        count = self._partner_count()
        with self.assertRefused(ValidationError, "cannot have a parent company.*role at"):
            self._create_person("Piet Parent", parent_id=self.organisation.id)
        self.assertEqual(self._partner_count(), count, "nothing was created")
        with self.assertRefused(ValidationError, "Give them a role at Windmolen BV"):
            self.other_person.parent_id = self.organisation
        self.assertFalse(self.other_person.parent_id, "nothing was written")

    def test_person_cannot_be_a_company(self):
        with self.assertRefused(ValidationError, "cannot be a company"):
            self.other_person.is_company = True
        self.assertFalse(self.other_person.is_company)

    def test_contact_classified_as_person_gets_its_name_split(self):
        contact = self.env["res.partner"].create({"name": "Kees van Dijk"})
        self.assertFalse(contact.crm_kind)
        contact.crm_kind = "person"
        self.assertEqual((contact.firstname, contact.lastname), ("Kees", "van Dijk"))

    def test_person_with_roles_must_stay_a_person(self):
        with self.assertRefused(ValidationError, "has roles and must stay a person"):
            self.person.crm_kind = "organisation"
        self.assertEqual(self.person.crm_kind, "person")

    def test_archiving_a_person_archives_its_roles_and_unarchiving_restores_them(self):
        earlier_archived = self._create_role(
            self.person, self.other_organisation, function="Intern"
        )
        earlier_archived.action_archive()
        self.person.action_archive()
        self.assertFalse(self.person.active)
        self.assertFalse(self.role.active)
        self.assertFalse(self.past_role.active)
        self.person.action_unarchive()
        self.assertTrue(self.role.active)
        self.assertTrue(self.past_role.active)
        self.assertFalse(earlier_archived.active, "a role archived on its own stays archived")

    def test_archiving_from_a_list_showing_archived_records_restores_the_same_roles(self):
        earlier_archived = self._create_role(
            self.person, self.other_organisation, function="Intern"
        )
        earlier_archived.action_archive()
        # A list with the "Archived" filter on reads with active_test=False.
        person = self.person.with_context(active_test=False)
        person.action_archive()
        person.action_unarchive()
        self.assertTrue(self.role.active)
        self.assertFalse(earlier_archived.active)

    def test_archived_person_still_lists_its_roles(self):
        self.person.action_archive()
        self.assertEqual(self.person.role_ids, self.past_role | self.role)

    def test_deleting_a_person_with_roles_is_refused(self):
        count = self._partner_count()
        with self.assertRefused(UserError, "has roles .* archive it instead"):
            self.person.unlink()
        self.assertEqual(self._partner_count(), count)

    def test_deleting_a_person_without_history_works(self):
        self.other_person.unlink()
        self.assertFalse(self.other_person.exists())
