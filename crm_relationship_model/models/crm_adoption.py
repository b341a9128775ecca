# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Adopting an existing database: classify its contacts into the relationship model.

Nothing is re-pointed: a company becomes an organisation, a private contact a person and
a contact of a company becomes a role, each on its own partner id (so its orders,
invoices, messages and followers stay where they are). A role's person is the matching
private contact, or a person created for it; contacts of different companies that are
one human by strong evidence (the same normalised email, or the same name and the same
phone or mobile) share one person. Weaker evidence goes to the review list.

The work is done in SQL, in batches: Python holds one batch at a time, whatever the size
of the database. Partners already classified are skipped, so a run can be repeated or
continued after an interruption.
"""

import logging

from psycopg2.extras import Json

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

BATCH_SIZE = 5000
MAX_PROPAGATION_ROUNDS = 100

# Partners the adoption leaves alone: those of internal users and of archived (technical)
# users. A user's name is its partner's, and a role's name is its person's.
SKIPPED_PARTNERS = """
    SELECT partner_id FROM res_users WHERE share IS NOT TRUE OR active IS NOT TRUE
"""
# Columns of a new person set from its first contact, not from the template.
PERSON_OWN_COLUMNS = {
    "id", "name", "complete_name", "firstname", "lastname", "commercial_partner_id",
    "lang", "tz", "user_id", "company_id", "title", "active", "create_date", "write_date",
    "create_uid", "write_uid",
}  # fmt: skip


# The job's phases, in order; each step does one batch of its phase.
PHASES = [
    ("organisations", "Organisations"),
    ("persons", "Private Persons"),
    ("role_groups", "Grouping Contacts of Companies"),
    ("roles", "Roles"),
    ("keys", "Duplicate Keys"),
    ("candidates", "Candidate Pairs"),
    ("pairs", "Scoring Pairs"),
    ("merge", "Automatic Merges"),
    ("finish", "Finishing"),
]
# Databases up to this many unclassified contacts are adopted during the installation;
# larger ones by the scheduled action, in the background.
INSTALL_INLINE_LIMIT = 20000
COUNT_FIELDS = (
    "organisation_count", "person_count", "role_count", "new_person_count",
    "joined_role_count", "review_pair_count", "merged_count",
)  # fmt: skip


class CrmAdoptionRun(models.Model):
    """A run of the adoption, a background job (crm.job.mixin): classification, then
    the duplicate listing, each in committed batches with progress."""

    _name = "crm.adoption.run"
    _inherit = ["crm.job.mixin"]
    _description = "Contact Adoption Run"
    _order = "id desc"
    _crm_job_cron_xmlid = "crm_relationship_model.ir_cron_crm_adoption_run"
    _crm_job_batch_size = BATCH_SIZE

    name = fields.Char(default=lambda self: self.env._("Adoption"), required=True)
    state = fields.Selection(
        [("draft", "Not Run"), ("running", "Running"), ("done", "Done")],
        default="draft",
        required=True,
    )
    phase = fields.Selection(PHASES, readonly=True, copy=False)
    date_start = fields.Datetime("Started", readonly=True)
    date_done = fields.Datetime("Finished", readonly=True)
    organisation_count = fields.Integer("Organisations", readonly=True)
    person_count = fields.Integer("Private Contacts Made Persons", readonly=True)
    role_count = fields.Integer("Contacts Made Roles", readonly=True)
    new_person_count = fields.Integer("Persons Created for Roles", readonly=True)
    joined_role_count = fields.Integer(
        "Roles Joined to Another Contact's Person",
        readonly=True,
        help="Roles whose person is a private contact or the person of a contact at "
        "another company: the same human by the same email or the same name and phone.",
    )
    review_pair_count = fields.Integer("New Possible Duplicates", readonly=True)
    merged_count = fields.Integer(
        "Merged Automatically",
        readonly=True,
        help="Pairs merged without review: scored at or above the automatic merge "
        "threshold (Settings), sharing an email, phone or birthdate.",
    )
    summary = fields.Text(readonly=True)
    pair_id_before = fields.Integer(readonly=True, help="Technical: the last pair listed before.")

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    def action_run(self):
        """From the menu: queue the run; the scheduled action processes it in committed
        batches, outside the request, so an interrupted run continues where it was."""
        self.ensure_one()
        self._check_adoption_access()
        self.action_job_start()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def _crm_job_check_start(self):
        result = super()._crm_job_check_start()
        # The runs share their work tables: one at a time.
        busy = self.sudo().search_count(
            [("job_state", "in", ("queued", "running")), ("id", "not in", self.ids)]
        )
        if busy:
            raise UserError(self.env._("Another adoption run is queued or running."))
        return result

    @api.model
    def _adopt_existing_contacts(self, commit=False, batch_size=BATCH_SIZE):
        """Classify every unclassified contact; returns the run with its summary."""
        run = self.sudo().create({"name": self.env._("Adoption at installation")})
        run._run(commit=commit, batch_size=batch_size)
        return run

    @api.model
    def _adopt_on_install(self):
        """A small database is adopted during the installation, a large one queued."""
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM res_partner WHERE crm_kind IS NULL AND id NOT IN (%s)",
                SQL(SKIPPED_PARTNERS),
            )
        )
        if self.env.cr.fetchone()[0] <= INSTALL_INLINE_LIMIT:
            return self._adopt_existing_contacts()
        run = self.sudo().create({"name": self.env._("Adoption at installation")})
        run._crm_job_queue()
        run.state = "running"
        return run

    def _check_adoption_access(self):
        if not (self.env.su or self.env.user.has_group("sales_team.group_sale_manager")):
            raise AccessError(self.env._("Only sales managers can classify the existing contacts."))

    def _run(self, commit=False, batch_size=BATCH_SIZE):
        """The whole job in this process: each batch committed when commit is set."""
        self.ensure_one()
        self._crm_job_queue()
        run = self.sudo().with_context(crm_adoption_batch_size=batch_size)
        while run.job_state in ("queued", "running"):
            run._crm_job_process_batch()
            self._commit(commit)
        if run.job_state == "failed":
            raise UserError(run.job_error)
        return {field: run[field] for field in COUNT_FIELDS}

    # ------------------------------------------------------------------
    # The job's steps
    # ------------------------------------------------------------------

    def _crm_job_prepare(self):
        self.write(
            dict(
                {field: 0 for field in COUNT_FIELDS},
                state="running",
                phase=PHASES[0][0],
                date_start=fields.Datetime.now(),
                date_done=False,
            )
        )
        self.env.cr.execute(
            "SELECT count(*) FILTER (WHERE crm_kind IS NULL),"
            " count(*) FILTER (WHERE crm_kind = 'person') FROM res_partner"
        )
        unclassified, persons = self.env.cr.fetchone()
        # Each contact is classified once and each person keyed and compared once.
        return unclassified + 2 * (persons + unclassified // 2)

    def _crm_job_step(self, batch_size):
        batch_size = self.env.context.get("crm_adoption_batch_size") or batch_size
        self.env.flush_all()
        done, finished = getattr(self, f"_step_{self.phase}")(batch_size)
        self.env.invalidate_all()
        if finished:
            phases = [phase for phase, _label in PHASES]
            following = phases[phases.index(self.phase) + 1 :]
            self.write({"phase": following[0] if following else False, "job_cursor": 0})
        remaining = max(1, self.job_total - self.job_done - done) if self.phase else 0
        return done, remaining

    def _crm_job_finish(self):
        values = {field: self[field] for field in COUNT_FIELDS}
        values["summary"] = self._summary_text(values)
        self.write(
            {"state": "done", "date_done": fields.Datetime.now(), "summary": values["summary"]}
        )
        _logger.info("Relationship model adoption: %s", values["summary"].replace("\n", "; "))

    def _add_counts(self, counts):
        self.write({field: self[field] + value for field, value in counts.items()})

    def _step_organisations(self, batch_size):
        count, self.job_cursor = self._classify_organisations_batch(batch_size, self.job_cursor)
        self._add_counts({"organisation_count": count})
        return count, count < batch_size

    def _step_persons(self, batch_size):
        count, self.job_cursor = self._classify_private_persons_batch(batch_size, self.job_cursor)
        self._add_counts({"person_count": count})
        return count, count < batch_size

    def _step_role_groups(self, batch_size):
        self._prepare_role_groups()
        return 0, True

    def _step_roles(self, batch_size):
        cr = self.env.cr
        cr.execute(
            "SELECT label FROM crm_adopt_group WHERE label > %s ORDER BY label LIMIT %s",
            [self.job_cursor, batch_size],
        )
        labels = [row[0] for row in cr.fetchall()]
        if not labels:
            cr.execute("DROP TABLE IF EXISTS crm_adopt_node, crm_adopt_key, crm_adopt_group")
            return 0, True
        counts = dict(role_count=0, new_person_count=0, joined_role_count=0)
        self._link_role_batch(labels, counts)
        self._add_counts(counts)
        self.job_cursor = labels[-1]
        return counts["role_count"], False

    def _step_keys(self, batch_size):
        """Every person's duplicate keys, written anew (its roles may have changed):
        emptied first, then written in batches without a delete each."""
        cr = self.env.cr
        if not self.job_cursor:
            # Written without its indexes, built once at the end: a quarter of the phase
            # was updating them row by row. The table is empty meanwhile anyway.
            # Classification changed what the planner knows of res_partner (kinds, roles'
            # persons): with the statistics of before, each batch's "next persons" read
            # every person and sorted them (quadratic: minutes at a million contacts).
            cr.execute(
                """TRUNCATE crm_duplicate_key;
                   DROP INDEX IF EXISTS crm_duplicate_key_key_index,
                                        crm_duplicate_key_partner_index;
                   ANALYZE res_partner"""
            )
        cr.execute(
            """SELECT id FROM res_partner WHERE crm_kind = 'person' AND active AND id > %s
                ORDER BY id LIMIT %s""",
            [self.job_cursor, batch_size],
        )
        ids = [row[0] for row in cr.fetchall()]
        if not ids:
            # Keys of partners that are no (active) person any more.
            cr.execute(
                """DELETE FROM crm_duplicate_key k WHERE NOT EXISTS (
                       SELECT 1 FROM res_partner p WHERE p.id = k.partner_id
                          AND p.crm_kind = 'person' AND p.active)"""
            )
            self.env["res.partner"]._crm_create_duplicate_key_table()
            cr.execute("ANALYZE crm_duplicate_key")
            return 0, True
        self.env["res.partner"]._crm_write_duplicate_keys(ids, replace=False)
        self.job_cursor = ids[-1]
        return len(ids), False

    def _step_candidates(self, batch_size):
        self.env.cr.execute("SELECT COALESCE(max(id), 0) FROM crm_duplicate_pair")
        self.pair_id_before = self.env.cr.fetchone()[0]
        count = self.env["crm.duplicate.pair"]._crm_prepare_candidates()
        _logger.info("Adoption: %s candidate pairs to compare", count)
        return 0, True

    def _step_pairs(self, batch_size):
        Pair = self.env["crm.duplicate.pair"]
        # Pairs rather than persons per batch: a person has one or two candidates.
        cursor, scored = Pair._crm_list_candidate_batch(self.job_cursor, batch_size * 4)
        if cursor is None:
            Pair._crm_limit_pairs_per_person()
            Pair._crm_drop_candidates()
            return 0, True
        self.job_cursor = cursor
        return min(scored, batch_size), False

    def _step_merge(self, batch_size):
        Pair = self.env["crm.duplicate.pair"]
        if not Pair._crm_settings()[2]:
            return 0, True
        merged = Pair._crm_auto_merge_batch(min(batch_size, 200))
        self._add_counts({"merged_count": merged})
        return merged, merged == 0

    def _step_finish(self, batch_size):
        """The pairs listed by this run: the list's size now against before it."""
        self.env.cr.execute(
            "SELECT count(*) FROM crm_duplicate_pair WHERE state = 'open' AND id > %s",
            [self.pair_id_before],
        )
        self.review_pair_count = self.env.cr.fetchone()[0]
        return 0, True

    @api.model
    def _summary_text(self, counts):
        return "\n".join(
            [
                self.env._(
                    "%(count)s companies became organisations.", count=counts["organisation_count"]
                ),
                self.env._(
                    "%(count)s private contacts became persons.",
                    count=counts["person_count"],
                ),
                self.env._(
                    "%(count)s contacts of companies became roles; %(new)s persons were "
                    "created for them and %(joined)s roles joined the person of another "
                    "contact (the same email, or the same name and phone).",
                    count=counts["role_count"],
                    new=counts["new_person_count"],
                    joined=counts["joined_role_count"],
                ),
                self.env._(
                    "%(count)s possible duplicates were listed for review.",
                    count=counts["review_pair_count"],
                ),
                self.env._("Invoice, delivery and other addresses were left as they are."),
            ]
        )

    def _commit(self, commit):
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit

    # ------------------------------------------------------------------
    # Organisations and private persons
    # ------------------------------------------------------------------

    def _classify_organisations(self, commit, batch_size):
        total, cursor = 0, 0
        while True:
            count, cursor = self._classify_organisations_batch(batch_size, cursor)
            total += count
            self._commit(commit)
            if count < batch_size:
                return total

    def _classify_organisations_batch(self, batch_size, cursor=0):
        """Companies after the id cursor: (how many, the new cursor). A batch starts
        where the previous one ended, rather than reading past all the contacts
        classified or skipped before it again (quadratic at a million contacts)."""
        rows = self.env.execute_query(
            SQL(
                """
                UPDATE res_partner SET crm_kind = 'organisation'
                 WHERE id IN (SELECT id FROM res_partner
                               WHERE crm_kind IS NULL AND is_company AND id > %(cursor)s
                                 AND id NOT IN (%(skipped)s)
                               ORDER BY id LIMIT %(limit)s)
                RETURNING id
                """,
                skipped=SQL(SKIPPED_PARTNERS),
                cursor=cursor,
                limit=batch_size,
            )
        )
        return len(rows), max((row[0] for row in rows), default=cursor)

    def _classify_private_persons_batch(self, batch_size, cursor=0):
        """Individuals without a parent after the id cursor: persons, their name split
        into its parts. Returns (how many, the new cursor)."""
        Partner = self.env["res.partner"]
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id, name FROM res_partner
                 WHERE crm_kind IS NULL AND NOT COALESCE(is_company, false)
                   AND parent_id IS NULL AND COALESCE(type, 'contact') = 'contact'
                   AND id > %(cursor)s AND id NOT IN (%(skipped)s)
                 ORDER BY id LIMIT %(limit)s
                """,
                skipped=SQL(SKIPPED_PARTNERS),
                cursor=cursor,
                limit=batch_size,
            )
        )
        if not rows:
            return 0, cursor
        ids = [row[0] for row in rows]
        with Partner._crm_names_order_fixed():
            parts = [Partner._crm_split_name(row[1]) for row in rows]
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner p SET crm_kind = 'person',
                       firstname = COALESCE(v.firstname, p.firstname),
                       lastname = COALESCE(v.lastname, p.lastname)
                  FROM unnest(%s::int[], %s::varchar[], %s::varchar[])
                       AS v(id, firstname, lastname)
                 WHERE p.id = v.id
                """,
                ids,
                [part[0] or None for part in parts],
                [part[1] or None for part in parts],
            )
        )
        return len(ids), ids[-1]

    # ------------------------------------------------------------------
    # Roles and their persons
    # ------------------------------------------------------------------

    def _prepare_role_groups(self):
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                DROP TABLE IF EXISTS crm_adopt_node, crm_adopt_key, crm_adopt_group;
                -- Its joins and groupings of a million rows spill to disk at the
                -- default 4 MB; for this transaction only.
                SET LOCAL work_mem = '64MB';
                -- Contacts to classify (no anchor) and existing persons and roles, anchored
                -- to their person. Unlogged tables, not temporary: the job's batches run
                -- in transactions of their own.
                CREATE UNLOGGED TABLE crm_adopt_node AS
                SELECT c.id, NULL::int AS anchor, c.id AS label
                  FROM res_partner c JOIN res_partner o ON o.id = c.parent_id
                 WHERE c.crm_kind IS NULL AND NOT COALESCE(c.is_company, false)
                   AND COALESCE(c.type, 'contact') = 'contact'
                   AND o.crm_kind = 'organisation' AND c.id NOT IN (%(skipped)s)
                UNION ALL
                SELECT id, COALESCE(role_person_id, id), id FROM res_partner
                 WHERE crm_kind = 'person' OR (crm_kind = 'role' AND role_person_id IS NOT NULL);
                ALTER TABLE crm_adopt_node ADD PRIMARY KEY (id);
                -- Strong evidence: the same email; the same name and phone or mobile.
                -- The keys are unnested from an array in the select list: SQL functions
                -- in a lateral VALUES are planned again for every row (8 s per 100,000).
                CREATE UNLOGGED TABLE crm_adopt_key AS
                SELECT DISTINCT node, key, parent_id, name_key FROM (
                    SELECT n.id AS node, p.parent_id, crm_rm_name_key(p.name) AS name_key,
                           unnest(ARRAY[
                               'e:' || p.email_normalized,
                               'p:' || crm_rm_name_key(p.name) || '|'
                                    || crm_rm_phone_key(p.phone),
                               'p:' || crm_rm_name_key(p.name) || '|'
                                    || crm_rm_phone_key(p.mobile)]) AS key
                      FROM crm_adopt_node n JOIN res_partner p ON p.id = n.id) AS keys
                 WHERE key IS NOT NULL;
                -- A mailbox shared by differently named contacts of one company
                -- (info@...) is no evidence that they are one human.
                DELETE FROM crm_adopt_key k USING (
                    SELECT key FROM crm_adopt_key
                     WHERE left(key, 2) = 'e:' AND parent_id IS NOT NULL
                     GROUP BY key, parent_id
                    HAVING count(DISTINCT name_key) > 1) shared
                 WHERE k.key = shared.key;
                -- Keys of one node only join nothing.
                DELETE FROM crm_adopt_key k USING (
                    SELECT key FROM crm_adopt_key GROUP BY key HAVING count(*) = 1) single
                 WHERE k.key = single.key;
                CREATE INDEX ON crm_adopt_key (key);
                CREATE INDEX ON crm_adopt_key (node);
                ANALYZE crm_adopt_node;
                ANALYZE crm_adopt_key;
                """,
                skipped=SQL(SKIPPED_PARTNERS),
            )
        )
        # Connected groups: every node takes the smallest label among the nodes it shares
        # a key with, until nothing changes (a few rounds: the longest chain of links).
        for _round in range(MAX_PROPAGATION_ROUNDS):
            cr.execute(
                """
                UPDATE crm_adopt_node n SET label = m.label
                  FROM (SELECT k.node, min(kl.label) AS label
                          FROM crm_adopt_key k
                          JOIN (SELECT k2.key, min(n2.label) AS label
                                  FROM crm_adopt_key k2 JOIN crm_adopt_node n2 ON n2.id = k2.node
                                 GROUP BY k2.key) kl ON kl.key = k.key
                         GROUP BY k.node) m
                 WHERE n.id = m.node AND m.label < n.label
                """
            )
            if not cr.rowcount:
                break
        # Groups with contacts to classify; their person is the oldest anchored person
        # (a private contact when there is one: they are persons already).
        cr.execute(
            """
            CREATE UNLOGGED TABLE crm_adopt_group AS
            SELECT label, min(anchor) AS person_id,
                   count(DISTINCT anchor) AS anchor_count,
                   min(id) FILTER (WHERE anchor IS NULL) AS first_contact_id
              FROM crm_adopt_node GROUP BY label HAVING bool_or(anchor IS NULL);
            ALTER TABLE crm_adopt_group ADD PRIMARY KEY (label);
            -- Each batch of groups reads its nodes by label, not the whole table.
            CREATE INDEX ON crm_adopt_node (label);
            ANALYZE crm_adopt_node;
            -- The roles phase reads organisations and persons classified since the
            -- statistics were last taken.
            ANALYZE res_partner;
            """
        )
        # Several persons in one group are duplicates by strong evidence: listed for
        # review, never merged by the adoption.
        self.env["crm.duplicate.pair"]._insert_pairs(
            "same_email",
            SQL(
                """SELECT DISTINCT g.person_id, n.anchor
                     FROM crm_adopt_group g JOIN crm_adopt_node n ON n.label = g.label
                    WHERE g.anchor_count > 1 AND n.anchor > g.person_id"""
            ),
        )

    def _link_role_batch(self, labels, counts):
        cr = self.env.cr
        self._create_persons_for_groups(labels, counts)
        # A role's name parts are its person's; where only the parts differ, SQL is
        # enough, in the same update (each update of a partner writes its 40 indexes).
        cr.execute(
            """
            UPDATE res_partner r SET crm_kind = 'role', role_person_id = g.person_id,
                   is_company = false,
                   firstname = CASE WHEN r.name = p.name THEN p.firstname ELSE r.firstname END,
                   lastname = CASE WHEN r.name = p.name THEN p.lastname ELSE r.lastname END
              FROM crm_adopt_node n JOIN crm_adopt_group g ON g.label = n.label
              JOIN res_partner p ON p.id = g.person_id
             WHERE n.label = ANY(%s) AND n.anchor IS NULL AND r.id = n.id
            RETURNING r.id, r.id = g.first_contact_id AND g.anchor_count = 0,
                      CASE WHEN r.name IS DISTINCT FROM p.name THEN p.id END
            """,
            [labels],
        )
        rows = cr.fetchall()
        counts["role_count"] += len(rows)
        counts["joined_role_count"] += sum(1 for _role_id, own, _person in rows if not own)
        # Those whose name differs follow their person through the ORM, which keeps the
        # display names right.
        person_ids = sorted({person_id for _role_id, _own, person_id in rows if person_id})
        self.env.invalidate_all()
        if person_ids:
            self.env["res.partner"].browse(person_ids)._sync_person_to_roles({"name": True})
            self.env.flush_all()
        self.env.invalidate_all()

    def _create_persons_for_groups(self, labels, counts):
        """A person for each group of the batch that has none, named after its first
        contact, in one insert; the columns Odoo fills on create are copied from a
        person made through the ORM (and rolled back)."""
        cr = self.env.cr
        cr.execute(
            """
            SELECT g.label, c.name, c.lang, c.tz, c.user_id, c.company_id, c.title,
                   bool_or(COALESCE(n2.active, true))
              FROM crm_adopt_group g
              JOIN res_partner c ON c.id = g.first_contact_id
              JOIN crm_adopt_node n ON n.label = g.label AND n.anchor IS NULL
              JOIN res_partner n2 ON n2.id = n.id
             WHERE g.label = ANY(%s) AND g.person_id IS NULL
             GROUP BY g.label, c.id
            """,
            [labels],
        )
        rows = cr.fetchall()
        if not rows:
            return
        template = self._person_template()
        Partner = self.env["res.partner"]
        with Partner._crm_names_order_fixed():
            parts = [Partner._crm_split_name(row[1]) for row in rows]
            names = [
                Partner._crm_compose_name(*part) or row[1]
                for part, row in zip(parts, rows, strict=True)
            ]
        columns = [column for column, value in template.items() if value is not None]
        cr.execute(
            SQL(
                """
                WITH new AS (
                    SELECT nextval('res_partner_id_seq') AS id, v.*
                      FROM unnest(%(labels)s::int[], %(names)s::varchar[],
                                  %(firsts)s::varchar[], %(lasts)s::varchar[],
                                  %(langs)s::varchar[], %(tzs)s::varchar[], %(users)s::int[],
                                  %(companies)s::int[], %(titles)s::int[], %(actives)s::bool[])
                           AS v(label, name, firstname, lastname, lang, tz, user_id,
                                company_id, title, active)
                ), inserted AS (
                    INSERT INTO res_partner (id, name, complete_name, firstname, lastname,
                           commercial_partner_id, lang, tz, user_id, company_id, title, active,
                           create_date, write_date, create_uid, write_uid %(columns)s)
                    SELECT id, name, name, firstname, lastname, id, lang, tz, user_id,
                           company_id, title, active, now() at time zone 'utc',
                           now() at time zone 'utc', %(uid)s, %(uid)s %(values)s
                      FROM new
                    RETURNING id
                )
                UPDATE crm_adopt_group g SET person_id = new.id
                  FROM new WHERE g.label = new.label
                """,
                labels=[row[0] for row in rows],
                names=names,
                firsts=[part[0] or None for part in parts],
                lasts=[part[1] or None for part in parts],
                langs=[row[2] for row in rows],
                tzs=[row[3] for row in rows],
                users=[row[4] for row in rows],
                companies=[row[5] for row in rows],
                titles=[row[6] for row in rows],
                actives=[row[7] for row in rows],
                uid=self.env.uid,
                columns=SQL("").join(SQL(", %s", SQL.identifier(col)) for col in columns),
                values=SQL("").join(
                    SQL(
                        ", %s",
                        Json(template[col]) if isinstance(template[col], dict) else template[col],
                    )
                    for col in columns
                ),
            )
        )
        counts["new_person_count"] += len(rows)

    def _person_template(self):
        """Column values of a person as the ORM creates it, with the installed addons'
        defaults; the record itself is rolled back."""
        cr = self.env.cr
        with cr.savepoint(flush=False) as savepoint:
            person = (
                self.env["res.partner"]
                .with_context(tracking_disable=True, mail_create_nolog=True)
                .create({"crm_kind": "person", "name": "Adoption Template"})
            )
            self.env.flush_all()
            cr.execute("SELECT * FROM res_partner WHERE id = %s", [person.id])
            values = dict(zip([d.name for d in cr.description], cr.fetchone(), strict=True))
            savepoint.rollback()
        self.env.invalidate_all(flush=False)
        template = {
            column: value
            for column, value in values.items()
            if column not in PERSON_OWN_COLUMNS and column not in ("crm_kind", "type")
        }
        template.update(crm_kind="person", type="contact", is_company=False)
        return template

    # ------------------------------------------------------------------
    # Possible duplicates (weaker evidence): the review list
    # ------------------------------------------------------------------

    def _find_possible_duplicates(self):
        """The review list's pairs of this run (crm.duplicate.pair)."""
        return self.env["crm.duplicate.pair"]._find_possible_duplicates()
