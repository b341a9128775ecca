#!/usr/bin/env python3
"""Generate an addon's README.rst from its manifest and its readme/*.md fragments.

OCA addons keep their documentation as fragments (readme/DESCRIPTION.md, USAGE.md,
CONFIGURE.md, CONTRIBUTORS.md, ...) and generate README.rst from them. OCA's own
generator (oca-gen-addon-readme) is not published on PyPI, so this script does the same
job for this repository, with no dependency beyond the standard library:

    python3 setup/gen_addon_readme.py                  # every addon in the repository
    python3 setup/gen_addon_readme.py crm_household    # some addons
    python3 setup/gen_addon_readme.py --check          # exit 1 if a README.rst is stale

Edit the fragments, never README.rst. The fragments are Markdown, limited to what reads
well as reStructuredText: headings, paragraphs, bullet and numbered lists (nested too),
**bold**, *italic*, `code`, [links](url), block quotes, fenced code blocks and stand-alone
images. Anything else (tables, raw HTML, inline images) stops the script with the file
and line to fix, rather than producing a README that renders wrongly. When docutils is
importable (it is in Odoo's virtualenv) the result is also parsed and any reStructuredText
warning is an error.
"""

import argparse
import ast
import re
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# Fragment name -> section title, in the order OCA's README puts them. DESCRIPTION has no
# title (it opens the README); CONTRIBUTORS and CREDITS go under "Credits".
SECTIONS = [
    ("DESCRIPTION", None),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("DEVELOP", "Development"),
    ("HISTORY", "Changelog"),
]
CREDIT_FRAGMENTS = [("CONTRIBUTORS", "Contributors"), ("CREDITS", "Other credits")]

# Underline characters: title (over- and underlined), sections, then fragment headings.
TITLE_CHAR = "="
SECTION_CHAR = "="
SUBSECTION_CHARS = ["-", "~", "^", '"']
WIDTH = 88


class FragmentError(Exception):
    """A fragment uses Markdown this generator does not convert."""


# ----------------------------------------------------------------------------
# Inline Markdown -> reStructuredText
# ----------------------------------------------------------------------------

INLINE_TOKEN = re.compile(
    r"(?P<code>`+)(?P<code_text>.+?)(?P=code)"
    r"|!\[(?P<img_alt>[^\]]*)\]\((?P<img_src>[^)\s]+)\)"
    r"|\[(?P<link_text>[^\]]+)\]\((?P<link_url>[^)\s]+)\)"
    r"|<(?P<autolink>https?://[^>\s]+)>"
    r"|\*\*(?P<strong>[^*]+?)\*\*"
    r"|__(?P<strong_u>[^_]+?)__"
    r"|\*(?P<em>[^*\s][^*]*?)\*"
    r"|(?<![\w])_(?P<em_u>[^_\s][^_]*?)_(?![\w])"
    r"|(?P<html></?[a-zA-Z][^>]*>)"
)


