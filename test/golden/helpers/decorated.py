import functools

import torch


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


def plain(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


@logged
def double(x):
    return x * 2


@plain
def triple(x):
    return x * 3


class Net(torch.nn.Module):
    def forward(self, x):
        return double(x) + triple(x)
