import fastforward
from alias_call_site import Net


def quantized_foo(x, *, quantizer_mul: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.mul(x, 2, output_quantizer=quantizer_mul)


def quantized_norm(x, *, quantizer_relu: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.relu(x, output_quantizer=quantizer_relu)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_a: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_b: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_foo_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_foo_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_norm_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_norm_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        a = quantized_foo(x, quantizer_mul=self.quantizer_foo_mul, quantizer_x=self.quantizer_foo_x)
        a = self.quantizer_a(a)
        b = quantized_norm(x, quantizer_relu=self.quantizer_norm_relu, quantizer_x=self.quantizer_norm_x)
        b = self.quantizer_b(b)
        return fastforward.nn.functional.mul(a, b, output_quantizer=self.quantizer_mul)
