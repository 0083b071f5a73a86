import fastforward
import torch
import torch.nn.functional as F
from near_miss_unknown_ops import UnknownOps


class QuantizedUnknownOps(fastforward.nn.QuantizedModule, UnknownOps):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()

    def forward(self, a, b, w):
        u = F.bilinear(a, b, w)
        v = torch.log10(a)
        c = torch.utils.checkpoint.checkpoint(torch.relu, a)
        return u, v, c
