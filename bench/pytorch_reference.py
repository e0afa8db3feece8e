#!/usr/bin/env python3
"""PyTorch eager twin of the .NET `bench` verb (src/Ml/Training/ThroughputBenchmark.cs, the step in TrainingEpoch.cs).

The same training step as the .NET pipeline, so that images/s can be compared on the same card:

* model: PaperCnn (src/Ml/Models/PaperCnn.cs) built from the paper's Table 2
  (src/Ml/Models/PaperArchitectures.cs): conv 3x3 padding 1 -> batch norm where `*` -> ReLU; `MP` is a 2x2
  max-pool; hidden fc: linear -> batch norm where `*` -> ReLU -> dropout 0.5 where `§`; linear output layer.
  Init: every conv/linear weight and bias uniform in +-1/sqrt(fan_in), batch norm weight 1, bias 0.
* data: 4 x batch-size synthetic CIFAR-sized images resident on the device as uint8 (N x 3 x 32 x 32) with
  int64 labels i % classes; each batch is index_select-ed, scaled to 0..1 and standardized per channel
  with the CIFAR-10 mean/std on the device (src/Ml/Data/DeviceDataset.cs).
* augmentation (src/Ml/Data/BatchAugmentation.cs, defaults of AugmentationOptions.cs): horizontal flip
  p=0.5 (select), random crop of the 4-pixel zero-padded image (two gathers), rotation +-15 degrees and
  translation +-0.1 of the size in one affine_grid + grid_sample (bilinear, zeros, align_corners=False);
  random numbers drawn in the same order: flip, crop, rotation, translation.
* optimizer: Adam lr 1e-3, weight decay 5e-4; cross-entropy loss; the epoch's running loss and accuracy on the device.
* loop (src/Ml/Training/ThroughputBenchmark.cs, TrainingEpoch.cs): epochs over the problem's training-split size in a
  random order, every batch timed (device synchronized) from the first; the same steady-state rule (rolling median
  of --window batches within --tolerance of the last window's), then --batches more timed.

Differences that do not change the work done: the synthetic pixels come from another random generator
(System.Random vs torch), and dropout draws from torch's global generator (TorchSharp's module takes a
Generator).

Output: the same table as `actorpipeline bench` (warm-up and steady state per problem).

Without torch installed, `--dry-run` prints the architectures and parameter counts only (a check of the
model definition against the .NET `bench` params column).
"""
from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import dataclass

# --- model definition (no torch needed) ------------------------------------------------------------

TABLE2 = {
    "cifar2": ("16*, 16, MP", "256§"),
    "cifar4": ("16*, 16, MP, 32*, 32, MP", "256§"),
    "cifar6": ("64*, 64, MP, 128*, 128, MP, 256*, 256, MP", "256§"),
    "cifar8": ("64*, 64*, MP, 128*, 128*, MP, 256*, 256*, MP, 512*, 512*, MP", "1024§*"),
    "cifar10": ("64*, 64*, MP, 128*, 128*, MP, 256*, 256*, MP, 512*, 512*, MP", "1024§*"),
}

# CIFAR-10 training-set statistics, as DeviceDataset.
CHANNEL_MEAN = (0.4914, 0.4822, 0.4465)
CHANNEL_STD = (0.2470, 0.2435, 0.2616)

# AugmentationOptions.Default
CROP_PADDING = 4
FLIP_PROBABILITY = 0.5
MAX_ROTATION_DEGREES = 15.0
MAX_TRANSLATION_FRACTION = 0.1

DROPOUT_RATE = 0.5


@dataclass(frozen=True)
class Conv:
    channels: int
    batch_norm: bool


@dataclass(frozen=True)
class MaxPool:
    pass


@dataclass(frozen=True)
class Fc:
    units: int
    batch_norm: bool
    dropout: bool


def _tokens(notation: str) -> list[str]:
    return [t.strip() for t in notation.split(",") if t.strip()]


