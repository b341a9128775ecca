"""Upgrading a database made with the first version of the addons (18.0.1.0.0, before
they were built on OCA's partner_firstname and partner_contact_birthdate, before a
membership's end date became its last day, and before household segments became
crm.segment records in 18.0.3.0.0): every name, birthdate, membership and household
segment keeps its value and its meaning. The upgrade runs every migration in between.

Slow (a few minutes): the previous version is taken from this repository's history
(`git archive`), installed on a new database and given data through `odoo shell`; then
the current addons upgrade it with `-u`, as an administrator would, and the result is
read with SQL and through the ORM.
"""

import json
import subprocess
import tarfile
import textwrap
from datetime import date

import pytest
from conftest import REPO, drop_database, odoo_command, pg_env, psql

# The last commit of version 18.0.1.0.0 of both addons.
PREVIOUS_VERSION = "ccd4d66"

OLD_DATA = textwrap.dedent(
    """
    import datetime
    today = datetime.date.today()
    day = datetime.timedelta(days=1)
    Partner = env["res.partner"].with_context(tracking_disable=True)
    windmolen = Partner.create({"crm_kind": "organisation", "name": "Windmolen Upgrade BV"})
    polder = Partner.create({"crm_kind": "organisation", "name": "Polder  Upgrade"})
    jan = Partner.create({"crm_kind": "person", "firstname": "Jan Willem",
                          "lastname": "van Dijk", "crm_birthdate": "1976-10-03"})
    fatima = Partner.create({"crm_kind": "person", "name": "El Amrani, Fatima",
                             "crm_birthdate": "1988-11-02"})
    ahmed = Partner.create({"crm_kind": "person", "name": "Ahmed bin Said"})
    cher = Partner.create({"crm_kind": "person", "lastname": "Cher"})
    roles = Partner.create([
        {"crm_kind": "role", "role_person_id": jan.id, "parent_id": windmolen.id,
         "function": "CTO", "role_date_start": today - 400 * day},
        {"crm_kind": "role", "role_person_id": jan.id, "parent_id": polder.id,
         "function": "Consultant", "role_date_start": today - 2000 * day,
         "role_date_end": today - 401 * day},
        {"crm_kind": "role", "role_person_id": fatima.id, "parent_id": windmolen.id,
         "function": "Buyer"},
    ])
    plain = Partner.create({"name": "Kees 't Hart", "email": "kees@example.com"})
    household = Partner.create({"crm_kind": "household"})
    Member = env["crm.household.member"]
    members = Member.create([
        # Moved out (old rule: the day away) yesterday, 10 days ago, and on the day they
        # moved in; one still living there.
        {"household_id": household.id, "person_id": jan.id, "relation": "head",
         "date_start": today - 3000 * day, "date_end": today - 1 * day},
        {"household_id": household.id, "person_id": fatima.id, "relation": "partner",
         "date_start": today - 20 * day, "date_end": today - 10 * day},
        {"household_id": household.id, "person_id": cher.id, "relation": "other",
         "date_start": today - 5 * day, "date_end": today - 5 * day},
        {"household_id": household.id, "person_id": ahmed.id, "relation": "head",
         "date_start": today},
    ])
    # Household segments (crm.household.segment until 18.0.3.0.0): one translated, one
    # archived, one empty, and an XML id pointing at one, as a data import leaves it.
    env["res.lang"]._activate_lang("nl_NL")
    other = Partner.create({"crm_kind": "household", "name": "Upgrade Household Two"})
    Segment = env["crm.household.segment"]
    young = Segment.create({"name": "Young Family", "description": "Children under 12",
                            "sequence": 3, "color": 4})
    young.with_context(lang="nl_NL").write({"name": "Jong gezin"})
    seniors = Segment.create({"name": "Seniors", "sequence": 5, "color": 2})
    empty = Segment.create({"name": "Students", "sequence": 7, "color": 1})
    young.household_ids = household | other
    seniors.household_ids = other
    seniors.active = False
    env["ir.model.data"].create({"module": "__export__", "name": "segment_young_family",
                                 "model": "crm.household.segment", "res_id": young.id})
    print(json.dumps({
        "persons": [jan.id, fatima.id, ahmed.id, cher.id], "roles": roles.ids,
        "plain": plain.id, "household": household.id, "members": members.ids,
        "states": {m.id: m.state for m in members},
        "households": [household.id, other.id],
        "segments": {s.name: {"description": s.description or False, "sequence": s.sequence,
                              "color": s.color, "active": s.active,
                              "households": sorted(s.household_ids.ids)}
                     for s in young | seniors | empty},
    }))
    env.cr.commit()
    """
)

