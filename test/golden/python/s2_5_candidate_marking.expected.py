import fastforward
from s2_5_candidate_marking import Marking


class QuantizedMarking(fastforward.nn.QuantizedModule, Marking):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_negative: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_bitwise_not: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_remainder: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_positive: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_n: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, n):
        x = self.quantizer_x(x)
        n = self.quantizer_n(n)
        a = fastforward.nn.functional.add(x, 1, output_quantizer=self.quantizer_add)
        b = fastforward.nn.functional.negative(x, output_quantizer=self.quantizer_negative)
        c = fastforward.nn.functional.bitwise_not(x, output_quantizer=self.quantizer_bitwise_not)
        d = not x
        s = fastforward.nn.functional.remainder("%d", n, output_quantizer=self.quantizer_remainder)
        e = fastforward.nn.functional.positive(x, output_quantizer=self.quantizer_positive)
        return a, b, c, d, s, e
