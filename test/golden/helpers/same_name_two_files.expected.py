import fastforward
from same_name_two_files import Net


def quantized_foo(x, *, quantizer_mul: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.mul(x, 2, output_quantizer=quantizer_mul)


def quantized_foo_2(x, *, quantizer_sub: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.sub(x, 1, output_quantizer=quantizer_sub)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_foo_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_foo_x_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_foo_sub: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_foo_x_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        _tmp_1 = quantized_foo(x, quantizer_mul=self.quantizer_foo_mul, quantizer_x=self.quantizer_foo_x_1)
        _tmp_1 = self.quantizer__tmp_1(_tmp_1)
        _tmp_2 = quantized_foo_2(x, quantizer_sub=self.quantizer_foo_sub, quantizer_x=self.quantizer_foo_x_2)
        _tmp_2 = self.quantizer__tmp_2(_tmp_2)
        return fastforward.nn.functional.add(_tmp_1, _tmp_2, output_quantizer=self.quantizer_add)