NAMES = "SELECT json_object_agg(id, name) FROM res_partner"
MEMBERSHIP_DAYS = """
SELECT json_object_agg(id, json_build_array(date_start, date_end)) FROM crm_household_member
"""

OLD_SEGMENT_TABLES = """
SELECT count(*) FROM pg_class
 WHERE relname LIKE 'crm_household_segment%' AND relkind = 'r'
"""

AFTER_UPGRADE = textwrap.dedent(
    """
    ids = json.loads(IDS)
    members = env["crm.household.member"].browse(ids["members"])
    persons = env["res.partner"].browse(ids["persons"])
    roles = env["res.partner"].browse(ids["roles"])
    result = {
        "states": {str(m.id): m.state for m in members},
        "parts": {str(p.id): [p.firstname, p.lastname] for p in persons | roles},
        "birthdates": {str(p.id): str(p.birthdate_date or "") for p in persons},
    }
    segments = env["crm.segment"].with_context(active_test=False).search(
        [("applies_to", "=", "household")])
    result["segments"] = {
        s.name: {"description": s.description or False, "sequence": s.sequence,
                 "color": s.color, "active": s.active, "rule": s.is_rule,
                 "households": sorted(s.partner_ids.ids),
                 "dutch": s.with_context(lang="nl_NL").name,
                 "stays": sorted([m.partner_id.id, str(m.date_entered), m.date_left]
                                 for m in s.membership_ids)}
        for s in segments
    }
    young = env.ref("__export__.segment_young_family")
    result["xmlid"] = [young._name, young.name]
    households = env["res.partner"].with_context(active_test=False).browse(ids["households"])
    result["household_segments"] = {str(h.id): sorted(h.crm_segment_ids.mapped("name"))
                                    for h in households}
    jan = persons[0]
    jan.write({"firstname": "Johan"})
    result["renamed"] = [jan.name, roles[0].name, roles[1].name]
    print(json.dumps(result))
    env.cr.rollback()
    """
)