def _escape_text(text):
    """Escape what reStructuredText would read as markup in plain text."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([*`|])", r"\\\1", text)
    # A word ending in "_" is a reference in reStructuredText ("name_").
    text = re.sub(r"(\w)_(?=\W|$)", r"\1\\_", text)
    return text


def _glue(rst, before, after):
    """Inline markup must touch whitespace or punctuation; escape-space it otherwise."""
    if before and (before[-1].isalnum()):
        rst = "\\ " + rst
    if after and (after[0].isalnum()):
        rst = rst + "\\ "
    return rst


def convert_inline(text, where):
    out = []
    pos = 0
    for match in INLINE_TOKEN.finditer(text):
        out.append(_escape_text(text[pos : match.start()]))
        before = text[: match.start()]
        after = text[match.end() :]
        if match.group("code") is not None:
            code = match.group("code_text").strip()
            if "``" in code:
                raise FragmentError(f"{where}: inline code may not contain ``")
            rst = f"``{code}``"
        elif match.group("img_src") is not None:
            raise FragmentError(f"{where}: an image must stand alone in its own paragraph")
        elif match.group("link_url") is not None:
            label = match.group("link_text").replace("<", "\\<").replace("`", "\\`")
            rst = f"`{label} <{match.group('link_url')}>`__"
        elif match.group("autolink") is not None:
            rst = match.group("autolink")
        elif match.group("strong") is not None or match.group("strong_u") is not None:
            rst = f"**{match.group('strong') or match.group('strong_u')}**"
        elif match.group("em") is not None or match.group("em_u") is not None:
            rst = f"*{match.group('em') or match.group('em_u')}*"
        else:
            raise FragmentError(f"{where}: raw HTML is not converted: {match.group('html')}")
        out.append(_glue(rst, before, after))
        pos = match.end()
    out.append(_escape_text(text[pos:]))
    return "".join(out)


# ----------------------------------------------------------------------------
# Block Markdown -> reStructuredText
# ----------------------------------------------------------------------------

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d+[.)])\s+(?P<text>.*)$")
FENCE = re.compile(r"^\s*(```|~~~)\s*(?P<lang>[\w+-]*)\s*$")
IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)$")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
LEADING_MARKUP = re.compile(r"^(\.\.\s|[-+]\s|\d+[.)]\s|#\.\s|::)")


def wrap(text, first_prefix="", prefix=""):
    """Wrap reStructuredText at WIDTH without breaking an escaped space ("\\ ")."""
    text = text.replace("\\ ", "\\\0")
    lines = textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first_prefix,
        subsequent_indent=prefix,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace("\\\0", "\\ ") for line in lines]


def _paragraph(lines, where):
    text = " ".join(line.strip() for line in lines)
    rst = convert_inline(text, where)
    if LEADING_MARKUP.match(rst):
        rst = "\\" + rst
    return wrap(rst)


def _fence_block(lines, i, where_file, options):
    closing = FENCE.match(lines[i]).group(1)
    start = i
    i += 1
    code = []
    while i < len(lines) and not lines[i].strip().startswith(closing):
        code.append(lines[i].rstrip())
        i += 1
    if i >= len(lines):
        raise FragmentError(f"{where_file}:{start + 1}: code block is never closed")
    return ["::", ""] + [("   " + c) if c else "" for c in code], i + 1


def _heading_block(lines, i, where_file, options):
    where = f"{where_file}:{i + 1}"
    if not options["allow_headings"]:
        raise FragmentError(
            f"{where}: no headings here: this text opens the README, "
            "before its sections; use paragraphs and lists"
        )
    heading = HEADING.match(lines[i].rstrip())
    level = len(heading.group(1)) - 1 + options["heading_level_offset"]
    if level >= len(SUBSECTION_CHARS):
        raise FragmentError(f"{where}: heading nested too deep")
    title = convert_inline(heading.group(2), where)
    return [title, SUBSECTION_CHARS[level] * len(title)], i + 1


def _list_block(lines, i, where_file, options):
    block, i = _take_list(lines, i, where_file)
    return _convert_list(block, where_file), i


def _quote_block(lines, i, where_file, options):
    quote = []
    while i < len(lines) and lines[i].lstrip().startswith(">"):
        quote.append(re.sub(r"^\s*>\s?", "", lines[i].rstrip()))
        i += 1
    body = convert_blocks(quote, where_file)
    # An empty comment keeps the quote apart from an indented block above it.
    return ["..", ""] + [("   " + q) if q else "" for q in body], i


def _image_block(lines, i, where_file, options):
    image = IMAGE.match(lines[i].strip())
    out = [f".. image:: {image.group('src')}"]
    if image.group("alt"):
        out.append(f"   :alt: {image.group('alt')}")
    return out, i + 1


def _paragraph_block(lines, i, where_file, options):
    where = f"{where_file}:{i + 1}"
    para = []
    while i < len(lines) and lines[i].strip():
        line = lines[i].rstrip()
        if TABLE_ROW.match(line):
            raise FragmentError(f"{where_file}:{i + 1}: tables are not converted; use a list")
        if para and (HEADING.match(line) or FENCE.match(line) or LIST_ITEM.match(line)):
            break
        para.append(line)
        i += 1
    return _paragraph(para, where), i


# The first block kind whose test matches a line converts the block starting there.
BLOCKS = [
    (FENCE.match, _fence_block),
    (HEADING.match, _heading_block),
    (LIST_ITEM.match, _list_block),
    (lambda line: line.lstrip().startswith(">"), _quote_block),
    (lambda line: IMAGE.match(line.strip()), _image_block),
    (lambda line: True, _paragraph_block),
]


def convert_blocks(lines, where_file, heading_level_offset=0, allow_headings=True):
    """Convert Markdown lines to a list of reStructuredText lines."""
    options = {"heading_level_offset": heading_level_offset, "allow_headings": allow_headings}
    out = []
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line.strip():
            i += 1
            continue
        convert = next(block for test, block in BLOCKS if test(line))
        rst, i = convert(lines, i, where_file, options)
        if out:
            out.append("")
        out.extend(rst)
    return out


def _take_list(lines, i, where_file):
    """The lines of one list, up to the first blank line not followed by another item."""
    block = []
    while i < len(lines):
        line = lines[i].rstrip()
        if not line.strip():
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and LIST_ITEM.match(lines[j].rstrip()):
                i = j
                continue
            if j < len(lines) and lines[j].startswith(" "):
                raise FragmentError(
                    f"{where_file}:{j + 1}: a list item with several paragraphs is not "
                    "converted; keep each item one paragraph"
                )
            break
        if block and (HEADING.match(line) or FENCE.match(line)):
            break
        # Lines that are not items continue the item above them.
        block.append((i, line))
        i += 1
    return block, i


def _convert_list(block, where_file):
    """Nested Markdown list (by indentation) -> nested reStructuredText list."""
    items = []  # [depth, numbered, [text lines], line number]
    indents = []
    for lineno, line in block:
        item = LIST_ITEM.match(line)
        if item:
            indent = len(item.group("indent"))
            while indents and indent < indents[-1]:
                indents.pop()
            if not indents or indent > indents[-1]:
                indents.append(indent)
            numbered = item.group("marker")[0].isdigit()
            items.append([len(indents) - 1, numbered, [item.group("text")], lineno])
        else:
            items[-1][2].append(line.strip())
    out = []
    # A nested list starts where the text of its parent item starts.
    columns = [0]
    previous_depth, previous_numbered = 0, None
    for depth, numbered, texts, lineno in items:
        if depth > len(columns) - 1:
            raise FragmentError(f"{where_file}:{lineno + 1}: list nested too deep at once")
        del columns[depth + 1 :]
        # A new depth, or another kind of list at the same depth, needs a blank line.
        if out and (depth != previous_depth or numbered != previous_numbered):
            out.append("")
        marker = "#." if numbered else "-"
        text = convert_inline(" ".join(texts), f"{where_file}:{lineno + 1}")
        column = columns[depth] + len(marker) + 1
        out.extend(wrap(text, " " * columns[depth] + f"{marker} ", " " * column))
        columns.append(column)
        previous_depth, previous_numbered = depth, numbered
    return out


# ----------------------------------------------------------------------------
# README assembly
# ----------------------------------------------------------------------------


def read_manifest(addon_dir):
    manifest_path = addon_dir / "__manifest__.py"
    return ast.literal_eval(manifest_path.read_text(encoding="utf-8"))


def read_fragment(addon_dir, name, heading_level_offset=0, allow_headings=True):
    path = addon_dir / "readme" / f"{name}.md"
    if not path.is_file():
        if (addon_dir / "readme" / f"{name}.rst").is_file():
            raise FragmentError(
                f"{path.with_suffix('.rst')}: write fragments in Markdown ({name}.md)"
            )
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    rel = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
    converted = convert_blocks(lines, str(rel), heading_level_offset, allow_headings)
    return converted or None


def heading(text, char, overline=False):
    rule = char * len(text)
    return ([rule] if overline else []) + [text, rule, ""]


def build_readme(addon_dir):
    manifest = read_manifest(addon_dir)
    name = manifest["name"]
    lines = heading(name, TITLE_CHAR, overline=True)
    lines += [
        "..",
        "   This file is generated by setup/gen_addon_readme.py from the addon's manifest",
        "   and its readme/*.md fragments. Do not edit it: edit those and run the script.",
        "",
    ]
    if manifest.get("summary"):
        lines += wrap(f"*{' '.join(manifest['summary'].split())}*") + [""]
    version = manifest.get("version", "")
    facts = [
        f"**Odoo** {'.'.join(version.split('.')[:2])}" if version else None,
        f"**Version** {version}" if version else None,
        f"**Licence** {manifest['license']}" if manifest.get("license") else None,
        f"**Maturity** {manifest['development_status']}"
        if manifest.get("development_status")
        else None,
        "**Depends on** " + ", ".join(f"``{d}``" for d in manifest["depends"])
        if manifest.get("depends")
        else None,
    ]
    lines += ["| " + f for f in facts if f] + [""]

    description = read_fragment(addon_dir, "DESCRIPTION", allow_headings=False)
    if description is None:
        raise FragmentError(f"{addon_dir.name}/readme/DESCRIPTION.md is required")
    lines += description + [""]
    lines += ["**Table of contents**", "", ".. contents::", "   :local:", ""]

    for fragment, title in SECTIONS[1:]:
        body = read_fragment(addon_dir, fragment)
        if body:
            lines += heading(title, SECTION_CHAR) + body + [""]

    credits = heading("Credits", SECTION_CHAR)
    authors = [a.strip() for a in manifest.get("author", "").split(",") if a.strip()]
    if authors:
        credits += heading("Authors", SUBSECTION_CHARS[0])
        credits += [f"- {convert_inline(a, 'manifest author')}" for a in authors] + [""]
    for fragment, title in CREDIT_FRAGMENTS:
        body = read_fragment(addon_dir, fragment, heading_level_offset=1)
        if body:
            credits += heading(title, SUBSECTION_CHARS[0]) + body + [""]
    maintainers = manifest.get("maintainers") or []
    if maintainers:
        credits += heading("Maintainers", SUBSECTION_CHARS[0])
        credits += [f"- `{m} <https://github.com/{m}>`__" for m in maintainers] + [""]
    if manifest.get("website"):
        credits += [
            f"This addon is part of the project at {manifest['website']}.",
            "",
        ]
    if len(credits) > 3:
        lines += credits

    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def check_rst(text, where):
    """Parse with docutils when available; any warning is an error."""
    try:
        from docutils.core import publish_doctree
        from docutils.utils import SystemMessage
    except ImportError:
        print(f"note: docutils not installed, {where} was not parsed", file=sys.stderr)
        return
    try:
        publish_doctree(
            text,
            source_path=where,
            settings_overrides={
                "report_level": 2,
                "halt_level": 2,
                "warning_stream": False,
                "file_insertion_enabled": False,
                "raw_enabled": False,
            },
        )
    except SystemMessage as error:
        raise FragmentError(f"{where}: generated reStructuredText is invalid: {error}") from None


def find_addons(root):
    return sorted(p.parent for p in root.glob("*/__manifest__.py"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "addons",
        nargs="*",
        help="addon directories (default: every addon in the repository)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when a README.rst is missing or out of date",
    )
    args = parser.parse_args(argv)
    addon_dirs = [Path(a).resolve() for a in args.addons] or find_addons(REPO_ROOT)
    stale = []
    try:
        for addon_dir in addon_dirs:
            if not (addon_dir / "__manifest__.py").is_file():
                raise FragmentError(f"{addon_dir}: not an addon (no __manifest__.py)")
            if not args.addons and not any((addon_dir / "readme").glob("*.md")):
                print(f"note: {addon_dir.name} has no readme/ fragments yet", file=sys.stderr)
                continue
            readme = addon_dir / "README.rst"
            text = build_readme(addon_dir)
            check_rst(text, str(readme))
            current = readme.read_text(encoding="utf-8") if readme.exists() else None
            if current == text:
                continue
            if args.check:
                stale.append(readme)
            else:
                readme.write_text(text, encoding="utf-8")
                print(f"wrote {readme}")
    except FragmentError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if stale:
        for readme in stale:
            print(f"out of date: {readme}", file=sys.stderr)
        print("run: python3 setup/gen_addon_readme.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
