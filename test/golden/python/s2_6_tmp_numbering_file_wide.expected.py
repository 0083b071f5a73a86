import fastforward
from s2_6_tmp_numbering_file_wide import Numbering


class QuantizedNumbering(fastforward.nn.QuantizedModule, Numbering):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sum: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, y, c):
        x = self.quantizer_x(x)
        y = self.quantizer_y(y)
        if not c:
            _tmp_5 = fastforward.nn.functional.mul(x, y, output_quantizer=self.quantizer_mul)
            z = fastforward.nn.functional.relu(_tmp_5, output_quantizer=self.quantizer_relu)
        _tmp_6 = fastforward.nn.functional.add(x, y, output_quantizer=self.quantizer_add)
        _tmp_7 = fastforward.nn.functional.sum(_tmp_6, output_quantizer=self.quantizer_sum)
        return _tmp_7, z
