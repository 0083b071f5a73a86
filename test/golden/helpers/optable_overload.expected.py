import fastforward
import my_ops
from optable_overload import Net


class QuantizedNet(fastforward.nn.QuantizedModule, Net):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_linear_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_linear_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_linear_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_w: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_b: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, w, b):
        x = self.quantizer_x(x)
        w = self.quantizer_w(w)
        b = self.quantizer_b(b)
        y = my_ops.linear_nobias(x, w, output_quantizer=self.quantizer_linear_1)
        z = fastforward.nn.functional.linear(y, w, b, output_quantizer=self.quantizer_linear_2)
        return fastforward.nn.functional.linear(z, w, bias=b, output_quantizer=self.quantizer_linear_3)
