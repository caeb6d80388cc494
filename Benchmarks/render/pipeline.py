"""The reference pipeline for the render benchmark: what Cohort's `announce render` does, done the
way a Python team would, with the same templates: YAML front matter (PyYAML), the body's
variables and the channel templates with chevron (Mustache), CommonMark with markdown-it-py
(HTML for the blog and the mail; wikitext and plain text by walking its tokens), and the mail as
MIME with email.message. Writes announcements/<slug>/meta.wiki, blog.html, mail.eml like Cohort.

  pipeline.py WORKSPACE CONTEXT.json     (CONTEXT: the program's template variables)
"""
import email.message
import email.policy
import email.utils
import html
import json
import pathlib
import sys

import chevron
import yaml
from markdown_it import MarkdownIt


def wikitext(tokens):
    out, lists = [], []
    for t in tokens:
        if t.type == "heading_open":
            out.append("=" * int(t.tag[1]) + " ")
        elif t.type == "heading_close":
            out.append(" " + "=" * int(t.tag[1]) + "\n\n")
        elif t.type == "paragraph_close" and not lists:
            out.append("\n\n")
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("*" if t.type == "bullet_list_open" else "#")
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            out.append("\n")
        elif t.type == "list_item_open":
            out.append("".join(lists) + " ")
        elif t.type == "list_item_close":
            out.append("\n")
        elif t.type == "inline":
            out.append(inline_wiki(t.children or []))
    return "".join(out).strip() + "\n"


def inline_wiki(children):
    out, href = [], None
    for c in children:
        if c.type == "text":
            out.append(c.content.replace("[", "&#91;").replace("{", "&#123;").replace("<", "&lt;"))
        elif c.type in ("strong_open", "strong_close"):
            out.append("'''")
        elif c.type in ("em_open", "em_close"):
            out.append("''")
        elif c.type == "link_open":
            href = c.attrs.get("href", "")
            out.append(f"[{href} ")
        elif c.type == "link_close":
            out.append("]")
        elif c.type == "code_inline":
            out.append(f"<code>{html.escape(c.content)}</code>")
        elif c.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out)


def plain(tokens):
    out = []
    for t in tokens:
        if t.type == "inline":
            out.append("".join(c.content if c.type == "text" else (" " if "break" in c.type else "")
                               for c in (t.children or [])))
        elif t.type in ("paragraph_close", "heading_close"):
            out.append("\n\n")
        elif t.type == "list_item_open":
            out.append("- ")
    return "".join(out).strip() + "\n"


def tidy(text):
    lines, result = text.split("\n"), []
    for line in lines:
        line = line.rstrip(" \t")
        if not line and (not result or not result[-1]):
            continue
        result.append(line)
    while result and not result[-1]:
        result.pop()
    return "\n".join(result) + "\n"


def main():
    root = pathlib.Path(sys.argv[1])
    context = json.loads(pathlib.Path(sys.argv[2]).read_text())
    templates = {name: (root / "templates" / f"{name}.mustache").read_text()
                 for name in ["meta.wiki", "blog.html", "mail.txt", "mail.html"]}
    partials = {p.name[:-len(".mustache")]: p.read_text() for p in (root / "templates" / "partials").glob("*.mustache")}
    md = MarkdownIt("commonmark")
    sender = context["program"]["contact_email"]
    for source in sorted((root / "announcements").glob("*.md")):
        if source.name == "README.md":
            continue
        _, front, body = source.read_text().split("---\n", 2)
        meta = yaml.safe_load(front)
        slug = source.stem
        fields = dict(context)
        fields["announcement"] = {
            "title": meta["title"], "date": str(meta["date"]), "meta_section": meta.get("meta", {}).get("section", meta["title"]),
            "has_blog_url": bool(meta.get("blog", {}).get("url")), "has_archive_url": False,
        }
        markdown = chevron.render(body, fields, partials_dict=partials)
        tokens = md.parse(markdown)
        blog_url = meta.get("blog", {}).get("url", "")
        out = root / "announcements" / slug
        out.mkdir(exist_ok=True)
        blog_link = f"[{blog_url} {meta['title']}]"
        meta_wiki = chevron.render(templates["meta.wiki"], {**fields, "body": wikitext(tokens), "blog_link": blog_link},
                                   partials_dict=partials)
        (out / "meta.wiki").write_text(tidy(meta_wiki))
        body_html = md.renderer.render(tokens, md.options, {})
        blog = chevron.render(templates["blog.html"], {**fields, "body": body_html, "blog_link": ""}, partials_dict=partials)
        (out / "blog.html").write_text(tidy(blog))
        text = chevron.render(templates["mail.txt"], {**fields, "body": plain(tokens), "blog_link": blog_url},
                              partials_dict=partials)
        link = f'<a href="{html.escape(blog_url)}">{html.escape(meta["title"])}</a>'
        mail_html = chevron.render(templates["mail.html"], {**fields, "body": body_html, "blog_link": link},
                                   partials_dict=partials)
        message = email.message.EmailMessage(policy=email.policy.SMTP)
        message["From"] = email.utils.formataddr((context["program"]["contact_name"], sender))
        message["To"] = ", ".join(context["lists"])
        message["Subject"] = chevron.render(meta.get("mail", {}).get("subject", meta["title"]), fields)
        message["Date"] = email.utils.format_datetime(email.utils.parsedate_to_datetime("Tue, 01 Mar 2022 00:00:00 +0000"))
        message["Message-ID"] = f"<{slug}@example.org>"
        message.set_content(tidy(text), cte="quoted-printable")
        message.add_alternative(tidy(mail_html), subtype="html", cte="quoted-printable")
        (out / "mail.eml").write_bytes(message.as_bytes())


if __name__ == "__main__":
    main()
