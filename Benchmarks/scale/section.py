"""Replaces one section of Benchmarks/RESULTS.md (from its heading to the next `## `) with the
text on stdin; the sections other scripts wrote are kept.   section.py "## Heading" < text"""
import pathlib
import re
import sys

heading = sys.argv[1]
section = sys.stdin.read().rstrip("\n") + "\n"
path = pathlib.Path("Benchmarks/RESULTS.md")
text = path.read_text() if path.exists() else (
    "# Benchmark results\n\nEach section is written by the script it names; rerun it to refresh.\n")
pattern = re.compile(re.escape(heading) + r".*?(?=^## |\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda _: section + "\n", text, count=1).rstrip("\n") + "\n"
else:
    text = text.rstrip("\n") + "\n\n" + section
path.write_text(text)
