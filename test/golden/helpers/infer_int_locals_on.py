# Type inference on (the default).
import torch


class Net(torch.nn.Module):
    def forward(self, q: torch.Tensor) -> torch.Tensor:
        E: int = q.size(-1)
        x = E * 2
        num_heads: int = 8
        t = q + q
        _r = num_heads * 2
        my_var: int = 1
        return t + my_var + x
