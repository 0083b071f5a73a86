// Affine fake quantization: tiling, range-to-parameters, a fused CPU kernel and its STE backward.
#include "fastforward/quantization/affine.h"

#include "fastforward/nn/quantizer.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace fastforward::quantization {

namespace {

int64_t normalize_dim(int64_t dim, int64_t rank) {
  const int64_t normalized = dim < 0 ? dim + rank : dim;
  TORCH_CHECK(normalized >= 0 && normalized < rank, "dimension ", dim,
              " is out of range for a tensor of rank ", rank);
  return normalized;
}

// Data viewed as [g0, t0, g1, t1, ...] (grid size and tile size per dimension) so parameters
// broadcast from [g0, 1, g1, 1, ...]. Most granularities also fit the shape
// [outer, groups, inner] in which one parameter covers a contiguous run of `inner` elements;
// the fused kernel handles exactly that form.
struct TileLayout {
  std::vector<int64_t> interleaved_shape;
  std::vector<int64_t> parameter_view_shape;
  std::vector<int64_t> tile_dims;
  int64_t parameter_count = 1;
  bool fits_kernel = false;
  int64_t groups = 1;
  int64_t inner = 1;

  TileLayout(at::IntArrayRef data_shape, at::IntArrayRef tile_shape) {
    TORCH_CHECK(data_shape.size() == tile_shape.size(), "tile shape ", tile_shape,
                " does not have the rank of the data shape ", data_shape);
    enum class Run { none, tile, grid };
    std::vector<std::pair<Run, int64_t>> runs;
    auto append = [&runs](Run kind, int64_t size) {
      if (size == 1) return;
      if (!runs.empty() && runs.back().first == kind) {
        runs.back().second *= size;
      } else {
        runs.emplace_back(kind, size);
      }
    };
    for (size_t d = 0; d < data_shape.size(); ++d) {
      TORCH_CHECK(tile_shape[d] > 0 && data_shape[d] % tile_shape[d] == 0, "tile shape ",
                  tile_shape, " does not divide the data shape ", data_shape);
      const int64_t grid = data_shape[d] / tile_shape[d];
      interleaved_shape.push_back(grid);
      interleaved_shape.push_back(tile_shape[d]);
      parameter_view_shape.push_back(grid);
      parameter_view_shape.push_back(1);
      tile_dims.push_back(static_cast<int64_t>(2 * d + 1));
      parameter_count *= grid;
      append(Run::grid, grid);
      append(Run::tile, tile_shape[d]);
    }
    // Accept [tile?][grid?][tile?]: at most one grid run.
    int grid_runs = 0;
    for (const auto& run : runs) grid_runs += run.first == Run::grid;
    fits_kernel = grid_runs <= 1;
    if (fits_kernel) {
      bool after_grid = false;
      for (const auto& run : runs) {
        if (run.first == Run::grid) {
          groups = run.second;
          after_grid = true;
        } else if (after_grid || grid_runs == 0) {
          inner *= run.second;
        }
      }
    }
  }
};

// Round half to even for |v| < 2^22 without SSE4.1: adding 1.5 * 2^23 pushes the fraction out of
// the mantissa under the default rounding mode. Values are clamped to the integer grid first,
// which commutes with rounding because the grid ends are integers.
constexpr float kRoundMagic = 12582912.0f;
constexpr int64_t kMaxKernelBits = 22;

void fake_quantize_float_kernel(const float* data, float* out, int64_t numel, int64_t groups,
                                int64_t inner, const float* scale, const float* offset,
                                float int_min, float int_max) {
  at::parallel_for(0, numel, 32768, [&](int64_t begin, int64_t end) {
    int64_t index = begin;
    while (index < end) {
      const int64_t row = index / inner;
      const int64_t row_end = std::min(end, (row + 1) * inner);
      const int64_t parameter = row % groups;
      const float s = scale[parameter];
      const float rounded_offset = offset ? std::nearbyint(offset[parameter]) : 0.0f;
      for (int64_t i = index; i < row_end; ++i) {
        float value = data[i] / s - rounded_offset;
        value = std::min(std::max(value, int_min), int_max);
        value = (value + kRoundMagic) - kRoundMagic;
        out[i] = (value + rounded_offset) * s;
      }
      index = row_end;
    }
  });
}

bool kernel_applies(const at::Tensor& data, const at::Tensor& scale, const at::Tensor& offset,
                    int64_t num_bits, const TileLayout& layout) {
  auto is_plain_float = [](const at::Tensor& t) {
    return t.device().is_cpu() && t.scalar_type() == at::kFloat && t.is_contiguous() &&
           t.layout() == at::kStrided;
  };
  return layout.fits_kernel && num_bits <= kMaxKernelBits && is_plain_float(data) &&
         is_plain_float(scale) && (!offset.defined() || is_plain_float(offset)) &&
         !data.is_neg() && !data.is_conj();
}

at::Tensor fake_quantize_composite(const at::Tensor& data, const at::Tensor& scale,
                                   const at::Tensor& offset, int64_t num_bits,
                                   const TileLayout& layout) {
  const auto values = data.reshape(layout.interleaved_shape);
  const auto s = scale.reshape(layout.parameter_view_shape);
  const double int_min = static_cast<double>(integer_minimum(num_bits));
  const double int_max = static_cast<double>(integer_maximum(num_bits));
  at::Tensor result;
  if (offset.defined()) {
    const auto rounded_offset = at::round(offset.reshape(layout.parameter_view_shape));
    result = (at::clamp(at::round(values / s - rounded_offset), int_min, int_max) +
              rounded_offset) * s;
  } else {
    result = at::clamp(at::round(values / s), int_min, int_max) * s;
  }
  return result.reshape(data.sizes()).to(data.scalar_type());
}

at::Tensor fake_quantize_no_grad(const at::Tensor& data, const at::Tensor& scale,
                                 const at::Tensor& offset, int64_t num_bits,
                                 const TileLayout& layout) {
  if (!kernel_applies(data, scale, offset, num_bits, layout)) {
    return fake_quantize_composite(data, scale, offset, num_bits, layout);
  }
  auto out = at::empty_like(data);
  fake_quantize_float_kernel(data.data_ptr<float>(), out.data_ptr<float>(), data.numel(),
                             layout.groups, layout.inner, scale.data_ptr<float>(),
                             offset.defined() ? offset.data_ptr<float>() : nullptr,
                             static_cast<float>(integer_minimum(num_bits)),
                             static_cast<float>(integer_maximum(num_bits)));
  return out;
}

// Straight-through estimator with LSQ-style scale and offset gradients (spec §2.5).
class FakeQuantizeAffineFunction
    : public torch::autograd::Function<FakeQuantizeAffineFunction> {
 public:
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& data,
                            const at::Tensor& scale, const at::Tensor& offset, int64_t num_bits,
                            std::vector<int64_t> tile_shape) {
    ctx->save_for_backward({data, scale, offset});
    ctx->saved_data["num_bits"] = num_bits;
    ctx->saved_data["tile_shape"] = tile_shape;
    return fake_quantize_no_grad(data, scale, offset, num_bits, TileLayout(data.sizes(), tile_shape));
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grad_outputs) {
    const auto saved = ctx->get_saved_variables();
    const auto& data = saved[0];
    const auto& scale = saved[1];
    const auto& offset = saved[2];
    const int64_t num_bits = ctx->saved_data["num_bits"].toInt();
    const auto tile_shape = ctx->saved_data["tile_shape"].toIntVector();
    const TileLayout layout(data.sizes(), tile_shape);
    const double int_min = static_cast<double>(integer_minimum(num_bits));
    const double int_max = static_cast<double>(integer_maximum(num_bits));

    const auto grad = grad_outputs[0].reshape(layout.interleaved_shape);
    const auto values = data.reshape(layout.interleaved_shape);
    const auto s = scale.reshape(layout.parameter_view_shape);
    const auto rounded_offset = offset.defined()
                                    ? at::round(offset.reshape(layout.parameter_view_shape))
                                    : at::zeros({1}, s.options());
    const auto pre_rounding = values / s - rounded_offset;
    const auto rounded = at::round(pre_rounding);
    const auto below = rounded < int_min;
    const auto above = rounded > int_max;
    const auto clipped = below | above;

    const auto grad_data =
        grad.masked_fill(clipped, 0).reshape(data.sizes()).to(data.scalar_type());
    at::Tensor grad_scale;
    if (scale.requires_grad()) {
      const auto local = at::where(below, int_min + rounded_offset,
                                   at::where(above, int_max + rounded_offset,
                                             rounded - pre_rounding));
      grad_scale = (grad * local).sum(layout.tile_dims).reshape(scale.sizes())
                       .to(scale.scalar_type());
    }
    at::Tensor grad_offset;
    if (offset.defined() && offset.requires_grad()) {
      grad_offset = (grad * s).masked_fill(~clipped, 0).sum(layout.tile_dims)
                        .reshape(offset.sizes()).to(offset.scalar_type());
    }
    return {grad_data, grad_scale, grad_offset, at::Tensor(), at::Tensor()};
  }
};

