"""Inference speed, start-up, imports and memory of a Colorizer (goals: at most 100 ms of CPU time per 512x512 photo, end to end, on one thread;
the command's first line within 2 s; `from colorize_nb import Colorizer` without fastai, pandas or matplotlib;
at most 600 MB peak for a 24-megapixel photo). It prints which build of PyTorch it measured: the CUDA build, PyPI's default,
takes about 600 MB resident on import alone; the CPU build about 250 MB.

    python bench/inference.py [--model default|NAME|FILE.safetensors] [--threads 2] [--runs 10] [--megapixels 24,100]

Start-up: `colorize-nb colorize` on one 512x512 photo, timed from its start to its first line, to the photo's own
`input -> output` line, and to its exit.

ONNX: the same photo through `colorize_nb.deploy.OnnxColorizer` (onnxruntime, no PyTorch), when onnx is installed.

Speed: milliseconds per 512x512 photo (PIL image in, colorized PIL image out), median of `--runs` after warm-up, on `--threads`,
with freed memory reused as the command reuses it (`keep_freed_memory`);
then the CPU time per photo on one thread, the goal's measure.
Memory: a fresh process loads the model, colorizes a small photo, then colorizes a 24- (and a 100-) megapixel JPEG from its file;
it reports the peak resident memory of the whole process (ru_maxrss), how much of it the imports and the model
already took, and tracemalloc's peak of Python and numpy allocations during the photo (PIL and torch buffers are
not traced, ru_maxrss counts everything).
Without a shipped default model it times a stand-in with random weights: seed 004's U-Net at the `cpu` recipe's size
(`UNet(64, nf=32)`); the time of a network does not depend on its weights."""
import importlib.util, json, os, resource, shutil, subprocess, sys, tempfile, time, tracemalloc
from pathlib import Path
from types import SimpleNamespace
from fastcore.script import call_parse

