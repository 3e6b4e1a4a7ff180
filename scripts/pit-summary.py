#!/usr/bin/env python3
"""Writes PIT's mutation scores per class into a Markdown document.

Usage: pit-summary.py MUTATIONS_XML DOC

Reads PIT's mutations.xml and replaces the part of DOC between the mutation-run markers with
a table: per class the mutants, how many the tests detected (killed, or timed out: a mutant
that makes a test hang is caught), survived, and had no covering test, and the score. Also
lists each surviving mutant, so the next test to write is in plain sight.
"""
import collections
import sys
import xml.etree.ElementTree as ET

BEGIN = "<!-- mutation-run:begin (written by make mutation) -->"
END = "<!-- mutation-run:end -->"
DETECTED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"}


def main(xml_path, doc_path):
    per_class = collections.OrderedDict()
    survivors = []
    for m in ET.parse(xml_path).getroot().iter("mutation"):
        cls = m.findtext("mutatedClass").rsplit(".", 1)[-1].split("$")[0]
        status = m.get("status")
        counts = per_class.setdefault(cls, collections.Counter())
        counts["total"] += 1
        counts["detected" if status in DETECTED else status] += 1
        if status == "TIMED_OUT":
            counts["timed_out"] += 1
        if status not in DETECTED:
            survivors.append((cls, m.findtext("lineNumber"), m.findtext("mutatedMethod"), status,
                              m.findtext("description")))
    # Timed-out mutants count as detected, but on a loaded machine a test can miss PIT's timeout
    # without the mutant making it hang: the column shows how much of a score rests on that.
    lines = ["| class | mutants | detected | of them timed out | survived | no coverage | score |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    total = collections.Counter()
    for cls in sorted(per_class):
        c = per_class[cls]
        total.update(c)
        lines.append(f"| `{cls}` | {c['total']} | {c['detected']} | {c['timed_out']} | {c['SURVIVED']} | {c['NO_COVERAGE']} | "
                     f"{100 * c['detected'] / c['total']:.0f}% |")
    lines.append(f"| all | {total['total']} | {total['detected']} | {total['timed_out']} | {total['SURVIVED']} | "
                 f"{total['NO_COVERAGE']} | "
                 f"{100 * total['detected'] / max(total['total'], 1):.0f}% |")
    lines.append("")
    if survivors:
        lines += ["Undetected mutants:", "", "| class | line | method | status | mutation |",
                  "| --- | ---: | --- | --- | --- |"]
        lines += [f"| `{c}` | {line} | `{method}` | {status} | {desc} |"
                  for c, line, method, status, desc in sorted(survivors, key=lambda s: (s[0], int(s[1])))]
    text = open(doc_path, encoding="utf-8").read()
    begin, end = text.find(BEGIN), text.find(END)
    if begin < 0 or end < begin:
        sys.exit(f"pit-summary: {doc_path} has no {BEGIN} ... {END} section")
    text = text[:begin + len(BEGIN)] + "\n" + "\n".join(lines) + "\n" + text[end:]
    open(doc_path, "w", encoding="utf-8").write(text)
    print(f"mutation score: {total['detected']} of {total['total']} mutants detected "
          f"({100 * total['detected'] / max(total['total'], 1):.0f}%), {total['timed_out']} of them by a timeout")


if __name__ == "__main__":
    main(*sys.argv[1:])
