import re,sys
src='/work/shared/protocol/api-229.tl'
lines=open(src).read().split('\n')
fn=False; cons={}; funcs={}; bytype={}; order=[]
for l in lines:
    s=l.strip()
    if s=='---functions---': fn=True; continue
    if s=='---types---': fn=False; continue
    if not s or s.startswith('//'): continue
    m=re.match(r'(\S+)#([0-9a-f]+)(.*)= (\S+);',s)
    name,id_,params,ty=m.groups()
    ps=[p.split(':',1) for p in params.split()]
    d=(name,s,ps,ty)
    if fn: funcs[name]=d
    else: cons[name]=d; bytype.setdefault(ty,[]).append(name)
def types_of(t):
    t=t.split('?')[-1].lstrip('!%')
    m=re.match(r'Vector<(.*)>',t)
    if m: return types_of(m.group(1))
    if t in ('int','long','double','string','bytes','int128','int256','true','#','Bool','Type','X'): return []
    return [t]
roots=open('/tmp/tlwork/roots.txt').read().split()
for r in roots:
    if r not in funcs: print('unknown function',r); sys.exit(1)
seen=set(); stack=[]
for r in roots:
    for p in funcs[r][2]:
        if len(p)==2 and not p[0].startswith('{'): stack+=types_of(p[1])
    stack+=types_of(funcs[r][3])
while stack:
    t=stack.pop()
    if t in seen: continue
    seen.add(t)
    for c in bytype[t]:
        for p in cons[c][2]:
            if len(p)==2 and not p[0].startswith('{'): stack+=types_of(p[1])
out=['// Telegram API, layer 229: the declarations this project implements (login, config, users,',
'// contacts, messages, dialogs, updates and difference, files, channels, secret chats, the generic',
'// wrappers), with every constructor of every type they reach so that any layer-229 value of those',
'// types decodes. Declarations are copied exactly from ../../shared/protocol/api-229.tl (rebuilt from',
'// Telethon 1.45.0\'s generated classes; each id is re-checked against its CRC32 by the build).',
'// To add a function: append its line from api-229.tl under ---functions--- and run',
'// `python3 schema/closure.py` (see docs/tl.md), which adds the constructors it reaches.',
'// LAYER 229']
for l in lines:
    s=l.strip()
    m=re.match(r'(\S+)#',s)
    if m and m.group(1) in cons and cons[m.group(1)][3] in seen and not s.startswith('---'):
        # only constructors (types section)
        pass
types_lines=[cons[c][1] for ty in sorted(seen) for c in bytype[ty]]
# keep file order
cons_order=[l.strip() for l in lines if re.match(r'(\S+)#',l.strip()) and l.strip().split('#')[0] in cons and cons[l.strip().split('#')[0]][1]==l.strip() and cons[l.strip().split('#')[0]][3] in seen]
out+=cons_order
out+=['','---functions---','']
out+=[funcs[r][1] for r in roots]
open(sys.argv[1],'w').write('\n'.join(out)+'\n')
print(len(cons_order),'constructors',len(roots),'functions',len(seen),'types')
