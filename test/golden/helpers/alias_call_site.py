# ffquant-args: mods/ops_a.py
import torch

from mods.ops_a import foo as f
from mods import ops_a as A


class Net(torch.nn.Module):
    def forward(self, x):
        a = f(x)
        b = A.norm(x)
        return a * b
