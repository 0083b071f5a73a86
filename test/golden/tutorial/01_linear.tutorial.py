import fastforward
import torch
from __main__ import MyLinear


class QuantizedMyLinear(fastforward.nn.QuantizedModule, MyLinear):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_linear: ... = fastforward.nn.QuantizerStub()
        self.quantizer_self_bias: ... = fastforward.nn.QuantizerStub()
        self.quantizer_self_weight: ... = fastforward.nn.QuantizerStub()
        self.quantizer_input: ... = fastforward.nn.QuantizerStub()

    def forward(self, input: torch.Tensor) -> torch.Tensor:
        input = self.quantizer_input(input)
        self_bias = self.quantizer_self_bias(self.bias)
        self_weight = self.quantizer_self_weight(self.weight)
        return fastforward.nn.functional.linear(
            input, self_weight, self_bias, output_quantizer=self.quantizer_linear
        )
