import fastforward
from s5_1_expression_key_after_isolation import KeyAfterIsolation


class QuantizedKeyAfterIsolation(fastforward.nn.QuantizedModule, KeyAfterIsolation):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_y_tmp_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_i: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, y, i):
        x = self.quantizer_x(x)
        i = self.quantizer_i(i)
        _tmp_1 = fastforward.nn.functional.add(i, 1, output_quantizer=self.quantizer_add)
        return fastforward.nn.functional.mul(x, self.quantizer_y_tmp_1(y[_tmp_1]), output_quantizer=self.quantizer_mul)
