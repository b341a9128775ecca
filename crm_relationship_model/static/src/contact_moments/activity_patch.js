// Copyright 2026 CRM Relationship Model contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {Activity} from "@mail/core/web/activity";
import {Chatter} from "@mail/chatter/web_portal/chatter";
import {patch} from "@web/core/utils/patch";

/**
 * A person's or an organisation's chatter also lists the activities of its roles and
 * contacts (crm_relationship_model): each says which record it is on, and a change to
 * one reloads the chatter it is shown in, not only the record it belongs to.
 */
Activity.props = [...Activity.props, "thread?"];

patch(Activity.prototype, {
    get crmIsOnOtherRecord() {
        const thread = this.props.thread;
        const activity = this.props.activity;
        return Boolean(
            thread && (activity.res_model !== thread.model || activity.res_id !== thread.id)
        );
    },
    get crmRecordUrl() {
        const activity = this.props.activity;
        return `/odoo/${activity.res_model}/${activity.res_id}`;
    },
});

patch(Chatter.prototype, {
    onActivityChanged(thread) {
        super.onActivityChanged(this.state.thread ?? thread);
    },
});
