# ffquant-args: mods/ops_a.py mods/ops_b.py
import torch

from mods import ops_a, ops_b


class Net(torch.nn.Module):
    def forward(self, x):
        return ops_a.foo(x) + ops_b.foo(x)
