"""Train chapter 23e's network (`train_dual`) outside the notebook, in the background; the notebook then loads the finished run
from the same cache folder (`cache_dir('runs', NAME)`). Resumable: run it again to go on.

    OMP_NUM_THREADS=1 nohup python recipes/ordinary.py --name ordinary --steps 8000 > ordinary.log &

On a machine without the run's cache, go on from a weights-only copy (`Run.export`; AdamW's moments start afresh):

    python recipes/ordinary.py --name ordinary-24k --export models/runs/ordinary-24k.safetensors   # writes the copy, trains nothing
    OMP_NUM_THREADS=1 nohup python recipes/ordinary.py --name ordinary-24k --steps 24000 --resume models/runs/ordinary-24k.safetensors &
"""
import argparse, random
from colorize_nb.images import scan_images
from colorize_nb.data import shared_data, shared_folder
from colorize_nb.files import cache_dir
from colorize_nb.runs import Run
from colorize_nb.diagnose import dev_set
from colorize_nb.models.ordinary import train_dual, dev_judge

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--name', default='ordinary'); ap.add_argument('--steps', type=int, default=8000); ap.add_argument('--bs', type=int, default=24)
    ap.add_argument('--sizes', default='64:0.5,96:0.3,128:0.2')
    ap.add_argument('--ce-weight', type=float, default=1., help="weight of the bins head's loss (0: the L1 head alone)")
    ap.add_argument('--enc-div', type=float, default=10., help="the encoder learns at lr / this; inf freezes it")
    ap.add_argument('--start', default='default-nogan')
    ap.add_argument('--judge', type=int, default=0, help="score the L1 head on this many development photos (not the 200 the chapter sweeps on) every --judge-every steps, and keep the best AuC")
    ap.add_argument('--judge-every', type=int, default=1000)
    ap.add_argument('--judge-render', type=int, default=384, help="the render size the judge colorizes at (the development photos' longer side is 384)")
    ap.add_argument('--scenes', type=float, default=0., help="share of every batch cut from BSDS500's 400 train and test scenes (the val split, BSDS100, stays a test set)")
    ap.add_argument('--resume', default=None, help="a copy written by --export, used when the run's cache holds no state")
    ap.add_argument('--export', default=None, help="write a weights-only fp16 copy of the run's last state to this file, and stop")
    a = ap.parse_args()
    if a.export: print(Run(cache_dir('runs', a.name)).export(a.export, 'net')); raise SystemExit
    tiny = shared_data('tiny-imagenet')
    valid = sorted(random.Random(0).sample(scan_images(tiny/'valid').files, 500)) # as 23e's cell draws them
    judge = None
    if a.judge:
        dev = dev_set(); order = dev.sample(frac=1, random_state=0).index # as 23e's sweep shuffles them; it uses the first 200
        judge = dev_judge(list(dev.file[order[200:200 + a.judge]]), render=a.judge_render)
    scenes = scan_images(shared_folder('bsds500/train')).files + scan_images(shared_folder('bsds500/test')).files if a.scenes else None
    train_dual(a.name, scan_images(tiny/'train').files, valid, steps=a.steps, bs=a.bs, sizes=a.sizes, ce_weight=a.ce_weight, enc_div=a.enc_div, start=a.start,
               scenes=scenes, scene_share=a.scenes or 0.15,
               judge=judge, judge_every=a.judge_every, resume=a.resume, log=lambda s: print(s, flush=True))
