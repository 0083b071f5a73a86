import fastforward
from decorated import Net, logged, plain


@logged
def quantized_double(x, *, quantizer_mul: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.mul(x, 2, output_quantizer=quantizer_mul)


@plain
def quantized_triple(x, *, quantizer_mul: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.mul(x, 3, output_quantizer=quantizer_mul)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_double_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_double_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_triple_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_triple_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        _tmp_2 = quantized_double(x, quantizer_mul=self.quantizer_double_mul, quantizer_x=self.quantizer_double_x)
        _tmp_2 = self.quantizer__tmp_2(_tmp_2)
        _tmp_3 = quantized_triple(x, quantizer_mul=self.quantizer_triple_mul, quantizer_x=self.quantizer_triple_x)
        _tmp_3 = self.quantizer__tmp_3(_tmp_3)
        return fastforward.nn.functional.add(_tmp_2, _tmp_3, output_quantizer=self.quantizer_add)
