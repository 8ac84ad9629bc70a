"""GAN train-step images/s at 64 px: fastai's GANLearner against a plain PyTorch GAN loop on the same networks.

    python bench/gan_step.py [--source tiny-imagenet] [--steps 20] [--bs 32]

One critic step and one generator step alternate in both (pix2pix losses: BCE with one-sided smoothing, 100 x L1);
a step is one batch through either network, as fastai counts them. Both skip the critic's weight gradients in a generator
step (fastai freezes the idle network; the plain loop sets requires_grad), so the ratio is the framework's overhead."""
from fastcore.script import call_parse
import time, torch
from colorize_nb.data import get_dls
from colorize_nb.gan import gan_learner, LabGenerator
from colorize_nb.nets.critics import PatchCritic
from colorize_nb.losses import GenLoss, CritLoss
from colorize_nb.layers import init_he
from colorize_nb.nets.unet import UNet
from fastai.callback.core import Callback, CancelFitException

class StopAfter(Callback):
    def __init__(self, n, warm=4): self.n_time, self.n_warm, self.k = n, warm, 0
    def after_batch(self):
        if not self.training: return
        self.k += 1
        if self.k == self.n_warm: self.t0 = time.perf_counter()
        if self.k == self.n_warm + self.n_time: self.secs = time.perf_counter() - self.t0; raise CancelFitException()

def nets(size): torch.manual_seed(0); return UNet(size, 32), init_he(PatchCritic(3, 64))

def fastai_ips(dls, size, steps):
    gen, crit = nets(size)
    cb = StopAfter(steps)
    learn = gan_learner(dls, gen, crit)
    with learn.no_bar(), learn.no_logging(): learn.fit(1, 2e-4, cbs=[cb])
    return steps * dls.bs / cb.secs

def plain_ips(dls, size, steps, warm=4):
    gen, crit = nets(size); g = LabGenerator(gen)
    og = torch.optim.Adam(gen.parameters(), 2e-4, betas=(0.5, 0.999)); oc = torch.optim.Adam(crit.parameters(), 2e-4, betas=(0.5, 0.999))
    gl, cl = GenLoss(), CritLoss(smooth=0.9)
    it = iter(dls.train)
    for i in range(warm + steps):
        if i == warm: t0 = time.perf_counter()
        L, lab = (t.as_subclass(torch.Tensor) for t in next(it))
        critic_step = bool(i % 2)
        crit.requires_grad_(critic_step)   # as fastai does: no weight gradients for the network that is not training
        if critic_step:
            with torch.no_grad(): fake = g(L)
            loss = cl(crit(lab), crit(fake)); oc.zero_grad(); loss.backward(); oc.step()
        else:
            out = g(L); loss = gl(crit(out), out, lab); og.zero_grad(); loss.backward(); og.step()
    return steps * dls.bs / (time.perf_counter() - t0)

@call_parse
def main(source:str='tiny-imagenet', # a photo source of `get_dls`
         steps:int=20, # steps timed
         bs:int=32, size:int=64): # batch and crop size
    "GAN train-step images/s: fastai's GANLearner against a plain PyTorch loop."
    dls = get_dls(source, size=size, bs=bs)
    f, q = fastai_ips(dls, size, steps), plain_ips(dls, size, steps)
    print(f"{source} at {size} px, batch {bs}, {torch.get_num_threads()} threads; UNet(nf=32) + PatchCritic(nf=64)")
    print(f"GAN step: fastai GANLearner {f:6.1f} img/s, plain PyTorch {q:6.1f} img/s, fastai/plain {f / q:.2f}")

