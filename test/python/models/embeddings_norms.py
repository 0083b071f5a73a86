"""Embedding lookup with integer input, layer_norm, cumsum, exp/sin/cos, ones_like/full_like."""

import torch
import torch.nn.functional as F


class EmbedNet(torch.nn.Module):
    def __init__(self, vocab: int, dim: int) -> None:
        super().__init__()
        self.table = torch.nn.Parameter(torch.randn(vocab, dim))
        self.ln_weight = torch.nn.Parameter(torch.ones(dim) * 1.25)
        self.ln_bias = torch.nn.Parameter(torch.zeros(dim))

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        h = F.embedding(tokens, self.table)
        pos = torch.cumsum(torch.ones_like(h), dim=1)
        h = h + torch.sin(pos) * 0.1 + torch.cos(pos) * 0.1
        h = F.layer_norm(h, (h.shape[-1],), self.ln_weight, self.ln_bias, eps=1e-5)
        gate = torch.exp(-h.abs())
        return h * gate + torch.full_like(h, 0.5)


def make_model(cls=None):
    torch.manual_seed(0)
    return (cls or EmbedNet)(11, 6)


def make_inputs():
    torch.manual_seed(1)
    return [(torch.randint(0, 11, (2, 7)),)]
