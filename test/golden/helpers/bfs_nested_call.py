import torch


def f(x):
    return x * 2


def g(x):
    return x - 1


class Net(torch.nn.Module):
    def forward(self, x):
        # g(x) is isolated into its own statement before f is called.
        return f(g(x))