def parse_architecture(conv: str, fc: str) -> tuple[list, list[Fc]]:
    """Table 2 notation -> layer lists, as ArchitectureSpec.Parse."""
    layers: list = []
    for token in _tokens(conv):
        if token.upper() == "MP":
            layers.append(MaxPool())
            continue
        batch_norm = token.endswith("*")
        digits = token[:-1] if batch_norm else token
        if not digits.isdigit() or int(digits) <= 0:
            raise ValueError(f"convolutional token {token!r}")
        layers.append(Conv(int(digits), batch_norm))
    if not layers or not isinstance(layers[0], Conv):
        raise ValueError(f"convolutional part {conv!r} must start with a convolution")
    hidden: list[Fc] = []
    for token in _tokens(fc):
        rest, batch_norm, dropout = token, False, False
        while rest and rest[-1] in "§*":
            if rest[-1] == "§":
                dropout = True
            else:
                batch_norm = True
            rest = rest[:-1]
        if not rest.isdigit() or int(rest) <= 0:
            raise ValueError(f"fully-connected token {token!r}")
        hidden.append(Fc(int(rest), batch_norm, dropout))
    return layers, hidden


def class_count(problem: str) -> int:
    return int(problem.lower().replace("cifar", ""))


def parameter_count(problem: str, input_size: int = 32) -> int:
    """Trainable parameters of PaperCnn (batch-norm running statistics are buffers, not counted)."""
    layers, hidden = parse_architecture(*TABLE2[problem])
    total, channels, size = 0, 3, input_size
    for layer in layers:
        if isinstance(layer, Conv):
            total += channels * layer.channels * 9 + layer.channels + (2 * layer.channels if layer.batch_norm else 0)
            channels = layer.channels
        else:
            size //= 2
    features = channels * size * size
    for fc in hidden:
        total += features * fc.units + fc.units + (2 * fc.units if fc.batch_norm else 0)
        features = fc.units
    return total + features * class_count(problem) + class_count(problem)


def notation(problem: str) -> str:
    conv, fc = TABLE2[problem]
    return f"{', '.join(_tokens(conv))} / {', '.join(_tokens(fc))}"


def table_row(problem: str, parameters: int, images_per_second: float | None, ms_per_batch: float | None) -> str:
    """One line of `actorpipeline bench`: {problem,-9} {spec,-75} {params,10:N0} {images/s,10:F0} {ms/batch,9:F1}."""
    ips = f"{images_per_second:10.0f}" if images_per_second is not None else f"{'-':>10}"
    ms = f"{ms_per_batch:9.1f}" if ms_per_batch is not None else f"{'-':>9}"
    return f"{problem:<9} {notation(problem):<75} {parameters:>10,} {ips} {ms}"


TABLE_HEADER = f"{'problem':<9} {'architecture':<75} {'params':>10} {'images/s':>10} {'ms/batch':>9}"

# The table of `actorpipeline bench` (src/Host/Commands/BenchTable.cs).
BENCH_HEADER = (f"{'problem':<8} {'params':>11} {'images/epoch':>12} {'1st batch ms':>12} {'warm-up batches':>15} {'warm-up s':>9} "
                f"{'warm-up img/s':>13} {'steady img/s':>12} {'ms/batch':>9} {'timed':>6}  note")


# --- torch part ------------------------------------------------------------------------------------