def rss_mb(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 # Linux reports KiB

def colorizer(model:str, threads:int):
    import torch
    torch.set_num_threads(threads)
    from colorize_nb import Colorizer
    from colorize_nb.inference import keep_freed_memory
    keep_freed_memory() # as the `colorize-nb` command does for its process
    try:
        col = Colorizer.from_file(model, device='cpu') if model.endswith('.safetensors') else Colorizer.from_pretrained(model, device='cpu')
        what = f"{model} ({sum(p.numel() for p in col.model.parameters()) / 1e6:.1f} M parameters)"
    except FileNotFoundError:
        if model != 'default': raise
        from colorize_nb.nets.unet import UNet
        torch.manual_seed(0)
        col = Colorizer(UNet(64, nf=32), device='cpu', name='stand-in')
        what = f"stand-in UNet(64, nf=32), random weights ({sum(p.numel() for p in col.model.parameters()) / 1e6:.1f} M parameters): no default model shipped yet"
    return col, what

def memory_run(a):
    "Runs in a fresh process: the memory of colorizing one big photo file."
    from PIL import Image
    col, what = colorizer(a.model, a.threads)
    col.max_pixels = 400_000_000 # a 100 MP photo is over Pillow's default limit, which `colorize --max-pixels` raises the same way
    col.colorize(Image.new('RGB', (640, 480), 'grey')) # first-call allocations belong to the baseline
    base = rss_mb()
    tracemalloc.start()
    t = time.perf_counter()
    if a.what == 'evaluate':
        from colorize_nb.metrics import evaluate
        evaluate(col.model, [a.child], render_size=a.render_size, progress=False, max_pixels=col.max_pixels)
    else: col.colorize(a.child)
    secs = time.perf_counter() - t
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    print(json.dumps({'base_mb': base, 'peak_mb': rss_mb(), 'traced_mb': traced, 'secs': secs, 'model': what}))

HEAVY = ('fastai', 'pandas', 'matplotlib')

def startup(model:str, threads:int):
    "Seconds from starting `colorize-nb colorize` on one 512x512 photo to its first line, to the photo's line, and to its exit."
    from colorize_nb.images import sample_dir, load_rgb
    with tempfile.TemporaryDirectory() as d:
        photo = Path(d)/'photo.png'; load_rgb(sample_dir()/'astronaut.png').resize((512, 512)).save(photo)
        cli = shutil.which('colorize-nb', path=str(Path(sys.executable).parent)) or shutil.which('colorize-nb')
        t0, first, done = time.perf_counter(), None, None
        p = subprocess.Popen([cli, 'colorize', str(photo), '--out', str(Path(d)/'out'), '--model', model], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, env={**os.environ, 'OMP_NUM_THREADS': str(threads)})
        for line in p.stdout:
            t = time.perf_counter() - t0
            if first is None: first = t
            if line.startswith(f'{photo} -> '): done = t
        p.wait()
        return first, done, time.perf_counter() - t0

def imports():
    "What `from colorize_nb import Colorizer` imports, in a fresh process: total import time, heavy packages, resident memory."
    code = "from colorize_nb import Colorizer; import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    r = subprocess.run([sys.executable, '-X', 'importtime', '-c', code], capture_output=True, text=True)
    if r.returncode: sys.exit(f"importing colorize_nb failed:\n{r.stderr}")
    mods = [l.split('|')[-1].strip() for l in r.stderr.splitlines() if l.startswith('import time:') and '|' in l]
    total_us = sum(int(l.split('|')[0].split(':')[1]) for l in r.stderr.splitlines() if l.startswith('import time:') and l.split('|')[0].split(':')[1].strip().isdigit())
    heavy = sorted({m.split('.')[0] for m in mods if m.split('.')[0] in HEAVY})
    return total_us / 1e6, heavy, int(r.stdout.strip().splitlines()[-1]) / 1024

def memory(a, megapixels:float):
    "The memory run for one photo size, in a fresh process."
    from PIL import Image
    from colorize_nb.images import sample_dir, load_rgb
    with tempfile.TemporaryDirectory() as d:
        W = round((megapixels * 1e6 * 1.5) ** 0.5); H = round(W / 1.5)
        big = Path(d)/'big.jpg'
        load_rgb(sample_dir()/'chelsea.png').resize((W, H), Image.BICUBIC).save(big, quality=90)
        for what in ('colorize', 'evaluate')[:1 + a.evaluate]:
            r = subprocess.run([sys.executable, __file__, '--child', str(big), '--what', what, '--model', a.model, '--threads', str(a.threads),
                                '--render-size', str(a.render_size)], capture_output=True, text=True)
            if r.returncode: print(f"memory: the {what} run of {megapixels:g} MP failed: {r.stderr.strip().splitlines()[-1] if r.stderr.strip() else r.returncode}"); continue
            m = json.loads(r.stdout.strip().splitlines()[-1])
            gb = m['peak_mb'] / 1024
            goal = f" (goal 0.6 GB) {'ok' if gb <= 0.6 else 'OVER'}" if megapixels <= 24 and what == 'colorize' else f" (goal 1.5 GB) {'ok' if gb <= 1.5 else 'OVER'}" if what == 'evaluate' else ''
            print(f"memory: {gb:7.2f} GB peak, {what:8s} a {W}x{H} ({W * H / 1e6:.0f} MP) JPEG{goal}; "
                  f"{m['base_mb'] / 1024:.2f} GB of it imports and model, {(m['peak_mb'] - m['base_mb']) / 1024:.2f} GB the photo "
                  f"(tracemalloc: {m['traced_mb']:.0f} MB in Python/numpy); {m['secs']:.1f} s")

@call_parse
def main(model:str='default', # a model name or a .safetensors file
         threads:int=2, # CPU threads
         runs:int=10, # timed runs of the 512x512 photo
         megapixels:str='24,100', # sizes of the big JPEGs for the memory runs
         render_size:int=None, # longer side the network sees (default: the model's own, from its card, as `colorize-nb colorize` uses)
         skip_evaluate:bool=False, # measure only `colorize` on the big photos, not `evaluate` (the metrics, at most 1 MP)
         what:str='colorize', # internal: what the memory run measures
         child:str=None): # internal: the big photo, in the fresh process of the memory run
    "Inference speed, imports and memory of a Colorizer."
    a = SimpleNamespace(model=model, threads=threads, runs=runs, megapixels=megapixels, render_size=render_size, child=child, what=what, evaluate=not skip_evaluate)
    if a.child: return memory_run(a)
    from PIL import Image
    from colorize_nb.images import sample_dir, load_rgb
    secs, heavy, mb = imports()
    import torch
    build = 'CUDA build' if torch.version.cuda else 'CPU build'
    print(f"torch : {torch.__version__} ({build}; the CPU build, `pip install torch --index-url https://download.pytorch.org/whl/cpu`, imports in half the memory)")
    print(f"import: `from colorize_nb import Colorizer` takes {secs:.2f} s of imports and {mb:.0f} MB resident; "
          f"heavy packages imported: {', '.join(heavy) or 'none'} ({'ok' if not heavy else 'OVER'}; goal: none of {', '.join(HEAVY)})")
    col, what = colorizer(a.model, a.threads)
    a.render_size = a.render_size or col.render_size # what users get: the card's size unless told otherwise
    col.render_size = a.render_size
    photo = load_rgb(sample_dir()/'astronaut.png').resize((512, 512))
    for _ in range(3): col.colorize(photo)
    ts, cpu = [], time.process_time()
    for _ in range(a.runs):
        t = time.perf_counter(); col.colorize(photo); ts.append(time.perf_counter() - t)
    ms, cpu_ms = sorted(ts)[len(ts) // 2] * 1000, (time.process_time() - cpu) / a.runs * 1000
    print(f"model: {what}; render size {a.render_size}; {a.threads} CPU threads")
    print(f"speed : {ms:7.0f} ms per 512x512 photo (median of {a.runs}; goal 100 ms) {'ok' if ms <= 100 else 'OVER'}; "
          f"{cpu_ms:.0f} ms of CPU time (on a busy machine the wall time grows, the CPU time much less)")
    torch.set_num_threads(1) # the measure: CPU time end to end, on one thread (more threads spend more CPU time for less wall time)
    for _ in range(3): col.colorize(photo)
    c1 = []
    for _ in range(a.runs):
        t = time.process_time(); col.colorize(photo); c1.append(time.process_time() - t)
    cpu1 = sorted(c1)[len(c1) // 2] * 1000
    torch.set_num_threads(a.threads)
    print(f"cpu   : {cpu1:7.0f} ms of CPU time per 512x512 photo on 1 thread, PIL image in, PIL image out (median of {a.runs}; goal 100 ms) {'ok' if cpu1 <= 100 else 'OVER'}")
    try:
        if any(importlib.util.find_spec(m) is None for m in ('onnx', 'onnxruntime')): raise ImportError
        from colorize_nb.deploy import export_onnx, OnnxColorizer
        with tempfile.TemporaryDirectory() as d:
            t = time.perf_counter(); f = export_onnx(col.model, Path(d)/'g.onnx', render_size=a.render_size); ex = time.perf_counter() - t
            oc = OnnxColorizer(f, threads=a.threads)
            for _ in range(3): oc.colorize(photo)
            ots = []
            for _ in range(a.runs):
                t = time.perf_counter(); oc.colorize(photo); ots.append(time.perf_counter() - t)
        oms = sorted(ots)[len(ots) // 2] * 1000
        print(f"onnx  : {oms:7.0f} ms per 512x512 photo through OnnxColorizer (onnxruntime, no torch), {ms / oms:.2f}x PyTorch's speed; "
              f"export {ex:.1f} s")
    except ImportError: print("onnx  : not measured (pip install 'colorize_nb[onnx]')")
    first, done, end = startup(a.model, a.threads)
    print(f"start : first line {first:.2f} s after the command starts (goal 2 s) {'ok' if first <= 2 else 'OVER'}; "
          f"the photo's line at {done:.2f} s, exit at {end:.2f} s (`colorize-nb colorize` on one 512x512 photo)")
    for mp in [float(x) for x in str(a.megapixels).split(',')]: memory(a, mp)
