"""Pack the photos for `gpu_finetune.py` into `.gpudata/` (git-ignored), within what a lent GPU machine is sent (64 MiB with the code).

Tiny ImageNet train photos (a fixed random subset, the JPEG bytes as they are: 18,500 fit beside the code, the shipped weights and fastai's wheels), the BSDS500 train/test photos less chapter 23's 40
held-out ones (at half size: the 128 px training crops cover 25-100 % of a photo, so half size loses little), and chapter 23's 500
Tiny ImageNet validation photos. Run from the repo root: `python recipes/gpu_pack.py [n_tiny]`."""
import sys, random, shutil, zipfile
from pathlib import Path
from PIL import Image
from colorize_nb.models.default import default_data

n_tiny = int(sys.argv[1]) if len(sys.argv) > 1 else 18500
out = Path('.gpudata'); shutil.rmtree(out, ignore_errors=True)
train, valid, select = default_data()
tiny = sorted({f for f in train if 'tiny-imagenet' in str(f)})
bsds = sorted({f for f in train if 'bsds500' in str(f)})
out.mkdir()
with zipfile.ZipFile(out/'tiny.zip', 'w', zipfile.ZIP_STORED) as z: # one file: thousands of small files would cost more than their bytes to send
    for f in sorted(random.Random(0).sample(tiny, min(n_tiny, len(tiny)))): z.write(f, 'tiny/' + Path(f).name)
for f in valid:
    (out/'valid').mkdir(parents=True, exist_ok=True); shutil.copy(f, out/'valid'/Path(f).name)
for f in bsds:
    (out/'bsds').mkdir(parents=True, exist_ok=True)
    im = Image.open(f).convert('RGB'); im = im.resize((im.width // 2, im.height // 2), Image.LANCZOS)
    im.save(out/'bsds'/(Path(f).stem + '.jpg'), quality=92, subsampling=0)
for d in sorted(out.iterdir()):
    fs = list(d.iterdir()) if d.is_dir() else [d]
    print(d.name, len(fs), 'files', sum(p.stat().st_size for p in fs) / 1e6, 'MB')