class StraightThroughFunction : public torch::autograd::Function<StraightThroughFunction> {
 public:
  static at::Tensor forward(torch::autograd::AutogradContext*, const at::Tensor&,
                            const at::Tensor& replacement) {
    return replacement;
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext*,
                                                 torch::autograd::variable_list grad_outputs) {
    return {grad_outputs[0], at::Tensor()};
  }
};

}  // namespace

at::Tensor straight_through(const at::Tensor& data, const at::Tensor& replacement) {
  TORCH_CHECK(data.sizes() == replacement.sizes(), "straight_through needs equal shapes, got ",
              data.sizes(), " and ", replacement.sizes());
  return StraightThroughFunction::apply(data, replacement.detach());
}

Granularity Granularity::per_tensor() { return Granularity(); }

Granularity Granularity::per_channel(std::vector<int64_t> channel_dims) {
  Granularity granularity;
  granularity.kind_ = Kind::per_channel;
  granularity.channel_dims_ = std::move(channel_dims);
  return granularity;
}

Granularity Granularity::per_block(std::vector<int64_t> block_dims,
                                   std::vector<int64_t> block_sizes,
                                   std::vector<int64_t> per_channel_dims) {
  TORCH_CHECK(block_dims.size() == block_sizes.size(),
              "per_block needs one block size per block dimension");
  Granularity granularity;
  granularity.kind_ = Kind::per_block;
  granularity.dims_ = std::move(block_dims);
  granularity.sizes_ = std::move(block_sizes);
  granularity.channel_dims_ = std::move(per_channel_dims);
  return granularity;
}

