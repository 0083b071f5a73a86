# ffquant-args: --no-type-inference
import torch


def helper(n):
    return n * 2


def other(x):
    return x + 1


class Net(torch.nn.Module):
    def forward(self, x):
        k = helper(1)
        c = 2 * 3
        f = float(k) * 0.5
        y = other(x)
        return y * f
