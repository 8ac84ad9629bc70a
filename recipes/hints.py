"""Train chapter 18's hint network (`train_hints`) outside the notebook, in the background; the notebook then loads the finished run
from the same cache folder (`cache_dir('runs', NAME)`). Resumable: run it again to go on.

    OMP_NUM_THREADS=1 nohup python recipes/hints.py --name hints --steps 8000 > hints.log &
"""
import argparse, random
from colorize_nb.images import scan_images
from colorize_nb.data import shared_data
from colorize_nb.models.hints import train_hints

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--name', default='hints'); ap.add_argument('--steps', type=int, default=8000); ap.add_argument('--bs', type=int, default=24)
    ap.add_argument('--sizes', default='64:0.5,96:0.3,128:0.2'); ap.add_argument('--start', default='default-nogan')
    a = ap.parse_args()
    tiny = shared_data('tiny-imagenet')
    valid = sorted(random.Random(0).sample(scan_images(tiny/'valid').files, 500)) # as 18's cell draws them
    train_hints(a.name, scan_images(tiny/'train').files, valid, steps=a.steps, bs=a.bs, sizes=a.sizes, start=a.start, log=lambda s: print(s, flush=True))
