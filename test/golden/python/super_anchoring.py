# ffquant-args: --no-type-inference
import torch


class Base(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = 2.0


class Derived(Base):
    def forward(self, x):
        self.extra(x)
        self.build(x)
        y = super().forward(x)
        z = super(Derived, self).forward(x)
        return torch.relu(y) + z

    def extra(self, x):
        return super().extra(x) * 2

    @classmethod
    def build(cls, x):
        return super().build(torch.relu(x))


class Root(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.d = Derived()

    def forward(self, x):
        return self.d(x)
