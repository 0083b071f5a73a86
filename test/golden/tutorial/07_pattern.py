# ffquant-args: --no-type-inference --module-name tests.autoquant.test_autoquant
# ffquant-args: --pattern "torch.nn.functional.{func}({a}, {b}) => my_own.{func}({a}, {b})"
import torch


class ExampleModule1B(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.nn.functional.conv2d(x, x)
        return torch.nn.functional.linear(y, y)
