import torch


def ha(x):
    return x * 2


def hb(x):
    return x - 1


def outer(x, c):
    if c:
        x = ha(x)
    return hb(x)


class Net(torch.nn.Module):
    def forward(self, x, c):
        return outer(x, c)
