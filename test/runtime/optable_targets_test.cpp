// The default operator table and the runtime agree: every C++ dispatch target exists.
#include "fastforward/nn/functional.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <string>

namespace {

// Each name is compile-checked by a using-declaration, so this list cannot claim an op the
// runtime lacks. Extend it when an op is added to fastforward/nn/functional.h.
std::set<std::string> functional_ops() {
  std::set<std::string> names;
#define FASTFORWARD_KNOWN_OP(name)               \
  {                                              \
    using fastforward::nn::functional::name;     \
    names.insert("fastforward::nn::functional::" #name); \
  }
  FASTFORWARD_KNOWN_OP(linear) FASTFORWARD_KNOWN_OP(conv1d) FASTFORWARD_KNOWN_OP(conv2d)
  FASTFORWARD_KNOWN_OP(conv3d) FASTFORWARD_KNOWN_OP(softmax) FASTFORWARD_KNOWN_OP(relu)
  FASTFORWARD_KNOWN_OP(sigmoid) FASTFORWARD_KNOWN_OP(conv_transpose1d)
  FASTFORWARD_KNOWN_OP(conv_transpose2d) FASTFORWARD_KNOWN_OP(conv_transpose3d)
  FASTFORWARD_KNOWN_OP(avg_pool1d) FASTFORWARD_KNOWN_OP(avg_pool2d)
  FASTFORWARD_KNOWN_OP(avg_pool3d) FASTFORWARD_KNOWN_OP(embedding)
  FASTFORWARD_KNOWN_OP(layer_norm) FASTFORWARD_KNOWN_OP(matmul) FASTFORWARD_KNOWN_OP(mm)
  FASTFORWARD_KNOWN_OP(bmm) FASTFORWARD_KNOWN_OP(add) FASTFORWARD_KNOWN_OP(sub)
  FASTFORWARD_KNOWN_OP(mul) FASTFORWARD_KNOWN_OP(div) FASTFORWARD_KNOWN_OP(pow)
  FASTFORWARD_KNOWN_OP(sum) FASTFORWARD_KNOWN_OP(bitwise_not) FASTFORWARD_KNOWN_OP(negative)
  FASTFORWARD_KNOWN_OP(positive) FASTFORWARD_KNOWN_OP(bitwise_and)
  FASTFORWARD_KNOWN_OP(bitwise_or) FASTFORWARD_KNOWN_OP(bitwise_xor)
  FASTFORWARD_KNOWN_OP(floor_divide) FASTFORWARD_KNOWN_OP(bitwise_left_shift)
  FASTFORWARD_KNOWN_OP(bitwise_right_shift) FASTFORWARD_KNOWN_OP(remainder)
  FASTFORWARD_KNOWN_OP(silu) FASTFORWARD_KNOWN_OP(gelu) FASTFORWARD_KNOWN_OP(dropout)
  FASTFORWARD_KNOWN_OP(permute) FASTFORWARD_KNOWN_OP(cat) FASTFORWARD_KNOWN_OP(index_add)
  FASTFORWARD_KNOWN_OP(cumsum) FASTFORWARD_KNOWN_OP(pad) FASTFORWARD_KNOWN_OP(max_pool2d)
  FASTFORWARD_KNOWN_OP(interpolate) FASTFORWARD_KNOWN_OP(unfold)
  FASTFORWARD_KNOWN_OP(ones_like) FASTFORWARD_KNOWN_OP(zeros_like)
  FASTFORWARD_KNOWN_OP(empty_like) FASTFORWARD_KNOWN_OP(full_like) FASTFORWARD_KNOWN_OP(exp)
  FASTFORWARD_KNOWN_OP(sin) FASTFORWARD_KNOWN_OP(cos) FASTFORWARD_KNOWN_OP(rms_norm)
#undef FASTFORWARD_KNOWN_OP
  return names;
}

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\"'");
  const auto end = text.find_last_not_of(" \t\"'\r");
  return begin == std::string::npos ? std::string() : text.substr(begin, end - begin + 1);
}

// C++ dispatch target of every entry: `dispatch: {cpp: NAME}` (nested key) or the default
// fastforward::nn::functional::<op name>.
std::vector<std::string> cpp_dispatch_targets(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::vector<std::string> targets;
  bool in_dispatch = false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("- op:", 0) == 0) {
      const auto schema = trim(line.substr(5));
      targets.push_back("fastforward::nn::functional::" + schema.substr(0, schema.find('(')));
      in_dispatch = false;
    } else if (trim(line).rfind("dispatch:", 0) == 0) {
      in_dispatch = true;
      const auto inline_cpp = line.find("cpp:");
      if (inline_cpp != std::string::npos) {
        targets.back() = trim(line.substr(inline_cpp + 4, line.find_first_of(",}", inline_cpp) -
                                                              inline_cpp - 4));
      }
    } else if (in_dispatch && trim(line).rfind("cpp:", 0) == 0) {
      targets.back() = trim(trim(line).substr(4));
    } else if (!line.empty() && line[0] == ' ' && line.find_first_not_of(' ') <= 2) {
      in_dispatch = false;  // the next key of the entry
    }
  }
  return targets;
}

}  // namespace

TEST_CASE("every C++ dispatch target of the default operator table exists", "[optable]") {
  const auto known = functional_ops();
  const auto targets = cpp_dispatch_targets(FASTFORWARD_DEFAULT_OPTABLE);
  CHECK(targets.size() >= 53);
  for (const auto& target : targets) {
    INFO(target);
    CHECK(known.count(target) == 1);
  }
}
