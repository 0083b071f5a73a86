import torch


def scale(x):
    return x * 2


def outer(x):
    y = scale(x)
    # A local that merely shares the helper's name is not a reference to it.
    def inner(scale):
        return scale
    return inner(y) + torch.relu(y)


class Net(torch.nn.Module):
    def forward(self, x):
        return outer(x)
