import fastforward
import torch
from __main__ import MyBilinear


class QuantizedMyBilinear(fastforward.nn.QuantizedModule, MyBilinear):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_bilinear: ... = fastforward.nn.QuantizerStub()
        __ELIDED__
        self.quantizer_input2: ... = fastforward.nn.QuantizerStub()

    def forward(self, input1: torch.Tensor, input2: torch.Tensor) -> torch.Tensor:
        input1 = self.quantizer_input1(input1)
        input2 = self.quantizer_input2(input2)
        self_bias = self.quantizer_self_bias(self.bias)
        self_weight = self.quantizer_self_weight(self.weight)
        return __main__.my_quantized_bilinear(
            input1, input2, self_weight, self_bias, output_quantizer=self.quantizer_bilinear
        )
