#!/usr/bin/env python3
"""The library's stages and the references between them, from the type names each stage uses.

usage: python3 scripts/architecture/stage_graph.py [--dot] [--verbose]

A stage is a folder under Sources/ScorecardKit. An arrow A -> B means a file in A names a type
(struct, enum, class, protocol, typealias, actor) that B defines, calls a free function B defines,
or uses a member that B adds to another stage's type in an extension (when no other stage declares
a member of that name, so the use can only be B's); comments and string literals are stripped
first. The script checks two things and exits 1 when either fails:
  - no cycle: the graph's strongly connected components are single stages;
  - one way: every arrow points to a stage earlier in ORDER (the data's path, README "Layout").
--dot prints the graph in Graphviz form (`| dot -Tsvg > stages.svg` draws it); --verbose lists
each arrow with the first type names behind it.
"""
import os, re, sys

# The data's path: each stage may use only the stages before it. Support (formatting, escaping,
# JSON, dates) sits below them all; Simulation only writes histories.
ORDER = ["Support", "Data", "Model", "Encoding", "Fitting", "Decay", "Evaluation", "Thresholds", "Scaling", "Refit",
         "Diagnostics", "Decisions", "Backtest", "Review", "Report", "Export", "Simulation"]

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
kit = os.path.join(root, "Sources", "ScorecardKit")
stages = {d: [os.path.join(r, f) for r, _, fs in os.walk(os.path.join(kit, d)) for f in fs if f.endswith(".swift")]
          for d in sorted(os.listdir(kit)) if os.path.isdir(os.path.join(kit, d))}

def clean(text):
    text = re.sub(r'"""[\s\S]*?"""', '""', text)
    text = re.sub(r'/\*[\s\S]*?\*/', '', text)
    text = re.sub(r'//[^\n]*', '', text)
    return re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)

code = {s: {f: clean(open(f, encoding="utf-8").read()) for f in fs} for s, fs in stages.items()}
decl = re.compile(r'^(?:(?:public|internal|package|final|indirect|@\w+)\s+)*(?:struct|enum|class|protocol|typealias|actor)\s+([A-Z]\w*)', re.M)
owners = {}
for s, files in code.items():
    for text in files.values():
        for m in decl.finditer(text):
            owners.setdefault(m.group(1), set()).add(s)
owner = {name: next(iter(ss)) for name, ss in owners.items() if len(ss) == 1}
# Free functions (declared at the left margin, not private) and members added in extensions of
# another stage's type, by name; a member name counts only when one stage alone declares it.
free = re.compile(r'^(?:(?:public|internal|package|@\w+(?:\([^)]*\))?)\s+)*func\s+(\w+)', re.M)
member = re.compile(r'^\s+(?:(?:public|internal|package|static|mutating|nonisolated|override|final|@\w+(?:\([^)]*\))?)\s+)*(?:func|var|let)\s+(\w+)', re.M)
extension = re.compile(r'^(?:(?:public|internal|package)\s+)?extension\s+([A-Z]\w*)[^{\n]*\{\n([\s\S]*?)^\}', re.M)
functions, declaredIn, added = {}, {}, {}
for s, files in code.items():
    for text in files.values():
        for m in free.finditer(text):
            functions.setdefault(m.group(1), set()).add(s)
        for m in member.finditer(text):
            declaredIn.setdefault(m.group(1), set()).add(s)
        for m in extension.finditer(text):
            if owner.get(m.group(1)) == s: continue
            for n in re.finditer(r'^    (?:(?:public|internal|package|static|mutating|nonisolated|@\w+(?:\([^)]*\))?)\s+)*(?:func|var|let)\s+(\w+)', m.group(2), re.M):
                added.setdefault(n.group(1), set()).add(s)
calls = {name: next(iter(ss)) for name, ss in functions.items() if len(ss) == 1}
members = {name: next(iter(ss)) for name, ss in added.items() if len(ss) == 1 and declaredIn.get(name, set()) <= ss and name not in owner}
edges = {}
for s, files in code.items():
    for path, text in files.items():
        for word in set(re.findall(r'\b[A-Z]\w*\b', text)):
            o = owner.get(word)
            if o and o != s:
                edges.setdefault((s, o), set()).add((os.path.relpath(path, root), word))
        for word in set(re.findall(r'(?<![.\w])([a-z_]\w*)\s*\(', text)):
            o = calls.get(word)
            if o and o != s:
                edges.setdefault((s, o), set()).add((os.path.relpath(path, root), word + "()"))
        for word in set(re.findall(r'\.([a-z_]\w*)\b', text)):
            o = members.get(word)
            if o and o != s:
                edges.setdefault((s, o), set()).add((os.path.relpath(path, root), "." + word))

# Strongly connected components (Tarjan).
graph = {s: sorted(b for (a, b) in edges if a == s) for s in stages}
index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]
def visit(v):
    index[v] = low[v] = counter[0]; counter[0] += 1; stack.append(v); on.add(v)
    for w in graph[v]:
        if w not in index: visit(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        comps.append(comp)
for v in graph:
    if v not in index: visit(v)
cycles = [sorted(c) for c in comps if len(c) > 1]
unknown = [s for s in stages if s not in ORDER]
backward = sorted((a, b) for (a, b) in edges if a in ORDER and b in ORDER and ORDER.index(b) > ORDER.index(a))

if "--dot" in sys.argv:
    print("digraph stages {\n  rankdir=LR; node [shape=box];")
    for (a, b) in sorted(edges):
        print(f'  "{a}" -> "{b}"' + (' [color=red]' if (a, b) in backward else '') + ";")
    print("}")
if "--verbose" in sys.argv:
    for (a, b), why in sorted(edges.items()):
        print(f"{a} -> {b}: " + ", ".join(f"{w} in {f}" for f, w in sorted(why)[:2]))
problems = []
if cycles: problems.append("cycles: " + "; ".join("{" + ", ".join(c) + "}" for c in cycles))
if backward:
    problems.append("arrows against the data's path: " + "; ".join(f"{a} -> {b} ({sorted(edges[(a, b)])[0][1]} in {sorted(edges[(a, b)])[0][0]})" for a, b in backward))
if unknown: problems.append("stages missing from ORDER: " + ", ".join(unknown))
summary = f"{len(stages)} stages, {len(edges)} arrows"
if problems:
    print(summary + "; " + " | ".join(problems), file=sys.stderr)
    sys.exit(1)
print(summary + ", no cycle, every arrow points back along the data's path", file=sys.stderr)