def build_model(problem: str):
    import torch
    from torch import nn
    import torch.nn.functional as F

    layers, hidden = parse_architecture(*TABLE2[problem])
    classes = class_count(problem)

    class PaperCnn(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.ModuleList()
            channels, size = 3, 32
            for layer in layers:
                if isinstance(layer, Conv):
                    block = [nn.Conv2d(channels, layer.channels, 3, padding=1)]
                    if layer.batch_norm:
                        block.append(nn.BatchNorm2d(layer.channels))
                    block.append(nn.ReLU())
                    self.features.append(nn.Sequential(*block))
                    channels = layer.channels
                else:
                    self.features.append(nn.MaxPool2d(2, 2))
                    size //= 2
            features = channels * size * size
            self.hidden = nn.ModuleList()
            self.dropout = []
            for fc in hidden:
                block = [nn.Linear(features, fc.units)]
                if fc.batch_norm:
                    block.append(nn.BatchNorm1d(fc.units))
                block.append(nn.ReLU())
                self.hidden.append(nn.Sequential(*block))
                self.dropout.append(fc.dropout)
                features = fc.units
            self.output = nn.Linear(features, classes)

        def forward(self, x):
            for block in self.features:
                x = block(x)
            x = x.flatten(1)
            for block, dropout in zip(self.hidden, self.dropout):
                x = block(x)
                if dropout:
                    x = F.dropout(x, DROPOUT_RATE, self.training)
            return self.output(x)

    return PaperCnn()


def initialize(model, generator) -> None:
    """PaperCnn.Initialize: conv/linear weights and biases uniform in +-1/sqrt(fan_in), batch norm reset."""
    import torch
    from torch import nn

    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, (nn.Conv2d, nn.Linear)):
                fan_in = module.weight[0].numel()
                bound = 1.0 / math.sqrt(fan_in)
                module.weight.uniform_(-bound, bound, generator=generator)
                module.bias.uniform_(-bound, bound, generator=generator)
            elif isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
                module.reset_parameters()