Granularity Granularity::per_tile(std::vector<int64_t> tile_shape) {
  Granularity granularity;
  granularity.kind_ = Kind::per_tile;
  granularity.sizes_ = std::move(tile_shape);
  return granularity;
}

std::vector<int64_t> Granularity::tile_shape(at::IntArrayRef data_shape) const {
  const auto rank = static_cast<int64_t>(data_shape.size());
  std::vector<int64_t> tile(data_shape.begin(), data_shape.end());
  switch (kind_) {
    case Kind::per_tensor:
      break;
    case Kind::per_channel:
    case Kind::per_block:
      for (int64_t dim : channel_dims_) tile[normalize_dim(dim, rank)] = 1;
      // Block dims win over channel dims, as in FastForward.
      for (size_t i = 0; i < dims_.size(); ++i) {
        const int64_t dim = normalize_dim(dims_[i], rank);
        TORCH_CHECK(sizes_[i] > 0 && sizes_[i] <= data_shape[dim] &&
                        data_shape[dim] % sizes_[i] == 0,
                    "block size ", sizes_[i], " does not divide dimension ", dim, " of size ",
                    data_shape[dim]);
        tile[dim] = sizes_[i];
      }
      break;
    case Kind::per_tile:
      TORCH_CHECK(sizes_.size() == data_shape.size(), "tile shape rank ", sizes_.size(),
                  " does not match data rank ", data_shape.size());
      for (size_t d = 0; d < sizes_.size(); ++d) {
        TORCH_CHECK(sizes_[d] > 0 && data_shape[d] % sizes_[d] == 0, "tile size ", sizes_[d],
                    " does not divide dimension ", d, " of size ", data_shape[d]);
      }
      tile = sizes_;
      break;
  }
  return tile;
}

int64_t Granularity::parameter_count(at::IntArrayRef data_shape) const {
  const auto tile = tile_shape(data_shape);
  int64_t count = 1;
  for (size_t d = 0; d < tile.size(); ++d) count *= data_shape[d] / tile[d];
  return count;
}

