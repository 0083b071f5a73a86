import fastforward
import torch
from infer_size_on import Net


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()

    def forward(self, t: torch.Tensor) -> torch.Tensor:
        x, y, z = t.shape
        w = x * y + z
        a, b = t.size()
        c = a - b
        n = t.size(0)
        m = n // 2
        s = t.shape
        u, v = s
        k = -u
        return t.reshape(w, c, m, k)
