"""Train-step images/s of the regression models (autoencoder, FCN) at 64 px: fastai Learner against a plain PyTorch loop.

    python bench/train_step.py [--source tiny-imagenet] [--steps 30] [--bs 32]

Both loops run the same model, data, loss (MSE on ab) and Adam; the ratio is fastai's overhead (callbacks, recorder, progress)."""
from fastcore.script import call_parse
import time, torch
from colorize_nb.data import get_dls
from colorize_nb.losses import AbLoss
from colorize_nb.nets.autoencoder import ResNetAutoEncoder
from colorize_nb.nets.fcn import ResNetFCN
from fastai.learner import Learner
from fastai.optimizer import Adam
from fastai.callback.core import Callback, CancelFitException

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

@call_parse
def main(source:str='tiny-imagenet', # a photo source of `get_dls`
         steps:int=30, # steps timed
         bs:int=32, size:int=64, # batch and crop size
         arch:str='resnet18'): # the ResNet of both models
    "Train-step images/s of the autoencoder and the FCN: fastai Learner against a plain PyTorch loop."
    dls = get_dls(source, size=size, bs=bs)
    print(f"{source} at {size} px, batch {bs}, {torch.get_num_threads()} threads, {steps} timed steps")
    for name, mk in [('autoencoder', lambda: ResNetAutoEncoder(arch)), ('fcn', lambda: ResNetFCN(arch))]:
        torch.manual_seed(0); f = fastai_ips(mk(), dls, steps)
        torch.manual_seed(0); q = plain_ips(mk(), dls, steps)
        print(f"{name:12s} ({arch}): fastai {f:7.1f} img/s, plain PyTorch {q:7.1f} img/s, fastai/plain {f / q:.2f}")

