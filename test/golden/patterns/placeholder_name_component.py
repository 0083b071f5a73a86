# ffquant-args: --no-type-inference
# ffquant-args: --pattern "torch.nn.functional.{func}({a}, {b}) => my_own.{func}({a}, {b})"
# A placeholder in attribute position matches a name component; a call with three arguments
# (near miss) and torch.relu (other prefix) must stay as they are and be quantized normally.
import torch


class Model(torch.nn.Module):
    def forward(self, x, w, b):
        y = torch.nn.functional.conv2d(x, w)
        z = torch.nn.functional.linear(y, w, b)
        return torch.relu(   z  # a comment inside the call
        )
