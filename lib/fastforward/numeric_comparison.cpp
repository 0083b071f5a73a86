// Numeric comparison: SQNR at every quantizer from a float and a quantized run, and its writers.
#include "fastforward/quantization/numeric_comparison.h"

#include "fastforward/nn/quantized_module.h"
#include "fastforward/quantization/flags.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <ostream>
#include <sstream>

namespace fastforward::quantization {

void SqnrAccumulator::add(const at::Tensor& reference, const at::Tensor& approximation) {
  TORCH_CHECK(reference.sizes() == approximation.sizes(), "SQNR of tensors of different shapes ",
              reference.sizes(), " and ", approximation.sizes());
  // Double accumulation: float32 sums of many squares lose the small noise of 8-bit data.
  const auto ref = reference.detach().to(at::kDouble);
  const auto approx = approximation.detach().to(at::kDouble);
  signal_ += ref.square().sum().item<double>();
  noise_ += (ref - approx).square().sum().item<double>();
  ++pairs_;
}

double SqnrAccumulator::sqnr_db() const {
  if (pairs_ == 0 || std::isnan(signal_) || std::isnan(noise_)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (noise_ == 0.0) return std::numeric_limits<double>::infinity();
  if (signal_ == 0.0) return -std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signal_ / noise_);
}

double sqnr_db(const at::Tensor& reference, const at::Tensor& approximation) {
  SqnrAccumulator accumulator;
  accumulator.add(reference, approximation);
  return accumulator.sqnr_db();
}

namespace {

class RemoveOnExit {
 public:
  ~RemoveOnExit() {
    for (auto& handle : handles) handle.remove();
  }
  std::vector<nn::OverrideHandle> handles;
};

std::vector<std::string> most_specific_tags(const nn::QuantizerMetadata* metadata) {
  std::vector<std::string> result;
  if (!metadata) return result;
  const auto& tags = metadata->tags();
  for (const auto& tag : tags) {
    const std::string extension_prefix = tag + "/";
    const bool extended = std::any_of(tags.begin(), tags.end(), [&](const std::string& other) {
      return other.compare(0, extension_prefix.size(), extension_prefix) == 0;
    });
    if (!extended) result.push_back(tag);
  }
  return result;
}

}  // namespace

NumericReport compare_numerics(torch::nn::Module& model, int64_t batch_count,
                               const std::function<void(int64_t)>& run_batch,
                               const CompareNumericsOptions& options) {
  TORCH_CHECK(run_batch, "compare_numerics needs a function that runs the model on a batch");
  TORCH_CHECK(batch_count >= 0, "compare_numerics: negative batch count");
  torch::NoGradGuard no_grad;
  NumericReport report;
  report.batches = batch_count;
  const auto tracked = nn::named_quantizers(model, /*skip_stubs=*/!options.include_stubs);
  for (const auto& [path, quantizer] : tracked) {
    QuantizerNumerics entry;
    entry.path = path;
    entry.tags = most_specific_tags(quantizer->quant_metadata.get());
    entry.is_stub = quantizer->is_stub();
    entry.is_parameter =
        quantizer->quant_metadata && quantizer->quant_metadata->has_tag(nn::tags::parameter);
    report.quantizers.push_back(std::move(entry));
  }
  const size_t count = tracked.size();

  for (int64_t batch = 0; batch < batch_count; ++batch) {
    // Float run: every quantizer returns its input; keep what each activation quantizer returns,
    // per call, for the quantized run to compare with. Clones, because a later in-place op could
    // change the tensor a disabled quantizer passed through.
    std::vector<std::vector<at::Tensor>> float_values(count);
    {
      DisableQuantization float_run(model);
      RemoveOnExit overrides;  // registered after the disabling ones, so outermost
      for (size_t i = 0; i < count; ++i) {
        if (report.quantizers[i].is_parameter) continue;
        overrides.handles.push_back(tracked[i].second->register_override(
            [&float_values, i](nn::Quantizer&, const nn::QuantizerCallback& callback,
                               const at::Tensor& data) {
              auto output = callback(data);
              float_values[i].push_back(output.detach().clone());
              return output;
            }));
      }
      run_batch(batch);
    }
    // Quantized run: compare as the data flows; nothing is kept.
    {
      std::vector<size_t> call_index(count, 0);
      RemoveOnExit overrides;
      for (size_t i = 0; i < count; ++i) {
        overrides.handles.push_back(tracked[i].second->register_override(
            [&report, &float_values, &call_index, i](nn::Quantizer&,
                                                     const nn::QuantizerCallback& callback,
                                                     const at::Tensor& data) {
              auto output = callback(data);
              auto& entry = report.quantizers[i];
              ++entry.calls;
              if (entry.is_parameter) {
                entry.weight.add(data, output);
                return output;
              }
              entry.local.add(data, output);
              const size_t call = call_index[i]++;
              if (call < float_values[i].size() &&
                  float_values[i][call].sizes() == output.sizes()) {
                entry.propagated.add(float_values[i][call], output);
                float_values[i][call] = at::Tensor();  // used: free it early
              } else {
                ++entry.unmatched_calls;
              }
              return output;
            }));
      }
      run_batch(batch);
    }
  }
  return report;
}

const QuantizerNumerics* NumericReport::worst() const {
  const QuantizerNumerics* result = nullptr;
  for (const auto& entry : quantizers) {
    const double own = entry.own_sqnr_db();
    if (std::isnan(own)) continue;
    if (!result || own < result->own_sqnr_db()) result = &entry;
  }
  return result;
}

const QuantizerNumerics* NumericReport::find(const std::string& path) const {
  for (const auto& entry : quantizers) {
    if (entry.path == path) return &entry;
  }
  return nullptr;
}

namespace {

// The figure a column shows for an entry, or nullopt when the column does not apply to it.
c10::optional<double> local_figure(const QuantizerNumerics& entry) {
  if (entry.is_parameter) return c10::nullopt;
  return entry.local.sqnr_db();
}
c10::optional<double> propagated_figure(const QuantizerNumerics& entry) {
  if (entry.is_parameter) return c10::nullopt;
  return entry.propagated.sqnr_db();
}
c10::optional<double> weight_figure(const QuantizerNumerics& entry) {
  if (!entry.is_parameter) return c10::nullopt;
  return entry.weight.sqnr_db();
}

std::string non_finite_name(double value) {
  if (std::isnan(value)) return "nan";
  return value > 0 ? "inf" : "-inf";
}

std::string format_fixed(double value, int decimals) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(decimals) << value;
  return out.str();
}

std::string format_exact(double value) {
  if (!std::isfinite(value)) return non_finite_name(value);
  std::ostringstream out;
  out << std::setprecision(std::numeric_limits<double>::max_digits10) << value;
  return out.str();
}

// Table cell: "-" when the column does not apply or there was no data, else two decimals.
std::string table_cell(const c10::optional<double>& figure) {
  if (!figure || std::isnan(*figure)) return "-";
  if (!std::isfinite(*figure)) return non_finite_name(*figure);
  return format_fixed(*figure, 2);
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string result;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) result += separator;
    result += parts[i];
  }
  return result;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csv_figure(const c10::optional<double>& figure) {
  return figure ? format_exact(*figure) : std::string();
}

