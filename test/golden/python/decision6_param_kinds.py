# ffquant-args: --no-type-inference
import torch


class ParamKinds(torch.nn.Module):
    def forward(self, x, /, y, *args, z, **kw):
        """Docstring stays first."""
        return torch.relu(x) + y * z + args[0] + kw["k"]
