// Affine quantization math: granularity (tiling), range-to-parameter conversion, fake quantization.
#pragma once

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace fastforward::quantization {

/// How a tensor is split into tiles that each get their own scale and offset. Every granularity
/// reduces to a tile shape of the data's rank; parameters are indexed by the row-major position
/// of the tile in the grid of tiles.
class Granularity {
 public:
  enum class Kind { per_tensor, per_channel, per_block, per_tile };

  static Granularity per_tensor();
  /// One parameter per index along each of `channel_dims` (negative dims count from the end).
  static Granularity per_channel(std::vector<int64_t> channel_dims = {0});
  /// Blocks of `block_sizes[i]` elements along `block_dims[i]`, optionally also per channel along
  /// `per_channel_dims`. Blocks must divide their dimension.
  static Granularity per_block(std::vector<int64_t> block_dims, std::vector<int64_t> block_sizes,
                               std::vector<int64_t> per_channel_dims = {});
  /// An explicit tile shape; entries must divide the data shape.
  static Granularity per_tile(std::vector<int64_t> tile_shape);

  Kind kind() const { return kind_; }
  std::vector<int64_t> tile_shape(at::IntArrayRef data_shape) const;
  int64_t parameter_count(at::IntArrayRef data_shape) const;
  std::string to_string() const;
  bool operator==(const Granularity& other) const;
  bool operator!=(const Granularity& other) const { return !(*this == other); }

 private:
  Kind kind_ = Kind::per_tensor;
  std::vector<int64_t> dims_;
  std::vector<int64_t> sizes_;
  std::vector<int64_t> channel_dims_;
};

/// Scale and (optional) unrounded offset of an affine quantizer, one entry per tile.
struct AffineParameters {
  at::Tensor scale;
  c10::optional<at::Tensor> offset;
};

int64_t integer_minimum(int64_t num_bits);
int64_t integer_maximum(int64_t num_bits);

/// Converts per-tile ranges to scale/offset (spec §2.3). Unlike FastForward, the symmetric scale
/// is clamped to float32 epsilon too, so all-zero data does not produce a zero scale.
AffineParameters parameters_for_range(const at::Tensor& min, const at::Tensor& max,
                                      int64_t num_bits, bool symmetric, bool allow_one_sided);

/// Fake quantization on the signed `num_bits` grid: (clamp(round(x/s - round(o))) + round(o)) * s,
/// round half to even, per tile of `tile_shape`. `offset` undefined means no offset. Gradients
/// follow the straight-through / LSQ rules of spec §2.5 for data, scale and offset.
at::Tensor fake_quantize_affine(const at::Tensor& data, const at::Tensor& scale,
                                const at::Tensor& offset, int64_t num_bits,
                                at::IntArrayRef tile_shape);

/// Returns `replacement`'s values with the identity gradient to `data` (same shape required).
at::Tensor straight_through(const at::Tensor& data, const at::Tensor& replacement);

/// Per-tile sum of `data` as a 1-D tensor in parameter order.
at::Tensor per_tile_sum(const at::Tensor& data, at::IntArrayRef tile_shape);

/// Per-tile minimum and maximum of `data` as 1-D tensors in parameter order.
std::pair<at::Tensor, at::Tensor> per_tile_min_max(const at::Tensor& data,
                                                   at::IntArrayRef tile_shape);

}  // namespace fastforward::quantization
