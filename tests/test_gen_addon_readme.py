"""setup/gen_addon_readme.py: README.rst from an addon's manifest and Markdown fragments.

Plain pytest, no Odoo: run with pytest-odoo's plugin off,
    pytest -p no:odoo tests/test_gen_addon_readme.py
"""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "setup" / "gen_addon_readme.py"
spec = importlib.util.spec_from_file_location("gen_addon_readme", SCRIPT)
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

docutils_core = pytest.importorskip("docutils.core")


def make_addon(tmp_path, **fragments):
    addon = tmp_path / "some_addon"
    (addon / "readme").mkdir(parents=True)
    (addon / "__manifest__.py").write_text(
        repr(
            {
                "name": "Some Addon",
                "summary": "Does one thing",
                "version": "18.0.1.0.0",
                "license": "AGPL-3",
                "author": "Someone, Someone Else",
                "depends": ["base"],
            }
        )
    )
    for name, text in fragments.items():
        (addon / "readme" / f"{name}.md").write_text(text)
    return addon


def html_of(rst):
    """The HTML body docutils makes of rst, with each run of whitespace made one space."""
    body = docutils_core.publish_parts(
        rst, writer_name="html", settings_overrides={"report_level": 5}
    )["body"]
    return " ".join(body.split())


def test_readme_has_title_summary_sections_and_credits(tmp_path):
    addon = make_addon(
        tmp_path,
        DESCRIPTION="What it does.",
        USAGE="# Roles\n\nEnd a role, start a new one.",
        CONFIGURE="Nothing to set up.",
        CONTRIBUTORS="- Jan de Vries",
    )
    readme = gen.build_readme(addon)
    html = html_of(readme)
    assert readme.startswith("==========\nSome Addon\n==========\n")
    assert "*Does one thing*" in readme
    for title in ("Configuration", "Usage", "Roles", "Credits", "Authors", "Contributors"):
        assert f">{title}</a></h" in html, title
    # Configuration comes before Usage, as in OCA's READMEs.
    assert readme.index("Configuration\n===") < readme.index("Usage\n===")
    assert "<li>Someone Else</li>" in html
    assert "<li>Jan de Vries</li>" in html


def test_inline_markdown_becomes_rst_markup(tmp_path):
    addon = make_addon(
        tmp_path,
        DESCRIPTION=(
            "Set `crm_kind` on **persons**s, see [the docs](https://example.com/x_y), "
            "a field_ name, a | bar and a * star."
        ),
    )
    html = html_of(gen.build_readme(addon))
    assert '<tt class="docutils literal">crm_kind</tt>' in html
    assert "<strong>persons</strong>s" in html
    assert '<a class="reference external" href="https://example.com/x_y">the docs</a>' in html
    assert "a field_ name, a | bar and a * star." in html


def test_nested_and_numbered_lists(tmp_path):
    addon = make_addon(
        tmp_path,
        DESCRIPTION="- one\n  - one a\n  - one b\n- two\n\n1. first\n2. second\n",
    )
    html = html_of(gen.build_readme(addon))
    assert "<li>one<ul> <li>one a</li> <li>one b</li> </ul> </li>" in html
    assert '<ol class="arabic simple"> <li>first</li> <li>second</li> </ol>' in html


def test_code_block_stays_apart_from_quote(tmp_path):
    addon = make_addon(tmp_path, DESCRIPTION="```\nodoo -u crm_household\n```\n\n> A quote.\n")
    html = html_of(gen.build_readme(addon))
    assert '<pre class="literal-block"> odoo -u crm_household </pre>' in html
    assert "<blockquote> A quote.</blockquote>" in html


@pytest.mark.parametrize(
    ("fragments", "message"),
    [
        ({"DESCRIPTION": "Text\n\n| a | b |\n|---|---|\n"}, "tables are not converted"),
        ({"DESCRIPTION": "# Title\n\nText"}, "no headings here"),
        ({"DESCRIPTION": "Text with <b>html</b>."}, "raw HTML"),
        ({"DESCRIPTION": "Text ![shot](x.png) inline."}, "image must stand alone"),
        ({"USAGE": "Text"}, "DESCRIPTION.md is required"),
    ],
)
def test_unconvertible_markdown_is_refused(tmp_path, fragments, message):
    addon = make_addon(tmp_path, **fragments)
    with pytest.raises(gen.FragmentError, match=message):
        gen.build_readme(addon)


def test_check_mode_reports_a_stale_readme(tmp_path, capsys):
    addon = make_addon(tmp_path, DESCRIPTION="First text.")
    assert gen.main([str(addon)]) == 0
    assert gen.main(["--check", str(addon)]) == 0
    (addon / "readme" / "DESCRIPTION.md").write_text("Changed text.")
    assert gen.main(["--check", str(addon)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert "First text." in (addon / "README.rst").read_text()


def test_repository_readmes_are_up_to_date():
    assert gen.main(["--check"]) == 0, "run: python3 setup/gen_addon_readme.py"
