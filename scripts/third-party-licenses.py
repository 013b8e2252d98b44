#!/usr/bin/env python3
"""Writes the licences of every crate compiled into a release: the server (for the musl target)
and the browser bundle (wasm32). Each crate with its licence expression, its source, and the
text of the licence files it ships (LICENSE*, LICENCE*, COPYING*, NOTICE*); one text per
distinct file content, so the dozens of identical MIT and Apache texts appear once each.

Usage: scripts/third-party-licenses.py > THIRD-PARTY-LICENSES.txt
"""
import json
import os
import subprocess
import sys

ROOTS = [("server", "x86_64-unknown-linux-musl"), ("frontend", "wasm32-unknown-unknown")]
LICENCE_PREFIXES = ("license", "licence", "copying", "notice", "unlicense")


def linked_packages(root, platform):
    """The packages `root` links for `platform` (normal dependencies, not build or dev ones)."""
    meta = json.loads(subprocess.check_output(
        ["cargo", "metadata", "--format-version=1", "--locked", f"--filter-platform={platform}"]))
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    start = next(p["id"] for p in meta["packages"] if p["name"] == root and p["source"] is None)
    seen, todo = set(), [start]
    while todo:
        node = nodes[todo.pop()]
        if node["id"] in seen:
            continue
        seen.add(node["id"])
        for dep in node["deps"]:
            if any(k["kind"] is None for k in dep["dep_kinds"]):
                todo.append(dep["pkg"])
    return [packages[i] for i in seen if packages[i]["source"] is not None]


def main():
    crates = {}
    for root, platform in ROOTS:
        for p in linked_packages(root, platform):
            crates[(p["name"], p["version"])] = p
    texts = {}  # text -> the crates that ship it
    out = sys.stdout
    out.write("Posvet links the following crates (name, version, licence, source).\n"
              "Their licence texts follow, each once, with the crates that ship it.\n\n")
    for (name, version), p in sorted(crates.items()):
        out.write(f"{name} {version}: {p.get('license') or 'see its licence file'}"
                  f" ({p.get('repository') or p['source']})\n")
        folder = os.path.dirname(p["manifest_path"])
        for entry in sorted(os.listdir(folder)):
            path = os.path.join(folder, entry)
            if entry.lower().startswith(LICENCE_PREFIXES) and os.path.isfile(path):
                with open(path, encoding="utf-8", errors="replace") as f:
                    texts.setdefault(f.read().strip(), []).append(f"{name} {version}")
    for text, owners in texts.items():
        out.write("\n" + "=" * 78 + "\n")
        out.write("Shipped by: " + ", ".join(owners) + "\n")
        out.write("=" * 78 + "\n\n" + text + "\n")


if __name__ == "__main__":
    main()
