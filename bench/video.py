"""Speed and memory of colorizing video on the CPU (`colorize_nb.video.colorize_video`, as `colorize-nb colorize clip.mp4` runs it).

    python bench/video.py [--threads 1] [--seconds 5] [--minutes 10] [--model default]

Clips are made here, frame by frame as they are written (a camera panning slowly back and forth over a photo, with a sound track),
so that no clip is ever held in memory; they are H.264 in .mp4 at 24 frames a second.

Speed: frames per second, end to end (decode, colorize, remedy for flicker, encode, and the final mux with the audio), on a 480p
(854x480) and a 720p (1280x720) clip of `--seconds`, with the shipped remedy (`flow`), with `stats`, and with none; and the colorizer
alone on the same frames, for what the rest costs.
Memory: `colorize-nb colorize` in a child process on one 480p photo (the floor), on a 480p clip of `--minutes` and on one of a tenth of
that length; the child's peak resident memory (ru_maxrss, from wait4 in a small wrapper process, since a child's peak counts the pages it
shared with its parent before exec). Streaming means the two clips' peaks are about equal. The full test is `--minutes 10`
(about 40 minutes of colorizing on one core); `--minutes 1` is the quick one."""
import os, subprocess, sys, tempfile, time
from pathlib import Path
from fastcore.script import call_parse
import numpy as np
from PIL import Image

def scene()->Image.Image:
    "A colour photo to film: Kodak's kodim05 on a development machine, else a shipped sample."
    try:
        from colorize_nb.data import shared_folder
        return Image.open(shared_folder('kodak24')/'kodim05.png').convert('RGB')
    except FileNotFoundError:
        from colorize_nb.images import sample_dir
        return Image.open(sample_dir()/'astronaut.png').convert('RGB')

def frames(size:tuple, n:int, photo:Image.Image):
    "n frames of `size`, made one at a time: a slow pan back and forth over the photo, enlarged to 1.4x the frame."
    W, H = size
    big = photo.resize((int(W * 1.4), int(H * 1.4)), Image.BICUBIC)
    mx, my = big.width - W, big.height - H
    for i in range(n):
        t = 0.5 - 0.5 * np.cos(2 * np.pi * i / 240) # a 10-second swing at 24 fps
        yield np.asarray(big.transform((W, H), Image.AFFINE, (1, 0, t * mx, 0, 1, 0.5 * t * my), Image.BILINEAR))

def make_clip(path:Path, size:tuple, seconds:float, fps:int=24)->Path:
    from colorize_nb.video import write_video
    return write_video(frames(size, int(round(seconds * fps)), scene()), path, fps=fps)

def speed(d:Path, model:str, seconds:float):
    from colorize_nb.inference import Colorizer, keep_freed_memory
    from colorize_nb.video import colorize_video
    keep_freed_memory() # as the command does for its process
    col = Colorizer.from_pretrained(model)
    col.colorize(Image.new('RGB', (64, 64), 'grey'))
    for name, size in (('480p', (854, 480)), ('720p', (1280, 720))):
        clip = make_clip(d/f'{name}.mp4', size, seconds)
        n = int(round(seconds * 24)); t = time.perf_counter()
        for f in frames(size, n, scene()): col.colorize(Image.fromarray(f))
        alone = n / (time.perf_counter() - t)
        line = [f"{name} ({size[0]}x{size[1]}, {n} frames):", f"colorizer alone {alone:5.2f} frames/s"]
        for remedy in ('flow', 'stats', None):
            r = colorize_video(clip, d/f'{name}-{remedy}.mp4', col, remedy=remedy, progress=False)
            line.append(f"{remedy or 'no remedy'} {r['fps']:5.2f}")
        print(line[0] + ' ' + ', '.join(line[1:]) + ' frames/s end to end', flush=True)

WRAP = ("import os, subprocess, sys\n" # a small parent: a child's ru_maxrss counts what it shared with its parent before exec
        "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "err = p.stderr.read().decode(); _, status, ru = os.wait4(p.pid, 0)\n"
        "print(ru.ru_maxrss, os.waitstatus_to_exitcode(status)); print(err, file=sys.stderr)")

def peak_mb(cmd:list, threads:int)->tuple:
    "Run a command from a small wrapper process; its peak resident memory (MB) and seconds."
    t = time.perf_counter()
    r = subprocess.run([sys.executable, '-c', WRAP, *cmd], env={**os.environ, 'OMP_NUM_THREADS': str(threads)}, capture_output=True, text=True)
    kb, code = map(int, r.stdout.split())
    if code: sys.exit(f"{' '.join(cmd)} failed:\n{r.stderr}")
    return kb / 1024, time.perf_counter() - t

def memory(d:Path, model:str, minutes:float, threads:int):
    cli = str(Path(sys.executable).parent/'colorize-nb')
    photo = d/'photo.png'; Image.fromarray(next(frames((854, 480), 1, scene()))).save(photo)
    mb, secs = peak_mb([cli, 'colorize', str(photo), '--out', str(d/'out-photo'), '--model', model, '-q'], threads)
    print(f"memory: {mb:6.0f} MB peak, colorize-nb colorize on one 854x480 photo (the floor: PyTorch, the model, one frame), {secs:.0f} s", flush=True)
    for m in (minutes / 10, minutes):
        t = time.perf_counter(); clip = make_clip(d/f'long-{m:g}.mp4', (854, 480), m * 60); made = time.perf_counter() - t
        mb, secs = peak_mb([cli, 'colorize', str(clip), '--out', str(d/f'out-{m:g}'), '--model', model, '-q'], threads)
        print(f"memory: {mb:6.0f} MB peak, colorize-nb colorize on a {m * 60:g} s 480p clip ({int(round(m * 60 * 24))} frames; "
              f"{clip.stat().st_size / 1e6:.0f} MB, made in {made:.0f} s), {secs:.0f} s, {m * 60 * 24 / secs:.2f} frames/s", flush=True)

@call_parse
def main(model:str='default', # a model name or a .safetensors file
         threads:int=1, # CPU threads (torch and OpenCV)
         seconds:float=5., # length of the speed clips
         minutes:float=1., # length of the long clip for the memory run (10 for the full test)
         skip_speed:bool=False, skip_memory:bool=False):
    "Frames per second and peak memory of colorizing video."
    import torch, cv2
    torch.set_num_threads(threads); cv2.setNumThreads(threads)
    print(f"torch {torch.__version__}, {threads} thread{'s' * (threads != 1)}, model {model}", flush=True)
    with tempfile.TemporaryDirectory() as d:
        if not skip_speed: speed(Path(d), model, seconds)
        if not skip_memory: memory(Path(d), model, minutes, threads)
