"""Reads HotSpot's Native Memory Tracking summary (`jcmd PID VM.native_memory summary`, with the
JVM started with -XX:NativeMemoryTracking=summary) into the few figures the memory target is
about, in KiB committed: the heap, class metadata, compiled code, thread stacks, "Other" (where
NIO direct buffers and Netty's pooled direct memory are counted), the JIT compilers' arenas,
the CDS archive, and the rest; with the thread count, malloc now and at its peak, and the total.
Beside the process's RSS the difference shows what lies outside the JVM's own accounting: freed
malloc memory glibc keeps, and the text of shared libraries."""

import re
from pathlib import Path

# Column -> NMT categories summed into it. "Class" is the compressed class space and the class
# objects' malloc; "Metaspace" the other class metadata; "Compiler" and "Arena Chunk" are where
# the JIT compilers' working memory lives.
GROUPS = {
    "heap": ("Java Heap",),
    "metaspace": ("Metaspace", "Class"),
    "code": ("Code",),
    "threads": ("Thread",),
    "other": ("Other",),
    "compiler": ("Compiler", "Arena Chunk"),
    "cds": ("Shared class space",),
    "gc": ("GC",),
}
COLUMNS = ("rss", "hwm", "rss_file", "nmt_total", *GROUPS, "rest", "thread_count", "malloc", "malloc_peak")

_CATEGORY = re.compile(r"^-\s+(.+?) \(reserved=(\d+)KB, committed=(\d+)KB")
_TOTAL = re.compile(r"^Total: reserved=(\d+)KB, committed=(\d+)KB")
_MALLOC = re.compile(r"^\s*malloc: (\d+)KB #\d+(?:, peak=(\d+)KB)?")
_THREADS = re.compile(r"\(threads #(\d+)\)")


def parse(text):
    """The KiB committed per column of an NMT summary, or None when the text holds none (the JVM
    ran without tracking, or was gone)."""
    committed, total, malloc, peak, threads = {}, None, None, None, None
    for line in text.splitlines():
        if m := _TOTAL.match(line):
            total = int(m.group(2))
        elif m := _CATEGORY.match(line):
            committed[m.group(1).strip()] = int(m.group(3))
        elif (m := _MALLOC.match(line)) and malloc is None:
            malloc, peak = int(m.group(1)), int(m.group(2) or m.group(1))
        elif m := _THREADS.search(line):
            threads = int(m.group(1))
    if total is None:
        return None
    figures = {name: sum(committed.get(c, 0) for c in cats) for name, cats in GROUPS.items()}
    figures["rest"] = total - sum(figures.values())
    figures.update(nmt_total=total, thread_count=threads or 0, malloc=malloc or 0, malloc_peak=peak or 0)
    return figures


def read(path: Path):
    """`parse` of a file, None when it is missing."""
    return parse(path.read_text(errors="replace")) if path.exists() else None


def mib(kib):
    """KiB as whole MiB for a table cell; empty for unknown."""
    return "" if kib in (None, "") else f"{int(kib) / 1024:.0f}"


def table_header():
    """Markdown header of a memory table whose rows `table_row` writes."""
    return ("| RSS | peak RSS | file-backed | NMT total | heap | metaspace + class | code | threads (n / MiB) "
            "| other (direct) | JIT arenas | CDS | rest | malloc now / peak |\n"
            "|" + "---:|" * 13)


def table_row(figures):
    """The cells (MiB) of one process at one step, from a dict with COLUMNS (KiB)."""
    f = {k: figures.get(k) for k in COLUMNS}
    return " | ".join([mib(f["rss"]), mib(f["hwm"]), mib(f["rss_file"]), mib(f["nmt_total"]), mib(f["heap"]),
                       mib(f["metaspace"]), mib(f["code"]), f"{f['thread_count'] or ''} / {mib(f['threads'])}",
                       mib(f["other"]), mib(f["compiler"]), mib(f["cds"]), mib(f["rest"]),
                       f"{mib(f['malloc'])} / {mib(f['malloc_peak'])}"])
