# ffquant-args: --no-type-inference --module-name mypkg.model
import torch
import torch.nn.functional as F


def scale(t: torch.Tensor, s: float) -> torch.Tensor:
    return t * s


class Block(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.proj = torch.nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.proj(x)
        h = F.gelu(h) + x            # F.gelu(...) is an operand → _tmp_1 (first in file)
        return scale(h, 0.5)


class Net(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.block = Block()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.block(x), dim=-1)   # self.block(x) → _tmp_2
