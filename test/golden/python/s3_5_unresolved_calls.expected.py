import fastforward
from s3_5_unresolved_calls import Unresolved


class QuantizedUnresolved(fastforward.nn.QuantizedModule, Unresolved):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_h: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_g: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_v: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, fn):
        h = self.l1(x)
        h = self.quantizer_h(h)
        g = fn(h)
        g = self.quantizer_g(g)
        v = h.view(-1)
        v = self.quantizer_v(v)
        _tmp_1 = fastforward.nn.functional.relu(h, output_quantizer=self.quantizer_relu)
        _tmp_2 = fastforward.nn.functional.add(_tmp_1, g, output_quantizer=self.quantizer_add_1)
        return fastforward.nn.functional.add(_tmp_2, v, output_quantizer=self.quantizer_add_2)
