#!/usr/bin/env python3
"""Writes a synthetic model zoo for the batch benchmark (deterministic for given counts).

    gen_zoo.py OUT_DIR [--python 500] [--cpp 20]

Python files are spread over nested directories (10 files per directory, 5 top-level families)
and vary by template: MLPs, conv nets, attention blocks, residual blocks with data-dependent
control flow, and models with helper functions. C++ files are LibTorch modules (MLP, conv,
residual with a helper). One Python file in 25 has no module class (a utilities file), which
batch mode reports as skipped.
"""
import argparse
import os
import random

PY_TEMPLATES = [
    '''import torch
import torch.nn.functional as F


class Mlp{i}(torch.nn.Module):
    def __init__(self, d: int = {d}) -> None:
        super().__init__()
        self.fc1 = torch.nn.Linear(d, {h})
        self.fc2 = torch.nn.Linear({h}, d)
        self.norm = torch.nn.LayerNorm(d)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = F.gelu(self.fc1(x))
        h = F.dropout(h, p=0.1, training=self.training)
        return self.norm(x + self.fc2(h) * {s})
''',
    '''import torch
import torch.nn.functional as F


class ConvNet{i}(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, {h}, 3, padding=1)
        self.conv2 = torch.nn.Conv2d({h}, {h}, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d({h})
        self.head = torch.nn.Linear({h}, {d})

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = F.relu(self.bn(self.conv1(x)))
        for _ in range({n}):
            y = y + F.relu(self.conv2(y))
        y = F.adaptive_avg_pool2d(y, 1).flatten(1)
        return F.log_softmax(self.head(y), dim=-1)
''',
    '''import math

import torch
import torch.nn.functional as F


class Attention{i}(torch.nn.Module):
    def __init__(self, d: int = {d}, heads: int = {n}) -> None:
        super().__init__()
        self.heads = heads
        self.qkv = torch.nn.Linear(d, 3 * d)
        self.out = torch.nn.Linear(d, d)

    def forward(self, x: torch.Tensor, mask: torch.Tensor = None) -> torch.Tensor:
        b, t, d = x.shape
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(d)
        if mask is not None:
            scores = scores.masked_fill(mask == 0, -1e9)
        weights = torch.softmax(scores, dim=-1)
        return self.out(torch.matmul(weights, v)) + x
''',
    '''import torch
import torch.nn.functional as F


class Gate{i}(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.proj = torch.nn.Linear({d}, {d})

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        g = torch.sigmoid(self.proj(x))
        if g.mean() > 0.5:
            return g * x
        elif g.mean() < 0.1:
            return x - g
        return torch.tanh(g + x)


class Residual{i}(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.blocks = torch.nn.ModuleList([Gate{i}() for _ in range({n})])
        self.scale = {s}

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = x
        for block in self.blocks:
            out = out + block(out) * self.scale
        while out.abs().max() > 10:
            out = out / 2
        return out
''',
    '''import torch
import torch.nn.functional as F


def normalize{i}(x, eps: float = 1e-5):
    mean = x.mean(dim=-1, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps)


def mix{i}(a, b, alpha: float = {s}):
    return normalize{i}(a * alpha + b * (1 - alpha))


class Mixer{i}(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = torch.nn.Linear({d}, {d})
        self.b = torch.nn.Linear({d}, {d})

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(mix{i}(self.a(x), self.b(x)))
''',
]

PY_UTILS = '''"""Helpers shared by the models of this family: not a model."""
SIZES = [{d}, {h}]


def describe(n):
    return "block of %d" % n
'''

CPP_TEMPLATES = [
    '''#include <torch/torch.h>

struct Mlp{i}Impl : torch::nn::Module {{
  Mlp{i}Impl() : fc1(register_module("fc1", torch::nn::Linear({d}, {h}))), fc2(register_module("fc2", torch::nn::Linear({h}, {d}))) {{}}
  torch::Tensor forward(torch::Tensor x) {{
    auto h = torch::relu(fc1(x));
    return fc2(h) * {s} + x;
  }}
  torch::nn::Linear fc1{{nullptr}}, fc2{{nullptr}};
}};
TORCH_MODULE(Mlp{i});
''',
    '''#include <torch/torch.h>

struct Conv{i}Impl : torch::nn::Module {{
  Conv{i}Impl()
      : conv(register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, {h}, 3).padding(1)))),
        bn(register_module("bn", torch::nn::BatchNorm2d({h}))) {{}}
  torch::Tensor forward(torch::Tensor x) {{
    auto y = torch::relu(bn(conv(x)));
    for (int i = 0; i < {n}; ++i) y = y + torch::sigmoid(y);
    return torch::adaptive_avg_pool2d(y, {{1, 1}}).flatten(1);
  }}
  torch::nn::Conv2d conv{{nullptr}};
  torch::nn::BatchNorm2d bn{{nullptr}};
}};
TORCH_MODULE(Conv{i});
''',
    '''#include <torch/torch.h>

torch::Tensor scaled_add{i}(const torch::Tensor& a, const torch::Tensor& b) {{ return a * {s} + b; }}

struct Block{i}Impl : torch::nn::Module {{
  Block{i}Impl() : fc(register_module("fc", torch::nn::Linear({d}, {d}))) {{}}
  torch::Tensor forward(torch::Tensor x) {{
    auto y = fc(x);
    if (y.mean().item<double>() > 0) y = torch::tanh(y);
    return scaled_add{i}(y, x);
  }}
  torch::nn::Linear fc{{nullptr}};
}};
TORCH_MODULE(Block{i});
''',
]


def params(rng, i):
    return dict(i=i, d=rng.choice([8, 16, 32, 64]), h=rng.choice([16, 32, 64, 128]), n=rng.randint(1, 4),
                s=rng.choice([0.5, 0.25, 1.5]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--python", type=int, default=500)
    parser.add_argument("--cpp", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(9)
    for i in range(args.python):
        family = "family%d" % (i % 5)
        directory = os.path.join(args.out, "python", family, "group%02d" % (i // 50))
        os.makedirs(directory, exist_ok=True)
        p = params(rng, i)
        if i % 25 == 24:
            name, text = "utils%03d.py" % i, PY_UTILS.format(**p)
        else:
            name, text = "model%03d.py" % i, PY_TEMPLATES[i % len(PY_TEMPLATES)].format(**p)
        with open(os.path.join(directory, name), "w") as f:
            f.write(text)
    for i in range(args.cpp):
        directory = os.path.join(args.out, "cpp")
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, "model%02d.cpp" % i), "w") as f:
            f.write(CPP_TEMPLATES[i % len(CPP_TEMPLATES)].format(**params(rng, i)))


if __name__ == "__main__":
    main()
