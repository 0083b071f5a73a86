# ffquant-args: mods/dup_a.py mods/dup_b.py
# Two renamed helpers share the name foo: the bare reference `fn = foo` is left alone (§6.6.4).
import torch

from mods import dup_b
from mods.dup_a import call_a


class Net(torch.nn.Module):
    def forward(self, x):
        return call_a(x) * dup_b.foo(x)