std::string json_string(const std::string& text) {
  std::ostringstream out;
  out << '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"': out << "\\\""; break;
      case '\\': out << "\\\\"; break;
      case '\n': out << "\\n"; break;
      case '\r': out << "\\r"; break;
      case '\t': out << "\\t"; break;
      default:
        if (c < 0x20) {
          out << "\\u" << std::hex << std::setw(4) << std::setfill('0') << int(c) << std::dec;
        } else {
          out << c;
        }
    }
  }
  out << '"';
  return out.str();
}

std::string json_figure(const c10::optional<double>& figure) {
  if (!figure) return "null";
  if (!std::isfinite(*figure)) return json_string(non_finite_name(*figure));
  return format_exact(*figure);
}

std::string html_escape(const std::string& text) {
  std::string result;
  for (char c : text) {
    switch (c) {
      case '&': result += "&amp;"; break;
      case '<': result += "&lt;"; break;
      case '>': result += "&gt;"; break;
      case '"': result += "&quot;"; break;
      default: result += c;
    }
  }
  return result;
}

}  // namespace

void NumericReport::write_table(std::ostream& out, const TableOptions& options) const {
  std::vector<const QuantizerNumerics*> rows;
  for (const auto& entry : quantizers) rows.push_back(&entry);
  if (options.sort_worst_first) {
    // NaN (never called) last; stable, so ties keep model order.
    std::stable_sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) {
      const double x = a->own_sqnr_db(), y = b->own_sqnr_db();
      if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
      return x < y;
    });
  }
  const QuantizerNumerics* worst_entry = options.mark_worst ? worst() : nullptr;

  const std::vector<std::string> header = {"path",  "tags",          "calls",
                                           "local dB", "propagated dB", "weight dB"};
  std::vector<std::vector<std::string>> cells;
  for (const auto* entry : rows) {
    cells.push_back({entry->path, join(entry->tags, ","), std::to_string(entry->calls),
                     table_cell(local_figure(*entry)), table_cell(propagated_figure(*entry)),
                     table_cell(weight_figure(*entry))});
  }
  std::vector<size_t> widths;
  for (const auto& title : header) widths.push_back(title.size());
  for (const auto& row : cells) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  // Text columns left-aligned, numbers right-aligned; two spaces between columns.
  auto write_row = [&](const std::vector<std::string>& row, const std::string& marker) {
    std::string line = marker;
    for (size_t c = 0; c < row.size(); ++c) {
      if (c) line += "  ";
      const std::string padding(widths[c] - row[c].size(), ' ');
      line += c < 2 ? row[c] + padding : padding + row[c];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  };
  write_row(header, "  ");
  size_t total_width = 0;
  for (size_t width : widths) total_width += width + 2;
  out << "  " << std::string(total_width - 2, '-') << '\n';
  for (size_t r = 0; r < rows.size(); ++r) {
    write_row(cells[r], rows[r] == worst_entry ? "* " : "  ");
  }
  if (worst_entry) {
    out << "* lowest own SQNR (local for activations, weight for parameters)\n";
  }
}

