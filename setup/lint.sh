#!/usr/bin/env bash
# Runs every check of .pre-commit-config.yaml on all files of the repository: the OCA's
# module and .po checks, ruff (lint and format), pylint-odoo, prettier (XML, JS, SCSS),
# eslint and shellcheck. The formatters fix files in place; the run fails when a file was
# changed or a check reported something.
# Usage: bash setup/lint.sh [PRE-COMMIT RUN OPTIONS...]   e.g. --files setup/run.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PRE_COMMIT="$ODOO_VENV/bin/pre-commit"
[ -x "$PRE_COMMIT" ] || die "pre-commit is missing in $ODOO_VENV. Run: bash setup/install.sh"
command -v node >/dev/null && command -v npm >/dev/null ||
    die "Node.js and npm are missing (the prettier and eslint checks need them). Run: bash setup/install.sh"

cd "$PROJECT_ROOT"
if [ $# -eq 0 ]; then
    set -- --all-files
fi
"$PRE_COMMIT" run --show-diff-on-failure "$@"