std::string Granularity::to_string() const {
  std::ostringstream out;
  auto list = [&out](const std::vector<int64_t>& values) {
    out << "(";
    for (size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
    out << ")";
  };
  switch (kind_) {
    case Kind::per_tensor:
      out << "PerTensor()";
      break;
    case Kind::per_channel:
      out << "PerChannel";
      list(channel_dims_);
      break;
    case Kind::per_block:
      out << "PerBlock(block_dims=";
      list(dims_);
      out << ", block_sizes=";
      list(sizes_);
      out << ", per_channel_dims=";
      list(channel_dims_);
      out << ")";
      break;
    case Kind::per_tile:
      out << "PerTile";
      list(sizes_);
      break;
  }
  return out.str();
}

bool Granularity::operator==(const Granularity& other) const {
  return kind_ == other.kind_ && dims_ == other.dims_ && sizes_ == other.sizes_ &&
         channel_dims_ == other.channel_dims_;
}

int64_t integer_minimum(int64_t num_bits) { return -(int64_t{1} << (num_bits - 1)); }
int64_t integer_maximum(int64_t num_bits) { return (int64_t{1} << (num_bits - 1)) - 1; }

AffineParameters parameters_for_range(const at::Tensor& min_value, const at::Tensor& max_value,
                                      int64_t num_bits, bool symmetric, bool allow_one_sided) {
  TORCH_CHECK(num_bits >= 2 && num_bits <= 32, "num_bits must be in [2, 32], got ", num_bits);
  auto min = min_value.detach().to(at::kFloat).reshape({-1});
  const auto max = max_value.detach().to(at::kFloat).reshape({-1});
  const double eps = std::numeric_limits<float>::epsilon();
  // One global decision across all tiles, as in FastForward.
  const bool one_sided = allow_one_sided && min.min().item<float>() >= 0.0f;
  if (symmetric && !one_sided) {
    const double half_range = std::ldexp(1.0, static_cast<int>(num_bits - 1));
    auto scale = at::maximum(min.abs() / half_range, max.abs() / (half_range - 1)).clamp_min(eps);
    return {scale, c10::nullopt};
  }
  if (one_sided) min = at::zeros_like(min);
  const double levels = std::ldexp(1.0, static_cast<int>(num_bits)) - 1;
  auto scale = ((max - min) / levels).clamp_min(eps);
  auto offset = min / scale - static_cast<double>(integer_minimum(num_bits));
  return {scale, offset};
}

at::Tensor fake_quantize_affine(const at::Tensor& data, const at::Tensor& scale,
                                const at::Tensor& offset, int64_t num_bits,
                                at::IntArrayRef tile_shape) {
  TORCH_CHECK(num_bits >= 2 && num_bits <= 32, "num_bits must be in [2, 32], got ", num_bits);
  const TileLayout layout(data.sizes(), tile_shape);
  if (scale.numel() != layout.parameter_count ||
      (offset.defined() && offset.numel() != layout.parameter_count)) {
    throw QuantizationError("quantizer has " + std::to_string(scale.numel()) +
                            " parameters but the data needs " +
                            std::to_string(layout.parameter_count) + " for its tiling");
  }
  const bool needs_grad = at::GradMode::is_enabled() &&
                          (data.requires_grad() || scale.requires_grad() ||
                           (offset.defined() && offset.requires_grad()));
  if (!needs_grad) {
    at::NoGradGuard no_grad;
    return fake_quantize_no_grad(data, scale, offset, num_bits, layout);
  }
  return FakeQuantizeAffineFunction::apply(data, scale, offset, num_bits, tile_shape.vec());
}

at::Tensor per_tile_sum(const at::Tensor& data, at::IntArrayRef tile_shape) {
  const TileLayout layout(data.sizes(), tile_shape);
  const auto values = data.detach().reshape(layout.interleaved_shape);
  if (layout.tile_dims.empty()) return values.reshape({-1}).clone();
  return at::sum(values, layout.tile_dims).reshape({-1});
}

std::pair<at::Tensor, at::Tensor> per_tile_min_max(const at::Tensor& data,
                                                   at::IntArrayRef tile_shape) {
  const TileLayout layout(data.sizes(), tile_shape);
  const auto values = data.detach().reshape(layout.interleaved_shape);
  if (layout.tile_dims.empty()) return {values.reshape({-1}).clone(), values.reshape({-1}).clone()};
  return {at::amin(values, layout.tile_dims).reshape({-1}),
          at::amax(values, layout.tile_dims).reshape({-1})};
}

}  // namespace fastforward::quantization
