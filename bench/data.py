"""DataLoader throughput against the train step of a small U-Net (64 px Tiny ImageNet, batch 64).

    python bench/data.py [--source tiny-imagenet] [--batches 40]

Prints images/s of the data side (decode, random crop, flip, collate, RGB->Lab on the device) and of a
train step (forward, backward, Adam) of a small U-Net, and the share of a step the data side costs."""
import argparse, time, torch, torch.nn as nn
from colorize_nb.data import get_dls

def block(i, o, down=True):
    conv = nn.Conv2d(i, o, 4, 2, 1) if down else nn.ConvTranspose2d(i, o, 4, 2, 1)
    return nn.Sequential(conv, nn.BatchNorm2d(o), nn.LeakyReLU(0.2) if down else nn.ReLU())

class SmallUNet(nn.Module):
    "A 4-level U-Net (base 32 channels), the size of the small generators this project trains on a CPU."
    def __init__(self, c=32):
        super().__init__()
        self.downs = nn.ModuleList([block(1, c), block(c, 2*c), block(2*c, 4*c), block(4*c, 8*c)])
        self.ups = nn.ModuleList([block(8*c, 4*c, False), block(8*c, 2*c, False), block(4*c, c, False), block(2*c, c, False)])
        self.head = nn.Sequential(nn.Conv2d(c + 1, 2, 1), nn.Tanh())
    def forward(self, x):
        skips, h = [x], x
        for d in self.downs: h = d(h); skips.append(h)
        skips.pop()
        for u in self.ups: h = torch.cat([u(h), skips.pop()], 1) if len(skips) > 1 else u(h)
        return self.head(torch.cat([h, skips.pop()], 1))

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--source', default='tiny-imagenet'); p.add_argument('--batches', type=int, default=40)
    p.add_argument('--bs', type=int, default=64); p.add_argument('--size', type=int, default=64)
    a = p.parse_args()
    dls = get_dls(a.source, size=a.size, bs=a.bs)
    it = iter(dls.train); next(it)
    t = time.perf_counter(); n = 0
    for _ in range(a.batches):
        L, lab = next(it); n += len(L)
    data_ips = n / (time.perf_counter() - t)
    net = SmallUNet(); opt = torch.optim.Adam(net.parameters(), 1e-3)
    L, lab = L.as_subclass(torch.Tensor), lab.as_subclass(torch.Tensor)
    def step():
        loss = nn.functional.mse_loss(net(L), lab[:, 1:]); opt.zero_grad(); loss.backward(); opt.step()
    for _ in range(3): step()
    k = max(5, a.batches // 4); t = time.perf_counter()
    for _ in range(k): step()
    step_ips = k * len(L) / (time.perf_counter() - t)
    share = (1 / data_ips) / (1 / data_ips + 1 / step_ips)
    print(f"device {L.device}, threads {torch.get_num_threads()}, {a.source} at {a.size} px, batch {a.bs}")
    print(f"data side : {data_ips:8.0f} images/s ({1000 / data_ips:.2f} ms/image)")
    print(f"train step: {step_ips:8.0f} images/s ({1000 / step_ips:.2f} ms/image), SmallUNet {sum(p.numel() for p in net.parameters()) / 1e6:.1f} M params")
    print(f"the data side is {share:.1%} of a step (goal: under 10 %)")

if __name__ == '__main__': main()
