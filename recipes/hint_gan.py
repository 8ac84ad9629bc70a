"""Train the hint recipe's critic ending (`train_hint_gan`, chapter 18; measured in 23f) outside the notebook, in the background; the notebook then loads
the finished run from the same cache folder (`cache_dir('runs', NAME)`). It starts from a finished hint run (`recipes/hints.py`). Resumable:
run it again to go on.

    OMP_NUM_THREADS=1 nohup python recipes/hint_gan.py --name hint-gan --start hints-none --steps 4000 --crit-steps 500 --judge-every 500 > hint-gan.log &
"""
import argparse
from colorize_nb.images import scan_images
from colorize_nb.data import shared_data
from colorize_nb.files import cache_dir
from colorize_nb.diagnose import dev_set
from colorize_nb.models.ordinary import dev_judge
from colorize_nb.models.hints import train_hint_gan

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--name', default='hint-gan'); ap.add_argument('--start', default='hints-none', help='the finished hint run it starts from')
    ap.add_argument('--start-step', default='best'); ap.add_argument('--steps', type=int, default=2000); ap.add_argument('--crit-steps', type=int, default=300)
    ap.add_argument('--bs', type=int, default=16); ap.add_argument('--adv', default='bce'); ap.add_argument('--l1-weight', type=float, default=100.)
    ap.add_argument('--lr', type=float, default=1e-4)
    ap.add_argument('--judge', type=int, default=200, help="development photos (not the 200 chapter 23e sweeps on) judged every --judge-every steps")
    ap.add_argument('--judge-every', type=int, default=250); ap.add_argument('--judge-render', type=int, default=128)
    a = ap.parse_args()
    dev = dev_set(); order = dev.sample(frac=1, random_state=0).index # as 23e's sweep shuffles them; it uses the first 200
    judge = dev_judge(list(dev.file[order[200:200 + a.judge]]), render=a.judge_render)
    step = a.start_step if a.start_step == 'best' else int(a.start_step)
    train_hint_gan(a.name, scan_images(shared_data('tiny-imagenet')/'train').files, cache_dir('runs', a.start), step, steps=a.steps, crit_steps=a.crit_steps,
                   bs=a.bs, lr=a.lr, adv=a.adv, l1_weight=a.l1_weight, judge=judge, judge_every=a.judge_every, log=lambda s: print(s, flush=True))