def augment(batch, generator):
    """BatchAugmentation.Apply with AugmentationOptions.Default."""
    import torch
    import torch.nn.functional as F

    b, c, h, w = batch.shape

    def uniform(*size):
        return torch.rand(size, dtype=torch.float32, device=generator.device, generator=generator).to(batch.device)

    flip = uniform(b).lt(FLIP_PROBABILITY)
    result = torch.where(flip.view(-1, 1, 1, 1), batch.flip(3), batch)

    p = CROP_PADDING
    offsets = uniform(b, 2).mul(2 * p + 1).floor_().to(torch.int64).clamp_(0, 2 * p)
    padded = F.pad(result, [p, p, p, p])
    rows = offsets[:, 0].view(-1, 1) + torch.arange(h, device=batch.device)
    cols = offsets[:, 1].view(-1, 1) + torch.arange(w, device=batch.device)
    band = padded.gather(2, rows.view(b, 1, h, 1).expand(b, c, h, w + 2 * p))
    result = band.gather(3, cols.view(b, 1, 1, w).expand(b, c, h, w))

    angles = uniform(b).mul_(2).sub_(1).mul_(MAX_ROTATION_DEGREES * math.pi / 180)
    shifts = uniform(b, 2).mul_(2).sub_(1).mul_(MAX_TRANSLATION_FRACTION)
    sx = shifts[:, 0].mul(w).mul(2.0 / w)
    sy = shifts[:, 1].mul(h).mul(2.0 / h)
    cos, sin = angles.cos(), angles.sin()
    tx = (cos * sx + sin * sy).neg()
    ty = (cos * sy - sin * sx).neg()
    theta = torch.stack([torch.stack([cos, sin, tx], 1), torch.stack([sin.neg(), cos, ty], 1)], 1)
    grid = F.affine_grid(theta, [b, c, h, w], align_corners=False)
    return F.grid_sample(result, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def set_tf32(enabled: bool) -> None:
    """Both switches explicitly, as GpuPerformance.Apply (cuDNN's default is on in PyTorch, matmul's off)."""
    import torch

    torch.backends.cuda.matmul.allow_tf32 = enabled
    torch.backends.cudnn.allow_tf32 = enabled


def settling_index(costs: list[float], window: int, tolerance: float) -> int | None:
    """SteadyStateDetector.SettlingIndex: first index from which every rolling median of `window` costs is within
    `tolerance` of the last window's median, moved past out-of-band values at its start; None below two windows."""
    if len(costs) < 2 * window:
        return None

    def median(start: int) -> float:
        values = sorted(costs[start:start + window])
        mid = window // 2
        return values[mid] if window % 2 else (values[mid - 1] + values[mid]) / 2

    reference = median(len(costs) - window)

    def within(cost: float) -> bool:
        return abs(cost - reference) <= tolerance * reference

    settled = 0
    for start in range(len(costs) - window + 1):
        if not within(median(start)):
            settled = start + 1
    if settled == 0:
        return 0
    limit = min(len(costs) - 1, settled + window - 1)
    while settled < limit and not within(costs[settled]):
        settled += 1
    return settled


def measure(problem: str, device, batch_size: int, images_per_epoch: int, steady_batches: int, max_batches: int,
            window: int, tolerance: float, augmentation: bool, channels_last: str, amp: bool):
    """ThroughputBenchmark.Measure: epochs over `images_per_epoch` random images in a seeded random order (the last
    batch of an epoch smaller, a single-image tail skipped), every batch timed from the first; stops once
    `steady_batches` batches were timed after the steady state began, or after `max_batches`."""
    import torch
    import torch.nn.functional as F

    classes = class_count(problem)
    count = images_per_epoch
    cpu = torch.Generator().manual_seed(1)
    images = torch.randint(0, 256, (count, 3, 32, 32), dtype=torch.uint8, generator=cpu).to(device)
    labels = (torch.arange(count) % classes).to(torch.int64).to(device)
    mean = torch.tensor(CHANNEL_MEAN).view(1, 3, 1, 1).to(device)
    std = torch.tensor(CHANNEL_STD).view(1, 3, 1, 1).to(device)

    generator = torch.Generator(device=device).manual_seed(1)
    model = build_model(problem).to(device)
    initialize(model, generator)
    if channels_last == "full":
        model = model.to(memory_format=torch.channels_last)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=5e-4)
    use_amp = amp and device.type == "cuda"
    scaler = torch.amp.GradScaler("cuda") if use_amp else None
    lossSum = torch.zeros(1, dtype=torch.float64, device=device)
    correct = torch.zeros(1, dtype=torch.int64, device=device)

    def step(indices) -> None:
        x = images.index_select(0, indices).to(torch.float32).div_(255).sub_(mean).div_(std)
        if augmentation:
            x = augment(x, generator)
        if channels_last != "off" and device.type == "cuda":
            x = x.contiguous(memory_format=torch.channels_last)
        y = labels.index_select(0, indices)
        optimizer.zero_grad()
        if scaler is None:
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            loss.backward()
            optimizer.step()
        else:
            with torch.autocast(device_type=device.type, dtype=torch.float16):
                logits = model(x)
                loss = F.cross_entropy(logits, y)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
        with torch.no_grad():  # the epoch's running figures, as TrainingEpoch
            lossSum.add_(loss.detach().to(torch.float64).mul(len(indices)))
            correct.add_(logits.argmax(1).eq(y).sum())

    def synchronize() -> None:
        if device.type == "cuda":
            torch.cuda.synchronize(device)

    seconds: list[float] = []
    sizes: list[int] = []
    settled_at = None
    settled = False
    while not settled and len(seconds) < max_batches:
        order = torch.randperm(count, generator=generator if device.type == "cpu" else None, device=device)
        for start in range(0, count, batch_size):
            length = min(batch_size, count - start)
            if length < 2 or settled or len(seconds) >= max_batches:
                break
            began = time.perf_counter()
            step(order.narrow(0, start, length))
            synchronize()
            seconds.append(time.perf_counter() - began)
            sizes.append(length)
            settled_at = settling_index([s / n for s, n in zip(seconds, sizes)], window, tolerance)
            settled = settled_at is not None and len(seconds) - settled_at >= steady_batches
    warmup = settled_at if settled_at is not None else min(1, len(seconds) - 1)
    parameters = sum(p.numel() for p in model.parameters())
    steady_seconds = sum(seconds[warmup:])
    return {
        "parameters": parameters,
        "first_ms": seconds[0] * 1000,
        "warmup_batches": warmup,
        "warmup_s": sum(seconds[:warmup]),
        "warmup_ips": sum(sizes[:warmup]) / sum(seconds[:warmup]) if warmup else float("nan"),
        "steady_ips": sum(sizes[warmup:]) / steady_seconds,
        "ms_per_batch": steady_seconds * 1000 / (len(seconds) - warmup),
        "timed": len(seconds) - warmup,
        "settled": settled,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", default="cpu", help="cpu, cuda, cuda:N")
    parser.add_argument("--problems", default="cifar2,cifar4,cifar6,cifar8,cifar10")
    parser.add_argument("--batches", type=int, default=40, help="batches timed once the batch times have settled (as the .NET bench)")
    parser.add_argument("--max-batches", type=int, default=400, help="stop after this many batches even if the times never settle")
    parser.add_argument("--window", type=int, default=10, help="steady state: rolling median over this many batches ...")
    parser.add_argument("--tolerance", type=float, default=0.10, help="... within this fraction of the last window's median")
    parser.add_argument("--train-limit", type=int, default=None, help="images per epoch (default: the problem's training split: 5,000 per class, 10%% less with early stopping for cifar8/cifar10)")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--no-augment", action="store_true")
    parser.add_argument("--tf32", action="store_true", help="CUDA: TF32 matmuls and convolutions (default: both off, as the .NET bench)")
    parser.add_argument("--channels-last", nargs="?", const="input", default="off", choices=["off", "input", "full"],
                        help="CUDA: NHWC inputs (input: as the .NET --channels-last) or inputs and weights (full)")
    parser.add_argument("--amp", action="store_true", help="CUDA: autocast float16 + GradScaler (no .NET counterpart)")
    parser.add_argument("--cudnn-benchmark", action="store_true", help="cudnn.benchmark=True (TorchSharp cannot set it)")
    parser.add_argument("--threads", type=int, default=None, help="torch.set_num_threads")
    parser.add_argument("--dry-run", action="store_true", help="no torch: print architectures and parameter counts")
    args = parser.parse_args(argv)

    problems = [p.strip().lower() for p in args.problems.split(",") if p.strip()]
    for problem in problems:
        if problem not in TABLE2:
            parser.error(f"no Table 2 architecture for problem {problem!r}; known: {', '.join(TABLE2)}")

    if args.dry_run:
        print(f"Architectures (dry run, no torch; batch {args.batch_size})")
        print(TABLE_HEADER)
        for problem in problems:
            print(table_row(problem, parameter_count(problem), None, None))
        return 0

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    if device.type == "cuda":
        if not torch.cuda.is_available():
            print(f"error: device {args.device} asked for, but torch.cuda.is_available() is False", file=sys.stderr)
            return 2
        if device.index is None:
            device = torch.device("cuda", 0)
        torch.cuda.set_device(device)
        set_tf32(args.tf32)
        torch.backends.cudnn.benchmark = args.cudnn_benchmark
    gpu = ""
    if device.type == "cuda":
        gpu = (f", tf32 {'on' if args.tf32 else 'off'}, channels-last {args.channels_last}, amp {'on' if args.amp else 'off'}"
               f", cudnn.benchmark {'on' if args.cudnn_benchmark else 'off'}, {torch.cuda.get_device_name(device)}")
    name = f"cuda:{device.index}" if device.type == "cuda" else "cpu"
    print(f"Training throughput on {name} (PyTorch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"batch {args.batch_size}, augmentation {'off' if args.no_augment else 'on'}{gpu})")
    print(TABLE_HEADER)
    print(BENCH_HEADER)
    for problem in problems:
        per_epoch = args.train_limit or class_count(problem) * 5000 * (9 if problem in ("cifar8", "cifar10") else 10) // 10
        result = measure(problem, device, args.batch_size, per_epoch, args.batches, args.max_batches, args.window,
                         args.tolerance, not args.no_augment, args.channels_last, args.amp)
        expected = parameter_count(problem)
        if result["parameters"] != expected:
            print(f"warning: {problem}: model has {result['parameters']} parameters, the Table 2 count is {expected}", file=sys.stderr)
        note = "" if result["settled"] else f"not steady within {result['warmup_batches'] + result['timed']} batches: rough"
        print(f"{problem:<8} {result['parameters']:>11,} {per_epoch:>12,} {result['first_ms']:>12.0f} {result['warmup_batches']:>15} "
              f"{result['warmup_s']:>9.1f} {result['warmup_ips']:>13.0f} {result['steady_ips']:>12.0f} {result['ms_per_batch']:>9.1f} "
              f"{result['timed']:>6}  {note}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
