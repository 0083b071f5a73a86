import fastforward
from bfs_nested_call import Net


def quantized_g(x, *, quantizer_sub: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.sub(x, 1, output_quantizer=quantizer_sub)


def quantized_f(x, *, quantizer_mul: fastforward.nn.Quantizer, quantizer_x: fastforward.nn.Quantizer):
    x = quantizer_x(x)
    return fastforward.nn.functional.mul(x, 2, output_quantizer=quantizer_mul)


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_g_sub: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_g_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_f_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_f_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        # g(x) is isolated into its own statement before f is called.
        _tmp_1 = quantized_g(x, quantizer_sub=self.quantizer_g_sub, quantizer_x=self.quantizer_g_x)
        return quantized_f(_tmp_1, quantizer_mul=self.quantizer_f_mul, quantizer_x=self.quantizer_f_x)
