# ffquant-args: --no-type-inference --pattern "self.scale = {value} => self.scale: float = {value}"
# A statement pattern: the replacement's layout wins (spec §9, `self.property=property`).
import torch


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.scale=2.0

    def forward(self, x):
        self.scale = x
        return x * self.scale
