"""A method named like a table op on a local that is known not to be a tensor (decision 8).

`tags = set(); tags.add("a")` is a set method call: it must not become
`fastforward.nn.functional.add(tags, "a")`.
"""

import torch


# Receivers the run-equivalence check must not expect to be rewritten.
NON_TENSOR_RECEIVERS = ("tags",)


class SetNet(torch.nn.Module):
    def forward(self, x):
        tags = set()
        tags.add("a")
        tags.add("b")
        return x.relu() * len(tags)


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or SetNet)()


def make_inputs():
    torch.manual_seed(1)
    return [(torch.randn(2, 3),)]