@pytest.fixture(scope="module")
def upgraded(test_db, tmp_path_factory):
    old_addons = tmp_path_factory.mktemp("previous_version")
    archive = old_addons / "addons.tar"
    made = subprocess.run(
        ["git", "archive", "-o", str(archive), PREVIOUS_VERSION, "crm_relationship_model",
         "crm_household"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert made.returncode == 0, (
        f"the previous version ({PREVIOUS_VERSION}) is not in this clone's history: {made.stderr}"
    )
    with tarfile.open(archive) as tar:
        tar.extractall(old_addons, filter="data")
    db = f"{test_db}_upgrade"
    drop_database(db)
    subprocess.run(["createdb", db], env=pg_env(), check=True)
    try:
        installed = odoo_command(
            "-d", db, "-i", "crm_relationship_model,crm_household",
            "--without-demo=all", "--stop-after-init", "--log-level=warn",
            addons=old_addons,
        )  # fmt: skip
        assert installed.returncode == 0, installed.stderr[-3000:]
        shell = odoo_command(
            "shell", "-d", db, "--log-level=warn", stdin="import json\n" + OLD_DATA,
            addons=old_addons,
        )  # fmt: skip
        assert shell.returncode == 0, shell.stderr[-3000:]
        ids = json.loads(shell.stdout.strip().splitlines()[-1])
        birthdates = json.loads(
            psql(db, "SELECT json_object_agg(id, crm_birthdate) FROM res_partner")
        )
        before = {
            "names": json.loads(psql(db, NAMES)),
            "days": json.loads(psql(db, MEMBERSHIP_DAYS)),
            "birthdates": {k: v for k, v in birthdates.items() if v},
        }
        upgrade = odoo_command(
            "-d", db, "-u", "crm_relationship_model,crm_household",
            "--stop-after-init", "--log-level=warn",
        )  # fmt: skip
        assert upgrade.returncode == 0, upgrade.stderr[-3000:]
        after = {
            "names": json.loads(psql(db, NAMES)),
            "days": json.loads(psql(db, MEMBERSHIP_DAYS)),
            "old_tables": psql(db, OLD_SEGMENT_TABLES),
        }
        orm = odoo_command(
            "shell", "-d", db, "--log-level=warn",
            stdin=f"import json\nIDS = {json.dumps(json.dumps(ids))}\n" + AFTER_UPGRADE,
        )  # fmt: skip
        assert orm.returncode == 0, orm.stderr[-3000:]
        after.update(json.loads(orm.stdout.strip().splitlines()[-1]))
        yield ids, before, after
    finally:
        drop_database(db)


def test_upgrade_keeps_every_name(upgraded):
    _ids, before, after = upgraded
    assert after["names"] == before["names"]


def test_upgrade_gives_roles_their_persons_name_parts(upgraded):
    ids, before, after = upgraded
    jan, fatima = (str(i) for i in ids["persons"][:2])
    assert after["parts"][jan] == ["Jan Willem", "van Dijk"]
    assert after["parts"][fatima] == ["Fatima", "El Amrani"]
    for role in ids["roles"][:2]:
        assert after["parts"][str(role)] == after["parts"][jan]
    assert after["parts"][str(ids["roles"][2])] == after["parts"][fatima]


def test_upgrade_moves_birthdates_into_the_oca_field(upgraded):
    ids, before, after = upgraded
    assert len(before["birthdates"]) == 2
    for person, birthdate in before["birthdates"].items():
        assert after["birthdates"][person] == birthdate
    assert after["birthdates"][str(ids["persons"][2])] == ""


def test_upgrade_keeps_what_each_membership_means(upgraded):
    ids, before, after = upgraded
    assert after["states"] == {str(k): v for k, v in ids["states"].items()}
    jan, fatima, cher, ahmed = (str(i) for i in ids["members"])
    # The first day away becomes the last day there.
    for member in (jan, fatima):
        start, old_end = before["days"][member]
        assert after["days"][member][0] == start
        assert after["days"][member][1] < old_end
        assert days_between(after["days"][member][1], old_end) == 1
    # Moved out the day they moved in: no earlier last day exists, the day is kept.
    assert after["days"][cher] == before["days"][cher]
    assert after["days"][ahmed] == before["days"][ahmed] and after["days"][ahmed][1] is None


def test_renaming_after_the_upgrade_renames_the_roles(upgraded):
    _ids, _before, after = upgraded
    assert after["renamed"] == ["Johan van Dijk"] * 3


def test_upgrade_moves_household_segments_into_crm_segment(upgraded):
    ids, _before, after = upgraded
    old = ids["segments"]
    # Beside the ready-made RFM segments of households (rules), exactly the old ones.
    assert {name for name, new in after["segments"].items() if not new["rule"]} == set(old)
    today = str(date.today())
    for name, segment in old.items():
        new = after["segments"][name]
        for field in ("description", "sequence", "color", "active", "households"):
            assert new[field] == segment[field], (name, field)
        # A manual segment of households; each household's stay starts on the day both
        # existed (the old model kept no date), and is still open.
        assert new["rule"] is False
        assert new["stays"] == [[household, today, False] for household in segment["households"]]
    assert after["segments"]["Young Family"]["dutch"] == "Jong gezin"
    assert after["segments"]["Seniors"]["dutch"] == "Seniors"


def test_upgrade_keeps_what_points_at_a_household_segment(upgraded):
    ids, _before, after = upgraded
    assert after["xmlid"] == ["crm.segment", "Young Family"]
    first, second = (str(i) for i in ids["households"])
    assert after["household_segments"] == {first: ["Young Family"],
                                           second: ["Seniors", "Young Family"]}  # fmt: skip
    assert after["old_tables"] == "0"


def days_between(first, second):
    return (date.fromisoformat(second) - date.fromisoformat(first)).days
