# ffquant-args: --no-type-inference
import torch


class Leaf(torch.nn.Module):
    def forward(self, x):
        return torch.relu(x)


class Middle(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.leaf = Leaf()
        self.lin = torch.nn.Linear(4, 4)

    def forward(self, x):
        return self.leaf(self.lin(x)) * 2


class Other(torch.nn.Module):
    def forward(self, x):
        return torch.sigmoid(x)


class Top(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.first = Middle()
        self.blocks = torch.nn.ModuleList([Other(), Leaf()])
        self.again = Middle()

    def forward(self, x):
        x = self.first(x)
        for b in self.blocks:
            x = b(x)
        return self.again(x)


class Unused(torch.nn.Module):
    def forward(self, x):
        return x - 1
