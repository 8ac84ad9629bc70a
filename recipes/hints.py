"""Train chapter 18's hint network (`train_hints`) outside the notebook, in the background; the notebook then loads the finished run
from the same cache folder (`cache_dir('runs', NAME)`). Resumable: run it again to go on.

    OMP_NUM_THREADS=1 nohup python recipes/hints.py --name hints --steps 8000 > hints.log &

With a tenth of every batch cut from BSDS500's scenes, judged on 200 development photos at 128 px every 1,000 steps (chapter 23e):

    OMP_NUM_THREADS=1 nohup python recipes/hints.py --name hints-scenes --steps 8000 --scenes 0.1 --judge 200 --judge-render 128 > hints-scenes.log &

Without hints, for 4,000 steps, on a quarter of the training photos (37 of each class's 150, drawn once; `--per-class 75` is half,
no `--per-class` all of them, `--more-photos` a quarter more; `--classes 50` all the photos of a quarter of the classes; chapter 23g):

    OMP_NUM_THREADS=1 nohup python recipes/hints.py --name photos-37 --steps 4000 --p-none 1 --per-class 37 --judge 200 --judge-render 128 > photos-37.log &

Without hints, on about a quarter more distinct photos (Tiny ImageNet's validation photos outside its test split):

    OMP_NUM_THREADS=1 nohup python recipes/hints.py --name hints-none-more --steps 8000 --p-none 1 --more-photos --judge 200 --judge-render 128 > hints-none-more.log &

From EfficientNet-Lite1's ImageNet encoder under a new decoder instead of the default's earlier network (`--start imagenet:0` and
`imagenet:2` for Lite0 and Lite2; chapter 23h):

    OMP_NUM_THREADS=1 nohup python recipes/hints.py --name enc-lite1 --start imagenet:1 --steps 6000 --p-none 1 --more-photos --judge 200 --judge-render 128 > enc-lite1.log &
"""
import argparse, random
from colorize_nb.images import scan_images
from colorize_nb.data import shared_data, shared_folder
from colorize_nb.models.hints import train_hints

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--name', default='hints'); ap.add_argument('--steps', type=int, default=8000); ap.add_argument('--bs', type=int, default=24)
    ap.add_argument('--sizes', default='64:0.5,96:0.3,128:0.2'); ap.add_argument('--start', default='default-nogan', help="the network it starts from: a trained one's weights by name, or 'imagenet:V' (EfficientNet-Lite V's ImageNet encoder, a new decoder)")
    ap.add_argument('--scenes', type=float, default=0., help="share of every batch cut from BSDS500's 400 train and test scenes (the val split, BSDS100, stays a test set)")
    ap.add_argument('--judge', type=int, default=0, help="score the network, given no hints, on this many development photos (not the 200 chapter 23e sweeps on) every --judge-every steps, and keep the best AuC")
    ap.add_argument('--judge-every', type=int, default=1000)
    ap.add_argument('--judge-render', type=int, default=128, help="the render size the judge colorizes at")
    ap.add_argument('--p-none', type=float, default=0.2, help="share of photos given no hint (1: never a hint, the same recipe with L alone)")
    ap.add_argument('--per-class', type=int, default=0, help="train on this many of each class's Tiny ImageNet training photos, drawn once (0: all 150)")
    ap.add_argument('--classes', type=int, default=0, help="train on this many of Tiny ImageNet's 202 classes, drawn once, all their photos (0: all)")
    ap.add_argument('--more-photos', action='store_true', help="train on Tiny ImageNet's validation photos too, all but its test split and the run's own 500 validation photos (about a quarter more distinct photos)")
    a = ap.parse_args()
    tiny = shared_data('tiny-imagenet')
    valid = sorted(random.Random(0).sample(scan_images(tiny/'valid').files, 500)) # as 18's cell draws them
    judge = None
    if a.judge:
        from colorize_nb.diagnose import dev_set
        from colorize_nb.models.ordinary import dev_judge
        dev = dev_set(); order = dev.sample(frac=1, random_state=0).index # as 23e's sweep shuffles them; it uses the first 200
        judge = dev_judge(list(dev.file[order[200:200 + a.judge]]), render=a.judge_render)
    train = scan_images(tiny/'train').files
    if a.classes:
        keep = set(random.Random(0).sample(sorted({f.parent.name for f in train}), a.classes))
        train = [f for f in train if f.parent.name in keep]
    if a.per_class:
        by_class = {}
        for f in train: by_class.setdefault(f.parent.name, []).append(f)
        train = sorted(f for fs in by_class.values() for f in random.Random(0).sample(sorted(fs), len(fs))[:a.per_class]) # one order a class: a smaller draw is in every larger one
    if a.more_photos:
        from colorize_nb.data import test_photos
        held = set(valid) | set(test_photos('tiny-imagenet'))
        train = train + [f for f in scan_images(tiny/'valid').files if f not in held]
    scenes = scan_images(shared_folder('bsds500/train')).files + scan_images(shared_folder('bsds500/test')).files if a.scenes else None
    train_hints(a.name, train, valid, steps=a.steps, bs=a.bs, sizes=a.sizes, start=a.start,
                scenes=scenes, scene_share=a.scenes or 0.15, judge=judge, judge_every=a.judge_every, p_none=a.p_none, log=lambda s: print(s, flush=True))
