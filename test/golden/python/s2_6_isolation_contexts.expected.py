import fastforward
from s2_6_isolation_contexts import Isolation


class QuantizedIsolation(fastforward.nn.QuantizedModule, Isolation):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()
        self.quantizer_matmul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_mul: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sum_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sub_1: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_softmax: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sum_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_add_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_relu_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sum_3: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_sub_2: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer__tmp_6: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_x: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_w: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()
        self.quantizer_idx: fastforward.nn.Quantizer = fastforward.nn.QuantizerStub()

    def forward(self, x, w, idx):
        # leading comment moves onto the first _tmp line
        x = self.quantizer_x(x)
        w = self.quantizer_w(w)
        idx = self.quantizer_idx(idx)
        _tmp_1 = fastforward.nn.functional.matmul(x, w, output_quantizer=self.quantizer_matmul)
        y = fastforward.nn.functional.relu(_tmp_1, output_quantizer=self.quantizer_relu_1)
        _tmp_2 = fastforward.nn.functional.add(x, 1, output_quantizer=self.quantizer_add_1)
        print(_tmp_2)
        _tmp_3 = fastforward.nn.functional.mul(x, 2, output_quantizer=self.quantizer_mul)
        _tmp_4 = fastforward.nn.functional.sum(_tmp_3, output_quantizer=self.quantizer_sum_1)
        assert _tmp_4 > 0
        _tmp_5 = fastforward.nn.functional.add(idx, 1, output_quantizer=self.quantizer_add_2)
        z = x[_tmp_5]
        _tmp_6 = x.dim()
        _tmp_6 = self.quantizer__tmp_6(_tmp_6)
        _tmp_7 = fastforward.nn.functional.sub(_tmp_6, 1, output_quantizer=self.quantizer_sub_1)
        t = fastforward.nn.functional.softmax(x, dim=_tmp_7, output_quantizer=self.quantizer_softmax)
        _tmp_8 = fastforward.nn.functional.relu(x, output_quantizer=self.quantizer_relu_2)
        u = fastforward.nn.functional.sum(_tmp_8, output_quantizer=self.quantizer_sum_2)
        _tmp_9 = fastforward.nn.functional.add(x, 1, output_quantizer=self.quantizer_add_3)
        s = f"{_tmp_9}"
        f = lambda: fastforward.nn.functional.relu(x, output_quantizer=self.quantizer_relu_3)
        while fastforward.nn.functional.sum(x, output_quantizer=self.quantizer_sum_3) > 0:
            x = fastforward.nn.functional.sub(x, 1, output_quantizer=self.quantizer_sub_2)
        return y, z, t, u, s, f
