import fastforward
from mods.dup_a import foo
from same_name_bare_reference import Net


def quantized_call_a(x, fn=None, *, quantizer_add: fastforward.nn.Quantizer, quantizer__tmp_1: fastforward.nn.Quantizer, quantizer_foo_mul: fastforward.nn.Quantizer, quantizer_foo_x: fastforward.nn.Quantizer):
    fn = foo
    _tmp_1 = quantized_foo_2(x, quantizer_mul=quantizer_foo_mul, quantizer_x=quantizer_foo_x)
    _tmp_1 = quantizer__tmp_1(_tmp_1)
    return fastforward.nn.functional.add(_tmp_1, 1, output_quantizer=quantizer_add)


def quantized_foo(x, *, quantizer_sub: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.sub(x, 1, output_quantizer=quantizer_sub)


def quantized_foo_2(x, *, quantizer_mul: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.mul(x, 2, output_quantizer=quantizer_mul)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_call_a_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_call_a__tmp_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_call_a_foo_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_call_a_foo_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_foo_sub: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_foo_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        _tmp_1 = quantized_call_a(x, quantizer_add=self.quantizer_call_a_add, quantizer__tmp_1=self.quantizer_call_a__tmp_1, quantizer_foo_mul=self.quantizer_call_a_foo_mul, quantizer_foo_x=self.quantizer_call_a_foo_x)
        _tmp_1 = self.quantizer__tmp_1(_tmp_1)
        _tmp_2 = quantized_foo(x, quantizer_sub=self.quantizer_foo_sub, quantizer_x=self.quantizer_foo_x)
        _tmp_2 = self.quantizer__tmp_2(_tmp_2)
        return fastforward.nn.functional.mul(_tmp_1, _tmp_2, output_quantizer=self.quantizer_mul)
