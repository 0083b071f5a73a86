import fastforward
from pkg import config
from pkg.sub.helpers import make_bias
from pkg.sub.mod import UsesRelative


class QuantizedUsesRelative(fastforward.nn.QuantizedModule, UsesRelative):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_b: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x):
        x = self.quantizer_x(x)
        b = make_bias(config.SIZE)
        b = self.quantizer_b(b)
        _tmp_1 = fastforward.nn.functional.relu(x, output_quantizer=self.quantizer_relu)
        return fastforward.nn.functional.add(_tmp_1, b, output_quantizer=self.quantizer_add)
