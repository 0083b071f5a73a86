import fastforward
from s4_1_demands_by_schema import Demands


class QuantizedDemands(fastforward.nn.QuantizedModule, Demands):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_cat: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_embedding: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_linear: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sigmoid: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_table: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_w: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_bias: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, a, b, ids, table, w, bias):
        table = self.quantizer_table(table)
        w = self.quantizer_w(w)
        bias = self.quantizer_bias(bias)
        c = fastforward.nn.functional.cat([a, b], output_quantizer=self.quantizer_cat)
        e = fastforward.nn.functional.embedding(ids, table, output_quantizer=self.quantizer_embedding)
        l = fastforward.nn.functional.linear(c, w, bias, output_quantizer=self.quantizer_linear)
        _tmp_1 = fastforward.nn.functional.sigmoid(e, output_quantizer=self.quantizer_sigmoid)
        n = fastforward.nn.functional.relu(_tmp_1, output_quantizer=self.quantizer_relu)
        m = fastforward.nn.functional.add(l, 1.5, output_quantizer=self.quantizer_add)
        return c, e, l, n, m
