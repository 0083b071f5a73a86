import fastforward
from cf_tuple_return import TupleReturn


class QuantizedTupleReturn(fastforward.nn.QuantizedModule, TupleReturn):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sigmoid: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, y):
        x = self.quantizer_x(x)
        y = self.quantizer_y(y)
        h = self.z
        _tmp_1 = fastforward.nn.functional.add(x, y, output_quantizer=self.quantizer_add)
        _tmp_2 = fastforward.nn.functional.sigmoid(x, output_quantizer=self.quantizer_sigmoid)
        return _tmp_1, _tmp_2, h, (x, y)
