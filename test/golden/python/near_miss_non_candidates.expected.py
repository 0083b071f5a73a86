import fastforward
from near_miss_non_candidates import NearMiss


class QuantizedNearMiss(fastforward.nn.QuantizedModule, NearMiss):
    def __init_quantization__(self) -> None:
        super().__init_quantization__()

    def forward(self, x, y, c):
        shape = (-1, 2 // 3, -1 + 2 // 3, 2 ** 8, "a" + "b", not True, ~0)
        flag = x > y and c or x == y
        ok = x is None or c in (1, 2)
        z = x.reshape(-1, 4)
        if x < y:
            pass
        return shape, flag, ok, z
