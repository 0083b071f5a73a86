import torch


def even(x, n):
    if n == 0:
        return x + 1
    return odd(x, n - 1)


def odd(x, n):
    return even(x * 2, n - 1)


class Net(torch.nn.Module):
    def forward(self, x):
        return even(x, 4)
