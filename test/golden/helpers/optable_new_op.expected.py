import fastforward
import my_pkg
import torch
from optable_new_op import MyBilinear


class QuantizedMyBilinear(fastforward.nn.QuantizedModule, MyBilinear):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_bilinear: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_self_bias: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_self_weight: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_input1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_input2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, input1: torch.Tensor, input2: torch.Tensor) -> torch.Tensor:
        input1 = self.quantizer_input1(input1)
        input2 = self.quantizer_input2(input2)
        self_bias = self.quantizer_self_bias(self.bias)
        self_weight = self.quantizer_self_weight(self.weight)
        y = my_pkg.ops.my_quantized_bilinear(input1, input2, self_weight, self_bias, output_quantizer=self.quantizer_bilinear)
        # Near-miss: torch.bilinear is another callable, not an alias of the new entry.
        return torch.bilinear(y, input2, self.weight, self.bias)
