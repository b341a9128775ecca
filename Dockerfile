# The official Odoo 18 image (Ubuntu 24.04, Odoo as a Debian package, Python 3.12) with
# the OCA addons the manifests depend on, from PyPI. docker-compose.yml builds it and
# mounts the addons of this repository; `docker compose build` after changing a manifest's
# "depends" (compose rebuilds it on each start anyway, from cache).
#
# The build context holds only what names those dependencies (see .dockerignore): the
# manifests, the addons' pyproject.toml and setup/addon_requirements.py, which derives
# the list from them as setup/install.sh does and installs it. pip must not look for
# Odoo on PyPI: the script installs OCA addons with --no-deps and their own
# requirements but Odoo after them. manifestoo-core, which it reads the manifests with,
# is installed for the build only and removed.
FROM odoo:18

USER root
COPY . /tmp/crm-build
RUN pip3 install --quiet --no-cache-dir --root-user-action=ignore --break-system-packages \
        --target /tmp/crm-build/tools manifestoo-core \
    && PYTHONPATH=/tmp/crm-build/tools python3 /tmp/crm-build/setup/addon_requirements.py \
        --install --quiet --no-cache-dir --root-user-action=ignore --break-system-packages \
    && rm -rf /tmp/crm-build
USER odoo
