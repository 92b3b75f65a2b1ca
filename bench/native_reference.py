"""Native reference for `npm run bench`: training images/s of the same networks in PyTorch,
on this machine's CPU, with random 28x28 data (speed only; the course's accuracy figures come
from the browser). Run by scripts/bench.ts when Debian's python3-torch is installed:

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/native_reference.py THREADS

Prints one JSON object: {"torch": version, "threads": n, "tutorial": img/s, "default": img/s, "wide": img/s,
"batchNorm": img/s}.
"""
import json
import sys
import time

import torch
from torch import nn

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(THREADS)
torch.manual_seed(1)


def tutorial():
    # src/lib/model/presets.ts TUTORIAL_CNN
    return nn.Sequential(
        nn.Conv2d(1, 8, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * 4 * 4, 10))


def default():
    # src/lib/model/presets.ts DEFAULT_RECIPE
    return nn.Sequential(
        nn.Conv2d(1, 12, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(12, 24, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(24 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10))


def wide():
    # src/lib/model/presets.ts WIDE_CNN
    return nn.Sequential(
        nn.Conv2d(1, 24, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(24, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 5 * 5, 256), nn.ReLU(), nn.Linear(256, 10))


def batch_norm():
    # src/lib/model/presets.ts BATCH_NORM_CNN: three blocks of conv 3x3 'same' (no bias), batch norm
    # (TF's momentum 0.9 is PyTorch's 0.1), ReLU, max pool 2
    def block(cin, cout):
        return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout, momentum=0.1), nn.ReLU(), nn.MaxPool2d(2)]
    return nn.Sequential(*block(1, 16), *block(16, 32), *block(32, 64), nn.Flatten(), nn.Linear(64 * 3 * 3, 10))


def images_per_second(model, batch, seconds=4.0):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
    x = torch.rand(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))

    def step():
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()

    for _ in range(3):
        step()
    steps, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        step()
        steps += 1
    return steps * batch / (time.perf_counter() - started)


print(json.dumps({
    "torch": torch.__version__,
    "threads": THREADS,
    "tutorial": images_per_second(tutorial(), 128),
    "default": images_per_second(default(), 256),
    "wide": images_per_second(wide(), 256),
    "batchNorm": images_per_second(batch_norm(), 64),
}))
