import fastforward
import torch.nn.functional as F
from rename_not_attributes import Net


def quantized_twice(x, *, quantizer_add: fastforward.nn.Quantizer, quantizer__tmp_2: fastforward.nn.Quantizer, quantizer_hardtanh_mul: fastforward.nn.Quantizer, quantizer_hardtanh__tmp_1: fastforward.nn.Quantizer):
    _tmp_2 = quantized_hardtanh(x, quantizer_mul=quantizer_hardtanh_mul, quantizer__tmp_1=quantizer_hardtanh__tmp_1)
    _tmp_2 = quantizer__tmp_2(_tmp_2)
    return fastforward.nn.functional.add(_tmp_2, quantized_hardtanh, output_quantizer=quantizer_add)


def quantized_hardtanh(x, *, quantizer_mul: fastforward.nn.Quantizer, quantizer__tmp_1: fastforward.nn.Quantizer):
    # The attribute F.hardtanh is not a reference to the helper.
    _tmp_1 = F.hardtanh(x)
    _tmp_1 = quantizer__tmp_1(_tmp_1)
    return fastforward.nn.functional.mul(_tmp_1, 2, output_quantizer=quantizer_mul)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_twice_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_twice__tmp_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_twice_hardtanh_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_twice_hardtanh__tmp_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        return quantized_twice(x, quantizer_add=self.quantizer_twice_add, quantizer__tmp_2=self.quantizer_twice__tmp_2, quantizer_hardtanh_mul=self.quantizer_twice_hardtanh_mul, quantizer_hardtanh__tmp_1=self.quantizer_twice_hardtanh__tmp_1)
