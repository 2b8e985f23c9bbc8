#!/usr/bin/env python3
"""AutoCorrect on the stream benches/clean.rs cleans: the pages in testdata/ and the
devset inputs (when ../shared/devset is beside the repository), repeated to 20 MiB,
formatted page by page with autocorrect_py.format: best and median of 5, like the
divan bench (which reports the median of 5).

  python3 -m pip install autocorrect-py && python3 benches/autocorrect.py
"""
import os, time, autocorrect_py
root=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
seed=[]
for n in ["example.txt","ecpo-jingbao-1930-04-03-wrap.txt","ecpo-jingbao-1930-04-06-lines.txt"]:
    seed.append(open(os.path.join(root,'testdata',n),encoding='utf-8').read())
for d,_,fs in os.walk(os.path.join(root,'../shared/devset')):
    for f in fs:
        if f in ('input.txt','page.txt'):
            seed.append(open(os.path.join(d,f),encoding='utf-8').read())
pages=[];total=0
while total < 20<<20:
    for p in seed:
        total+=len(p.encode()); pages.append(p)
times=[]
for _ in range(5):
    t=time.perf_counter()
    for p in pages: autocorrect_py.format(p)
    times.append(time.perf_counter()-t)
best=min(times); median=sorted(times)[len(times)//2]
print(f"{total/1e6:.1f} MB in {best:.2f} s (best of 5): {total/best/1e6:.1f} MB/s ({total/best/(1<<20):.1f} MiB/s); "
      f"median {median:.2f} s: {total/median/1e6:.1f} MB/s")
