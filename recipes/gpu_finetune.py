"""Fine-tune the shipped default's network on a GPU for longer than the CPU recipes can: chapter 23a's `finetune_recognition`
(plain L1, no classifier: `variant=None`) on the photos `gpu_pack.py` packed, 128 px crops, bf16 and channels-last (the `gpu`
recipe's callbacks), with fp16 copies of the weights kept at a quarter, half and three quarters of the run.

The number of steps is `--minutes` times the steps per second of a short calibration run of the same Learner; that run's time
includes the start of the DataLoader processes, so the real run is shorter (on one H200, 1,128 steps planned for 6.5 minutes
took 81 seconds). Usage (repo root): `COLORIZE_RECIPE=gpu python recipes/gpu_finetune.py --data .gpudata --out OUT --minutes 6`.
`23c_gpu_finetune` says how it ran on a lent machine and what it found."""
import argparse, json, time, zipfile, os, hashlib
from pathlib import Path
import torch
from colorize_nb.weights import load_model, weights_path, save_weights
from colorize_nb.nets.lite import with_chroma
from colorize_nb.images import scan_images
from colorize_nb.models.recognise import finetune_recognition
from fastai.callback.progress import ProgressCallback
from fastcore.basics import defaults
defaults.callbacks = [c for c in defaults.callbacks if c is not ProgressCallback] # a log file, not a progress bar

p = argparse.ArgumentParser()
p.add_argument('--data', default='.gpudata'); p.add_argument('--out', default='gpu-out')
p.add_argument('--minutes', type=float, default=6.); p.add_argument('--bs', type=int, default=128)
p.add_argument('--lr', type=float, default=3e-4); p.add_argument('--size', type=int, default=128)
p.add_argument('--workers', type=int, default=min(14, os.cpu_count() or 1)); p.add_argument('--bsds_repeat', type=int, default=8)
p.add_argument('--n_cal', type=int, default=60, help='steps of the calibration run')
p.add_argument('--min_steps', type=int, default=8, help='the fewest steps, however slow the calibration')
a = p.parse_args()
data, out = Path(a.data), Path(a.out); out.mkdir(parents=True, exist_ok=True)
t0 = time.time()
if (data/'tiny.zip').exists() and not (data/'tiny').exists():
    with zipfile.ZipFile(data/'tiny.zip') as z: z.extractall(data)
tiny, bsds, valid = (scan_images(data/d).files if (data/d).exists() else [] for d in ('tiny', 'bsds', 'valid'))
if not tiny or not valid: raise SystemExit(f"{data}: no photos in tiny/ or valid/ (pack them with recipes/gpu_pack.py)")
train = tiny + bsds * a.bsds_repeat
print(f"photos: {len(tiny)} tiny, {len(bsds)} bsds x{a.bsds_repeat}, {len(valid)} valid; unpacked in {time.time() - t0:.0f} s", flush=True)

def start(): return with_chroma(load_model(weights_path('default')), None) # the network's own ab, as 23a starts
kw = dict(size=a.size, bs=a.bs, lr=a.lr, variant=None, num_workers=a.workers)
cal = finetune_recognition(start(), 0., a.n_cal, f'gpu-calibrate-{time.time():.0f}', (train, valid), **kw)
rate = a.n_cal / cal['seconds'] # steps per second, worker start-up included: errs short
steps = max(a.min_steps, int(rate * a.minutes * 60) // 4 * 4) # quarters for the kept copies; never fewer than --min_steps
dev = torch.cuda.get_device_name() if torch.cuda.is_available() else 'cpu'
print(f"{dev}: calibration {a.n_cal} steps in {cal['seconds']} s -> {steps} steps of {a.bs} ({steps * a.bs} images) for {a.minutes} min", flush=True)
gen = start()
run = f"gpu-l1-{steps}-{hashlib.sha1(str(out.resolve()).encode()).hexdigest()[:8]}" # resumable per output folder: another --out trains anew
rec = finetune_recognition(gen, 0., steps, run, (train, valid), keep=(steps // 4, steps // 2, 3 * steps // 4), keep_dir=out, **kw)
rec |= dict(device=dev, n_tiny=len(tiny), n_bsds=len(bsds), bsds_repeat=a.bsds_repeat, lr=a.lr, calibration=cal['seconds'])
save_weights(gen, out/f'gen-{steps}.safetensors', meta={'step': steps, 'images': steps * a.bs}) # fp16, as `KeepSteps` keeps the others
(out/'record.json').write_text(json.dumps(rec))
print(json.dumps({k: v for k, v in rec.items() if not k.endswith('curve')}), f"total {time.time() - t0:.0f} s", flush=True)
