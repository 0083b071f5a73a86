import torch


def rec(x, n):
    if n == 0:
        return x
    return rec(x * 2, n - 1)


class Net(torch.nn.Module):
    def forward(self, x):
        return rec(x, 3)
