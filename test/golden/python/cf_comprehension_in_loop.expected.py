import fastforward
from cf_comprehension_in_loop import ComprehensionInLoop


class QuantizedComprehensionInLoop(fastforward.nn.QuantizedModule, ComprehensionInLoop):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, xs, n):
        out = []
        for i in range(n):
            out = [fastforward.nn.functional.relu((__ff0 := self.quantizer_x(x)), output_quantizer=self.quantizer_relu) for x in xs]
        return out
