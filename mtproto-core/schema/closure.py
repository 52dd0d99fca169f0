#!/usr/bin/env python3
"""Regenerates schema/api.tl from the layer reference: keeps the functions listed under
---functions--- in api.tl and adds every constructor of every type they reach (parameters and
results, transitively), copied exactly from the reference, so that any value of those types
decodes. Usage: python3 schema/closure.py [path/to/api-229.tl]   (see docs/tl.md)"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../../shared/protocol/api-229.tl")
TARGET = os.path.join(HERE, "api.tl")
BASE = {"int", "long", "double", "string", "bytes", "int128", "int256", "true", "#", "Bool", "Type", "X"}
DECL = re.compile(r"(\S+)#([0-9a-f]+)(.*)= (\S+);")


def parse(lines):
    constructors, functions, by_type, section = {}, {}, {}, "types"
    for line in lines:
        s = line.strip()
        if s in ("---functions---", "---types---"):
            section = s.strip("-")
            continue
        m = DECL.match(s)
        if not m:
            continue
        name, _, params, result = m.groups()
        decl = (s, [p.split(":", 1) for p in params.split() if not p.startswith("{")], result)
        if section == "functions":
            functions[name] = decl
        else:
            constructors[name] = decl
            by_type.setdefault(result, []).append(name)
    return constructors, functions, by_type


def referenced(ty):
    ty = ty.split("?")[-1].lstrip("!%")
    m = re.fullmatch(r"Vector<(.*)>", ty)
    if m:
        return referenced(m.group(1))
    return [] if ty in BASE else [ty]


def main():
    reference = open(REFERENCE).read().split("\n")
    constructors, functions, by_type = parse(reference)
    current = open(TARGET).read().split("\n")
    header = [l for l in current if l.startswith("//")]
    roots = list(parse(current)[1])
    missing = [r for r in roots if r not in functions]
    if missing:
        sys.exit(f"not in the reference: {missing}")
    seen, stack = set(), []
    for r in roots:
        _, params, result = functions[r]
        stack += [t for p in params if len(p) == 2 for t in referenced(p[1])] + referenced(result)
    while stack:
        ty = stack.pop()
        if ty in seen:
            continue
        seen.add(ty)
        for c in by_type[ty]:
            stack += [t for p in constructors[c][1] if len(p) == 2 for t in referenced(p[1])]
    types = [l.strip() for l in reference if (m := DECL.match(l.strip())) and m.group(1) in constructors
             and constructors[m.group(1)][0] == l.strip() and constructors[m.group(1)][2] in seen]
    out = header + types + ["", "---functions---", ""] + [functions[r][0] for r in roots]
    open(TARGET, "w").write("\n".join(out) + "\n")
    print(f"{len(types)} constructors of {len(seen)} types, {len(roots)} functions")


main()
