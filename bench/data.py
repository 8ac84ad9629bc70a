"""DataLoader throughput against the train step of a small U-Net (64 px Tiny ImageNet, batch 64).

    python bench/data.py [--source tiny-imagenet] [--batches 40]

Prints images/s of the data side (decode, random crop, flip, collate, RGB->Lab on the device) and of a
train step (forward, backward, Adam) of the project's U-Net (seed 004's, nf=32: the generator of chapter 3 and of the
shipped default model), and the share of a step the data side costs."""
from fastcore.script import call_parse
import time, torch, torch.nn as nn
from colorize_nb.data import get_dls
from colorize_nb.layers import UNet

@call_parse
def main(source:str='tiny-imagenet', # a photo source of `get_dls`
         batches:int=40, # batches timed
         bs:int=64, size:int=64, # batch and crop size
         nf:int=32): # U-Net width
    "DataLoader throughput against the train step of a small U-Net."
    dls = get_dls(source, size=size, bs=bs)
    it = iter(dls.train); next(it)
    t = time.perf_counter(); n = 0
    for _ in range(batches):
        L, lab = next(it); n += len(L)
    data_ips = n / (time.perf_counter() - t)
    net = UNet(size, nf); opt = torch.optim.Adam(net.parameters(), 1e-3)
    L, lab = L.as_subclass(torch.Tensor), lab.as_subclass(torch.Tensor)
    def step():
        loss = nn.functional.mse_loss(net(L), lab[:, 1:]); opt.zero_grad(); loss.backward(); opt.step()
    for _ in range(3): step()
    k = max(5, batches // 4); t = time.perf_counter()
    for _ in range(k): step()
    step_ips = k * len(L) / (time.perf_counter() - t)
    share = (1 / data_ips) / (1 / data_ips + 1 / step_ips)
    print(f"device {L.device}, threads {torch.get_num_threads()}, {source} at {size} px, batch {bs}")
    print(f"data side : {data_ips:8.0f} images/s ({1000 / data_ips:.2f} ms/image)")
    print(f"train step: {step_ips:8.0f} images/s ({1000 / step_ips:.2f} ms/image), UNet(nf={nf}) {sum(p.numel() for p in net.parameters()) / 1e6:.1f} M params")
    print(f"the data side is {share:.1%} of a step (goal: under 10 %)")

