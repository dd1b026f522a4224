# entity_score.py: the reference scorer of "newsgraph eval entities".
#
# This is the Python prototype of the entity scoring (entity_score_spec.py,
# with the error listing of its companion errs.py), kept here so that
# TestEntitiesAgreeWithPython can check that internal/eval/entities.go gives
# the same numbers and the same error lists. It is a test reference, not a
# tool that the project ships.
#
# Changes from the prototype, each to follow what the Go scorer does on inputs
# the prototype did not foresee; none changes a figure on the gold sets of
# the repository or of shared/data:
#   - a gold file without "entities" (or with "entities": null) is not scored
#     at all; the prototype counted its predicted entities as false positives;
#   - a name or mention that normalises to "" (no word characters) is left out
#     of the name sets, so that two such strings never match;
#   - a predicted mention whose kind is "" counts as a name, like one without
#     a kind (Go cannot tell the two apart);
#   - a gold file without "lang" counts under "?" instead of raising KeyError;
#   - "mentions": null (what Go writes for an entity without mentions) is an
#     empty list, as a missing "mentions" already was;
#   - the rows are printed in language order with "all" last, preceded by the
#     missing / not-scored counts when not zero, and followed by the typed
#     scores per type (PER ORG LOC MISC, then other types seen, sorted);
#   - with --details it then prints a line "==" and the per-document listing
#     of errs.py (every scored gold document, its id and then its MISS/TYPE/FP
#     lines).
#
# usage: python3 entity_score.py PRED.jsonl GOLD_DIR... [--details]
import json, glob, sys, unicodedata, re, collections


def norm(s):
    s = unicodedata.normalize('NFKD', s)
    s = ''.join(c for c in s if not unicodedata.combining(c))
    return ' '.join(re.findall(r'\w+', s.lower()))


def names(strings):
    return {n for n in map(norm, strings) if n}


args = sys.argv[1:]
details = '--details' in args
args = [a for a in args if a != '--details']
pred = {}
for l in open(args[0], encoding='utf-8'):
    if l.strip():
        d = json.loads(l)
        pred[d['id']] = d
S = collections.defaultdict(lambda: [0, 0, 0, 0])  # gold pred typed-tp untyped-tp
T = collections.defaultdict(lambda: [0, 0, 0])  # per type: gold pred typed-tp
missing = unscored = 0
listing = []
for gd in args[1:]:
    for f in sorted(glob.glob(gd + '/*.json')):
        g = json.load(open(f, encoding='utf-8'))
        if g.get('entities') is None:
            unscored += 1
            continue
        if g['id'] not in pred:
            missing += 1
        p = pred.get(g['id'], {'entities': []})
        ge = [(e['type'], e['name'], names([e['name']] + (e.get('mentions') or []))) for e in g['entities']]
        pe = [(e['type'], e['name'], names([e['name']] + [m['text'] for m in (e.get('mentions') or []) if (m.get('kind') or 'name') == 'name']))
              for e in p.get('entities') or []]
        usedp = set(); tp = 0; utp = 0; out = []
        for gt, gname, gn in ge:
            T[gt][0] += 1
            best = None
            for i, (pt, pname, pn) in enumerate(pe):
                if i in usedp or not (gn & pn): continue
                if best is None or pt == gt: best = i
                if pt == gt: break
            if best is None:
                out.append(f"  MISS {gt} {gname}")
                continue
            usedp.add(best); utp += 1
            if pe[best][0] == gt:
                tp += 1; T[gt][2] += 1
            else:
                out.append(f"  TYPE gold {gt} {gname} <- pred {pe[best][0]} {pe[best][1]}")
        for i, (pt, pname, pn) in enumerate(pe):
            T[pt][1] += 1
            if i not in usedp: out.append(f"  FP   {pt} {pname}")
        listing.append(g['id']); listing.extend(out)
        for k in (g.get('lang', '?'), 'all'):
            s = S[k]; s[0] += len(ge); s[1] += len(pe); s[2] += tp; s[3] += utp


def prf(t, p, g):
    pr = t / p if p else 0; rc = t / g if g else 0
    return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0)


if missing: print(f"missing predictions for {missing} gold documents")
if unscored: print(f"{unscored} gold documents without entities not scored")
if 'all' not in S: S['all']
for k in sorted(S, key=lambda k: (k == 'all', k)):
    G, P, Tp, U = S[k]
    pr, rc, f = prf(Tp, P, G); _, _, uf = prf(U, P, G)
    print(f"{k:4} gold={G:4} pred={P:4} typed P={pr:.3f} R={rc:.3f} F1={f:.3f} | untyped F1={uf:.3f}")
print()
base = ['PER', 'ORG', 'LOC', 'MISC']
for k in base + sorted(t for t in T if t not in base):
    G, P, Tp = T[k]
    pr, rc, f = prf(Tp, P, G)
    print(f"{k:4} gold={G:4} pred={P:4} typed P={pr:.3f} R={rc:.3f} F1={f:.3f}")
if details:
    print('==')
    print('\n'.join(listing))
