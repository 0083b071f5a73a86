import torch


def foo(x):
    return x * 2


def norm(x):
    return torch.relu(x)


def unused(x):
    return x + 1
