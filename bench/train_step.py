"""Train-step images/s of the regression models (autoencoder, FCN) at 64 px: fastai Learner against a plain PyTorch loop.

    python bench/train_step.py [--source tiny-imagenet] [--steps 30] [--bs 32]

Both loops run the same model, data, loss (MSE on ab) and Adam; the ratio is fastai's overhead (callbacks, recorder, progress)."""
import argparse, time, torch
from fastai.learner import Learner
from fastai.optimizer import Adam
from fastai.callback.core import Callback, CancelFitException
from colorize_nb.data import get_dls
from colorize_nb.losses import AbLoss
from colorize_nb.models.autoencoder import ResNetAutoEncoder
from colorize_nb.models.fcn import ResNetFCN

class StopAfter(Callback):
    "Time `n` training batches after `warm` warm-up batches, then stop."
    def __init__(self, n, warm=3): self.n_time, self.n_warm, self.k = n, warm, 0
    def after_batch(self):
        self.k += 1
        if self.k == self.n_warm: self.t0 = time.perf_counter()
        if self.k == self.n_warm + self.n_time: self.secs = time.perf_counter() - self.t0; raise CancelFitException()

def fastai_ips(model, dls, steps):
    cb = StopAfter(steps)
    learn = Learner(dls, model, loss_func=AbLoss('mse'), opt_func=Adam)
    with learn.no_bar(), learn.no_logging(): learn.fit(1, 1e-3, cbs=[cb])
    return steps * dls.bs / cb.secs

def plain_ips(model, dls, steps, warm=3):
    opt = torch.optim.Adam(model.parameters(), 1e-3); loss_f = AbLoss('mse'); model.train()
    it = iter(dls.train)
    for i in range(warm + steps):
        if i == warm: t0 = time.perf_counter()
        L, lab = next(it)
        loss = loss_f(model(L), lab); opt.zero_grad(); loss.backward(); opt.step()
    return steps * dls.bs / (time.perf_counter() - t0)

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--source', default='tiny-imagenet'); p.add_argument('--steps', type=int, default=30)
    p.add_argument('--bs', type=int, default=32); p.add_argument('--size', type=int, default=64); p.add_argument('--arch', default='resnet18')
    a = p.parse_args()
    dls = get_dls(a.source, size=a.size, bs=a.bs)
    print(f"{a.source} at {a.size} px, batch {a.bs}, {torch.get_num_threads()} threads, {a.steps} timed steps")
    for name, mk in [('autoencoder', lambda: ResNetAutoEncoder(a.arch)), ('fcn', lambda: ResNetFCN(a.arch))]:
        torch.manual_seed(0); f = fastai_ips(mk(), dls, a.steps)
        torch.manual_seed(0); q = plain_ips(mk(), dls, a.steps)
        print(f"{name:12s} ({a.arch}): fastai {f:7.1f} img/s, plain PyTorch {q:7.1f} img/s, fastai/plain {f / q:.2f}")

if __name__ == '__main__': main()