void NumericReport::write_csv(std::ostream& out) const {
  out << "path,tags,stub,parameter,calls,unmatched_calls,local_sqnr_db,propagated_sqnr_db,"
         "weight_sqnr_db\n";
  for (const auto& entry : quantizers) {
    out << csv_field(entry.path) << ',' << csv_field(join(entry.tags, ";")) << ','
        << (entry.is_stub ? "true" : "false") << ',' << (entry.is_parameter ? "true" : "false")
        << ',' << entry.calls << ',' << entry.unmatched_calls << ','
        << csv_figure(local_figure(entry)) << ',' << csv_figure(propagated_figure(entry)) << ','
        << csv_figure(weight_figure(entry)) << '\n';
  }
}

void NumericReport::write_json(std::ostream& out) const {
  auto energies = [](const SqnrAccumulator& accumulator) {
    return "{\"signal\": " + json_figure(accumulator.signal_energy()) +
           ", \"noise\": " + json_figure(accumulator.noise_energy()) +
           ", \"pairs\": " + std::to_string(accumulator.pairs()) + "}";
  };
  out << "{\n  \"batches\": " << batches << ",\n  \"quantizers\": [";
  for (size_t i = 0; i < quantizers.size(); ++i) {
    const auto& entry = quantizers[i];
    std::vector<std::string> tags;
    for (const auto& tag : entry.tags) tags.push_back(json_string(tag));
    out << (i ? ",\n" : "\n") << "    {\"path\": " << json_string(entry.path) << ", \"tags\": ["
        << join(tags, ", ") << "], \"stub\": " << (entry.is_stub ? "true" : "false")
        << ", \"parameter\": " << (entry.is_parameter ? "true" : "false")
        << ", \"calls\": " << entry.calls << ", \"unmatched_calls\": " << entry.unmatched_calls
        << ",\n     \"local_sqnr_db\": " << json_figure(local_figure(entry))
        << ", \"propagated_sqnr_db\": " << json_figure(propagated_figure(entry))
        << ", \"weight_sqnr_db\": " << json_figure(weight_figure(entry))
        << ",\n     \"energy\": {\"local\": " << energies(entry.local)
        << ", \"propagated\": " << energies(entry.propagated)
        << ", \"weight\": " << energies(entry.weight) << "}}";
  }
  out << (quantizers.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

void NumericReport::write_html(std::ostream& out, const std::string& title) const {
  // Chart geometry: one row per quantizer; the dB axis starts at 0 and ends at the largest
  // finite figure rounded up to 10 dB. Infinite figures reach the end of the axis.
  double axis_max = 10.0;
  for (const auto& entry : quantizers) {
    for (double value : {entry.own_sqnr_db(), entry.propagated.sqnr_db()}) {
      if (std::isfinite(value)) axis_max = std::max(axis_max, std::ceil(value / 10.0) * 10.0);
    }
  }
  size_t longest_path = 4;
  for (const auto& entry : quantizers) longest_path = std::max(longest_path, entry.path.size());
  const int label_width = static_cast<int>(longest_path) * 7 + 16;
  const int plot_width = 560, row_height = 22, top = 30, value_width = 70;
  const int width = label_width + plot_width + value_width;
  const int height = top + static_cast<int>(quantizers.size()) * row_height + 10;
  auto x_of = [&](double db) {
    const double clamped = std::isnan(db) ? 0.0 : std::min(std::max(db, 0.0), axis_max);
    return label_width + clamped / axis_max * plot_width;
  };
  const QuantizerNumerics* worst_entry = worst();

  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
      << html_escape(title) << "</title>\n<style>\n"
      << "body { font-family: sans-serif; margin: 2em; color: #222; }\n"
      << "svg text { font-family: monospace; font-size: 12px; }\n"
      << ".bar.activation { fill: #4c78a8; } .bar.parameter { fill: #72b7b2; }\n"
      << ".bar.worst { fill: #e45756; } .propagated { stroke: #222; stroke-width: 3; }\n"
      << ".grid { stroke: #ddd; } table { border-collapse: collapse; margin-top: 1.5em; }\n"
      << "td, th { padding: 2px 10px; border-bottom: 1px solid #eee; font-family: monospace; }\n"
      << "td.num { text-align: right; } tr.worst { background: #fde2e1; }\n"
      << "</style>\n</head>\n<body>\n<h1>" << html_escape(title) << "</h1>\n"
      << "<p>SQNR = 10&#183;log<sub>10</sub>(&#8214;reference&#8214;&#178; / "
         "&#8214;reference &#8722; quantized&#8214;&#178;) in dB, summed over "
      << batches << " batch(es). Bars: each quantizer's own SQNR (local for activations, "
      << "weight for parameters). Black tick: propagated SQNR (float model vs quantized model "
      << "at that point). Red: lowest own SQNR. Higher is better.</p>\n";

  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << ' ' << height << "\" role=\"img\" aria-label=\""
      << html_escape(title) << "\">\n";
  for (double db = 0.0; db <= axis_max + 1e-9; db += 10.0) {
    const double x = x_of(db);
    out << "<line class=\"grid\" x1=\"" << x << "\" y1=\"" << top - 5 << "\" x2=\"" << x
        << "\" y2=\"" << height - 10 << "\"/>"
        << "<text x=\"" << x << "\" y=\"" << top - 10 << "\" text-anchor=\"middle\">"
        << format_fixed(db, 0) << "</text>\n";
  }
  out << "<text x=\"" << label_width + plot_width << "\" y=\"12\" text-anchor=\"end\">dB</text>\n";
  for (size_t i = 0; i < quantizers.size(); ++i) {
    const auto& entry = quantizers[i];
    const int y = top + static_cast<int>(i) * row_height;
    const double own = entry.own_sqnr_db();
    std::string kind = entry.is_parameter ? "parameter" : "activation";
    if (&entry == worst_entry) kind += " worst";
    out << "<text x=\"" << label_width - 8 << "\" y=\"" << y + 15 << "\" text-anchor=\"end\">"
        << html_escape(entry.path) << "</text>\n"
        << "<rect class=\"bar " << kind << "\" x=\"" << label_width << "\" y=\"" << y + 3
        << "\" width=\"" << x_of(own) - label_width << "\" height=\"" << row_height - 6
        << "\"><title>" << html_escape(entry.path) << ": " << table_cell(own)
        << " dB</title></rect>\n"
        << "<text x=\"" << x_of(own) + 4 << "\" y=\"" << y + 15 << "\">" << table_cell(own)
        << "</text>\n";
    const auto propagated = propagated_figure(entry);
    if (propagated && !std::isnan(*propagated)) {
      const double x = x_of(*propagated);
      out << "<line class=\"propagated\" x1=\"" << x << "\" y1=\"" << y + 1 << "\" x2=\"" << x
          << "\" y2=\"" << y + row_height - 1 << "\"><title>" << html_escape(entry.path)
          << " propagated: " << table_cell(propagated) << " dB</title></line>\n";
    }
  }
  out << "</svg>\n";

  out << "<table>\n<tr><th>path</th><th>tags</th><th>calls</th><th>local dB</th>"
      << "<th>propagated dB</th><th>weight dB</th></tr>\n";
  for (const auto& entry : quantizers) {
    out << "<tr" << (&entry == worst_entry ? " class=\"worst\"" : "") << "><td>"
        << html_escape(entry.path) << "</td><td>" << html_escape(join(entry.tags, ", "))
        << "</td><td class=\"num\">" << entry.calls << "</td><td class=\"num\">"
        << table_cell(local_figure(entry)) << "</td><td class=\"num\">"
        << table_cell(propagated_figure(entry)) << "</td><td class=\"num\">"
        << table_cell(weight_figure(entry)) << "</td></tr>\n";
  }
  out << "</table>\n</body>\n</html>\n";
}

}  // namespace fastforward::quantization
