# ffquant-args: mods/ops_a.py mods/ops_b.py
import torch

from mods.ops_b import bar, plain


class Net(torch.nn.Module):
    def forward(self, x):
        y = plain(x)
        return bar(y)
