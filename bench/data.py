"""Can the DataLoaders keep the accelerator fed? Data throughput per worker beside train throughput.

    python bench/data.py [--source tiny-imagenet] [--size 128] [--bs 64] [--workers 0,1,2] [--net lite|unet] [--batches 30]

Data side: images/s of decoding, random crop, flip and collate (fastai DataLoaders of `colorize_nb.data.get_dls`, the
RGB->Lab conversion on the device) with 0, 1, 2... worker processes, and per worker.
Train side: images/s of a train step (forward, backward, Adam) of the default model's generator (`LiteUNet`, `--net lite`)
or chapter 12's U-Net (`--net unet`) at the same crop size and batch, on this machine's device: the GPU if there is one,
in bf16 autocast as the `gpu` recipe trains (`Precision`), else the CPU in fp32.
Last line: how many workers the data side needs to keep up with the train step (`Recipe.num_workers`)."""
from fastcore.script import call_parse
import math, os, time, torch, torch.nn as nn
from colorize_nb.data import get_dls
from colorize_nb.nets.unet import UNet
from colorize_nb.nets.lite import LiteUNet

def data_ips(source, size, bs, workers, batches):
    "Images/s of the training DataLoader with `workers` processes, after its first batch (workers started, caches warm)."
    dls = get_dls(source, size=size, bs=bs, num_workers=workers)
    it = iter(dls.train); next(it)
    t, n = time.perf_counter(), 0
    for _ in range(batches):
        try: L, lab = next(it)
        except StopIteration: break
        n += len(L)
    if L.is_cuda: torch.cuda.synchronize()
    return n / (time.perf_counter() - t), (L, lab)

def train_ips(net, L, lab, steps):
    "Images/s of forward, backward and Adam on one batch, after warm-up."
    net = net.to(L.device); opt = torch.optim.Adam(net.parameters(), 1e-3)
    amp = torch.autocast('cuda', dtype=torch.bfloat16) if L.is_cuda else torch.autocast('cpu', enabled=False)
    def step():
        with amp: loss = nn.functional.l1_loss(net(L).float(), lab[:, 1:])
        opt.zero_grad(); loss.backward(); opt.step()
    for _ in range(3): step()
    if L.is_cuda: torch.cuda.synchronize()
    t = time.perf_counter()
    for _ in range(steps): step()
    if L.is_cuda: torch.cuda.synchronize()
    return steps * len(L) / (time.perf_counter() - t)

@call_parse
def main(source:str='tiny-imagenet', # a photo source of `get_dls`
         size:int=128, bs:int=64, # crop size and batch (the `gpu` recipe's)
         workers:str='0,1,2', # worker counts to time
         net:str='lite', # 'lite': the default model's generator; 'unet': chapter 12's
         batches:int=30, # batches timed per worker count
         steps:int=10): # train steps timed
    "Data throughput per worker beside train throughput."
    print(f"{os.cpu_count()} CPU cores, torch threads {torch.get_num_threads()}, {source} at {size} px, batch {bs}")
    rates = {}
    for w in [int(x) for x in workers.split(',')]:
        ips, batch = data_ips(source, size, bs, w, batches)
        rates[w] = ips
        per = f", {ips / w:6.0f} per worker" if w else " (in the training process)"
        print(f"data side, {w} workers: {ips:7.0f} images/s{per}")
    L, lab = (t.as_subclass(torch.Tensor) for t in batch)
    model = LiteUNet(0) if net == 'lite' else UNet(size, 32)
    tips = train_ips(model, L, lab, steps)
    dev = torch.cuda.get_device_name() + ', bf16' if L.is_cuda else 'CPU, fp32'
    print(f"train step ({type(model).__name__}, {dev}): {tips:7.0f} images/s")
    per_worker = max((rates[w] / w for w in rates if w), default=None)
    if per_worker: print(f"workers needed to keep up: {math.ceil(tips / per_worker)} (at {per_worker:.0f} images/s per worker)")
    if not L.is_cuda: print("no GPU here: run this on the GPU machine to see whether it would starve")
