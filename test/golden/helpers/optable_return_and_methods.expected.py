import fastforward
import my_ops
from optable_return_and_methods import Net


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_tanh_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_tanh_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_s: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_v: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        x = self.quantizer_x(x)
        s = my_ops.quantized_logsumexp(x, 1)
        s = self.quantizer_s(s)
        t = my_ops.quantized_tanh(x, output_quantizer=self.quantizer_tanh_1)
        u = my_ops.quantized_tanh(s, output_quantizer=self.quantizer_tanh_2)
        # Near-misses: the in-place method and an unrelated method stay as written.
        x.tanh_()
        v = x.tan()
        v = self.quantizer_v(v)
        _tmp_1 = fastforward.nn.functional.add(t, u, output_quantizer=self.quantizer_add_1)
        return fastforward.nn.functional.add(_tmp_1, v, output_quantizer=self.quantizer_add_2)
