// Tests of mpath queries (spec §4) and quantizer initialisation by rules (spec §5), on the
// module tree of spec §4.3:
//   root ── encoder (Sequential) ── 0 (QuantizedLinear), 1 (QuantizedReLU), 2 (QuantizedLinear)
//        └─ head (QuantizedLinear)
#include "fastforward/fastforward.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace ff = fastforward;
namespace mpath = fastforward::mpath;
namespace ffq = fastforward::quantization;
using ff::nn::LinearQuantizer;
using ff::nn::LinearQuantizerOptions;
using Names = std::vector<std::string>;

namespace {

struct SpecTreeImpl : torch::nn::Module {
  SpecTreeImpl() {
    encoder = register_module(
        "encoder", torch::nn::Sequential(ff::nn::QuantizedLinear(4, 4), ff::nn::QuantizedReLU(),
                                         ff::nn::QuantizedLinear(4, 4)));
    head = register_module("head", ff::nn::QuantizedLinear(4, 2));
  }
  torch::Tensor forward(torch::Tensor x) { return head(encoder->forward(x)); }
  torch::nn::Sequential encoder{nullptr};
  ff::nn::QuantizedLinear head{nullptr};
};
TORCH_MODULE(SpecTree);

Names found(const std::string& query, torch::nn::Module& root, const mpath::Aliases* aliases = nullptr) {
  return mpath::search(query, root, aliases).names();
}

Names quantizers_of(const std::string& module, const Names& which) {
  Names names;
  for (const auto& q : which) names.push_back(module + "." + q);
  return names;
}

const Names kLinearQuantizers = {"input_quantizer", "weight_quantizer", "bias_quantizer", "output_quantizer"};
const Names kActivationQuantizers = {"input_quantizer", "output_quantizer"};

Names concat(std::initializer_list<Names> parts) {
  Names out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

std::string parse_error_of(const std::string& query, std::size_t* position = nullptr) {
  try {
    mpath::query(query);
  } catch (const mpath::MPathParseError& error) {
    if (position) *position = error.position();
    return error.reason();
  }
  return "";
}

}  // namespace

TEST_CASE("mpath: the query table of spec 4.3, with FastForward's result order", "[mpath]") {
  SpecTree net;
  torch::nn::Module& root = *net;
  CHECK(found("encoder/0", root) == Names{"encoder.0"});
  CHECK(found("*", root) == Names{"encoder", "head"});
  CHECK(found("**/[cls:Linear]", root) == Names{"encoder.0", "encoder.2", "head"});
  CHECK(found("encoder/**", root) ==
        concat({{"encoder", "encoder.0", "encoder.1", "encoder.2"},
                quantizers_of("encoder.2", kLinearQuantizers),
                quantizers_of("encoder.1", kActivationQuantizers),
                quantizers_of("encoder.0", kLinearQuantizers)}));
  CHECK(found("**/[quantizer:parameter/weight]", root) ==
        Names{"head.weight_quantizer", "encoder.2.weight_quantizer", "encoder.0.weight_quantizer"});
  CHECK(found("encoder/*/[qtag:activation]", root) ==
        concat({quantizers_of("encoder.2", kActivationQuantizers), quantizers_of("encoder.1", kActivationQuantizers),
                quantizers_of("encoder.0", kActivationQuantizers)}));
  CHECK(found("**/[qtag:activation/output, activation]", root) ==
        Names{"head.output_quantizer", "encoder.2.output_quantizer", "encoder.1.output_quantizer",
              "encoder.0.output_quantizer"});
  CHECK(found("**/[qtag:output]", root).empty());  // `output` is not a root-level tag
  CHECK(found("{encoder/0, head}/weight_quantizer", root) ==
        Names{"head.weight_quantizer", "encoder.0.weight_quantizer"});
  CHECK(found("[re:enc.*]/[re:[02\\]]", root) == Names{"encoder.0", "encoder.2"});
  CHECK(found("head/~[qtag:parameter]", root) == Names{"head.input_quantizer", "head.output_quantizer"});

  mpath::Aliases aliases({{"enc", "encoder"}, {"w", "&enc/*/weight_quantizer"}});
  CHECK(found("&w", root, &aliases) == Names{"encoder.2.weight_quantizer", "encoder.0.weight_quantizer"});
  CHECK(found("~&enc", root, &aliases) == Names{"head"});
  CHECK(found("{0,2}/[quantizer:parameter/weight]", *net->encoder) ==
        Names{"2.weight_quantizer", "0.weight_quantizer"});
}

TEST_CASE("mpath: wildcards, the root and de-duplication", "[mpath]") {
  SpecTree net;
  torch::nn::Module& root = *net;
  const Names everything = found("**", root);
  // `**` and `**/*` give every descendant, never the root, each once.
  CHECK(everything.size() == root.named_modules().size() - 1);
  CHECK(found("**/*", root).size() == everything.size());
  CHECK(found("**/**/**", root) == everything);
  CHECK(std::find(everything.begin(), everything.end(), "") == everything.end());
  // `x/*` is direct children only; a leading or trailing '/' changes nothing.
  CHECK(found("encoder/*", root) == Names{"encoder.0", "encoder.1", "encoder.2"});
  CHECK(found("/encoder/*/", root) == found("encoder/*", root));
  // Whitespace between tokens is ignored.
  CHECK(found(" encoder / 0 ", root) == Names{"encoder.0"});
  // Near misses: a name that is not a child, a wrong depth, a tag not carried.
  CHECK(found("encoder/3", root).empty());
  CHECK(found("head/*/*", root).empty());
  CHECK(found("0", root).empty());
  CHECK(found("encoder/1/[qtag:parameter]", root).empty());
  // Regular expressions match whole names; a union member that matches nothing adds nothing;
  // negation keeps exactly the children the fragment rejects.
  CHECK(found("[re:enc]", root).empty());
  CHECK(found("[re:enc.*r]", root) == Names{"encoder"});
  CHECK(found("{head, encoder/5}", root) == Names{"head"});
  CHECK(found("encoder/~[cls:Linear]", root) == Names{"encoder.1"});
  CHECK(found("~*", root).empty());
  // A trailing `**` accepts the module matched before it, also when it is a leaf.
  CHECK(found("head/input_quantizer/**", root) == Names{"head.input_quantizer"});
  // A union member may span levels; a module found twice is reported once.
  CHECK(found("{encoder/0/weight_quantizer, **/[qtag:parameter/weight]}", root).size() == 3);
}

TEST_CASE("mpath: class fragments by Python, C++ and generated names; subclasses match", "[mpath]") {
  SpecTree net;
  torch::nn::Module& root = *net;
  const Names linears{"encoder.0", "encoder.2", "head"};
  CHECK(found("**/[cls:torch.nn.Linear]", root) == linears);
  CHECK(found("**/[class:torch::nn::LinearImpl]", root) == linears);
  CHECK(found("**/[cls:QuantizedLinear]", root) == linears);  // by type name, no registration
  CHECK(found("**/[cls:fastforward::nn::QuantizedLinear]", root) == linears);
  CHECK(found("*/[cls:ReLU]", root) == Names{"encoder.1"});
  CHECK(found("[cls:Sequential]", root) == Names{"encoder"});
  CHECK(found("head/[cls:QuantizerStub]", root) == quantizers_of("head", kLinearQuantizers));
  CHECK(found("**/[cls:Conv2d]", root).empty());
  CHECK(found("**/[cls:Linea]", root).empty());  // no partial names

  mpath::register_class("AnyLinearByName", [](const torch::nn::Module& m) { return m.name().find("Linear") != std::string::npos; });
  CHECK(found("[cls:AnyLinearByName]", root) == Names{"head"});
}

TEST_CASE("mpath: quantizer tag fragments follow the tag hierarchy", "[mpath]") {
  SpecTree net;
  torch::nn::Module& root = *net;
  CHECK(found("head/[qtag:parameter]", root) == Names{"head.weight_quantizer", "head.bias_quantizer"});
  CHECK(found("head/[qtag:parameter/bias]", root) == Names{"head.bias_quantizer"});
  CHECK(found("head/[qtag:parameter/weight,parameter/bias]", root).empty());  // all tags required
  CHECK(found("head/[qtag:weight]", root).empty());
  // Tags added later are seen, and a user tag adds its prefixes.
  net->head->quantizer_metadata("output_quantizer")->add_tag("my/custom/tag");
  CHECK(found("**/[qtag:my]", root) == Names{"head.output_quantizer"});
  CHECK(found("**/[qtag:my/custom/tag]", root) == Names{"head.output_quantizer"});
  CHECK(found("**/[qtag:tag]", root).empty());
  // Non-quantizers never match a tag fragment.
  CHECK(found("[qtag:activation]", root).empty());
}

TEST_CASE("mpath: malformed queries point at the offending character", "[mpath]") {
  std::size_t position = 0;
  CHECK(parse_error_of("a//b", &position) == "empty fragment");
  CHECK(position == 2);
  CHECK(parse_error_of("***", &position).find("'***'") != std::string::npos);
  CHECK(position == 2);
  CHECK(parse_error_of("1abc", &position) == "a name cannot start with a digit");
  CHECK(position == 0);
  CHECK(parse_error_of("a.b", &position) == "expected '/' before '.'");
  CHECK(position == 1);
  CHECK(!parse_error_of("a-b").empty());
  CHECK(parse_error_of("a b", &position) == "expected '/' before 'b'");
  CHECK(position == 2);
  CHECK(parse_error_of("{a, b", &position) == "unclosed '{'");
  CHECK(position == 0);
  CHECK(parse_error_of("x/[nope:1]", &position) == "unknown extension 'nope'");
  CHECK(position == 3);
  CHECK(parse_error_of("x/&missing", &position) == "unknown alias 'missing'");
  CHECK(position == 3);
  CHECK(parse_error_of("**/[re:(]", &position).find("invalid regular expression") != std::string::npos);
  CHECK(position == 7);
  CHECK(parse_error_of("[qtag:a,,b]").find("empty tag") != std::string::npos);
  CHECK(parse_error_of("").find("empty query") != std::string::npos);
  CHECK(parse_error_of("[cls:Linear").find("unclosed '['") != std::string::npos);
  // The message shows the query and a caret under the offending character.
  try {
    mpath::query("encoder//x");
    FAIL("no error");
  } catch (const mpath::MPathParseError& error) {
    CHECK(std::string(error.what()).find("encoder//x\n          ^") != std::string::npos);
  }
  // Negating a union or a multi-fragment alias is a query error, not a parse error.
  mpath::Aliases aliases({{"two", "a/b"}, {"one", "a"}});
  CHECK_THROWS_AS(mpath::query("~{a, b}"), mpath::MPathQueryError);
  CHECK_THROWS_AS(mpath::query("~&two", &aliases), mpath::MPathQueryError);
  CHECK_NOTHROW(mpath::query("~&one", &aliases));
  CHECK_THROWS_AS(mpath::query("~**"), mpath::MPathQueryError);
}

TEST_CASE("mpath: extension bodies are raw text", "[mpath]") {
  // A `]` inside a double-quoted string or escaped does not end the body; the body is passed on
  // with its backslashes.
  std::vector<std::string> seen;
  mpath::register_extension("raw", [&](const std::string& raw) {
    seen.push_back(raw);
    return mpath::query("*").steps()[0].fragment;
  }, /*override_existing=*/true);
  mpath::query("[raw:\"a]b\"]");
  mpath::query("[raw:x\\]y]");
  mpath::query("[raw: spaced ]");
  CHECK(seen == std::vector<std::string>{"\"a]b\"", "x\\]y", " spaced "});
  CHECK_THROWS_AS(mpath::register_extension("raw", [](const std::string&) { return nullptr; }),
                  std::invalid_argument);
}

TEST_CASE("mpath: composing selectors and root aliases", "[mpath]") {
  SpecTree net;
  torch::nn::Module& root = *net;
  auto enc = mpath::query("encoder");
  CHECK(mpath::search(enc / "0", root).names() == Names{"encoder.0"});
  CHECK(mpath::search(mpath::query("head") | mpath::query("encoder/1"), root).names() == Names{"head", "encoder.1"});
  auto linear_or_weight = mpath::query("[cls:Linear]") & mpath::query("[re:0|head]");
  CHECK(mpath::search(mpath::query("**") / linear_or_weight, root).names() == Names{"encoder.0", "head"});
  CHECK_THROWS_AS(mpath::query("a/b") & mpath::query("c"), mpath::MPathQueryError);

  struct WithAliases : torch::nn::Module, mpath::AliasSource {
    WithAliases() {
      register_module("body", ff::nn::QuantizedLinear(2, 2));
      aliases.add("b", "body");
    }
    const mpath::Aliases& mpath_aliases() const override { return aliases; }
    mpath::Aliases aliases;
  };
  WithAliases model;
  CHECK(found("&b/weight_quantizer", model) == Names{"body.weight_quantizer"});
  mpath::Aliases explicit_aliases({{"b", "body/input_quantizer"}});
  CHECK(found("&b", model, &explicit_aliases) == Names{"body.input_quantizer"});  // explicit wins
}

TEST_CASE("mpath: collections: set operations, apply, safe updates", "[mpath]") {
  SpecTree net;
  torch::nn::Module& root = *net;
  auto weights = mpath::search("**/[qtag:parameter/weight]", root);
  auto heads = mpath::search("head/*", root);
  CHECK((weights & heads).names() == Names{"head.weight_quantizer"});
  CHECK((weights - heads).names() == Names{"encoder.2.weight_quantizer", "encoder.0.weight_quantizer"});
  CHECK((weights | heads).size() == 3 + 4 - 1);
  CHECK((weights ^ heads).size() == 2 + 3);
  SpecTree other;
  CHECK_THROWS_AS(weights | mpath::search("*", *other), std::invalid_argument);

  // apply() replaces through the owner's slot: forward uses the new quantizer.
  auto outputs = mpath::search("head/output_quantizer", root);
  outputs.apply([](const std::string&, const std::shared_ptr<torch::nn::Module>&) {
    auto q = std::make_shared<LinearQuantizer>(LinearQuantizerOptions(8));
    q->set_quantization_range(-1.0, 1.0);
    return q;
  });
  CHECK(!net->head->output_quantizer->is_stub());
  CHECK(net->head->output_quantizer.get() == outputs[0].module.get());
  // The stale result no longer matches its location: safe mode refuses, unsafe replaces.
  CHECK_THROWS_AS(heads[3].update_module(std::make_shared<ff::nn::QuantizerStub>()), std::invalid_argument);
  CHECK_NOTHROW(heads[3].update_module(std::make_shared<ff::nn::QuantizerStub>(), /*safe=*/false));
  CHECK(net->head->output_quantizer->is_stub());
  CHECK(net->head->output_quantizer->quant_metadata->has_tag("activation/output"));
}

TEST_CASE("quant_init: find_quantizers keeps quantizers, stubs included", "[quant_init]") {
  SpecTree net;
  auto all = ffq::find_quantizers(*net, "**");
  CHECK(all.size() == 4 * 3 + 2);
  auto encoder = ffq::find_quantizers(net, "encoder/*");  // children are modules, not quantizers
  CHECK(encoder.empty());
  CHECK_THROWS_AS(encoder.append(mpath::search("encoder", *net)[0]), std::invalid_argument);
  encoder.append(mpath::search("head/input_quantizer", *net)[0]);
  CHECK(encoder.size() == 1);
}

TEST_CASE("quant_init: initialize replaces stubs, keeps tags, and follows the overwrite policy", "[quant_init]") {
  SpecTree net;
  auto eight_bit = ffq::quantizer_factory<LinearQuantizer>(LinearQuantizerOptions(8));
  auto weights = ffq::find_quantizers(*net, "**/[qtag:parameter/weight]");
  weights.initialize(eight_bit);
  for (const auto& location : weights) {
    auto q = std::dynamic_pointer_cast<LinearQuantizer>(location.module);
    REQUIRE(q);
    CHECK(q->quant_metadata->has_tag("parameter/weight"));  // the location's tags
    CHECK(q->quant_metadata->shape.has_value());
  }
  // Each location has its own instance.
  CHECK(weights[0].module != weights[1].module);
  CHECK(net->head->weight_quantizer.get() == weights[0].module.get());

  // Error (default): an initialized quantizer is not silently replaced; earlier ones stay.
  auto everything_in_head = ffq::find_quantizers(*net, "head/*");
  CHECK_THROWS_AS(everything_in_head.initialize(eight_bit), ff::QuantizationError);
  CHECK(!net->head->input_quantizer->is_stub());  // not transactional: replaced before the error
  // Skip: only stubs are replaced.
  auto before = net->head->weight_quantizer.shared();
  auto four_bit = ffq::quantizer_factory<LinearQuantizer>(LinearQuantizerOptions(4));
  ffq::find_quantizers(*net, "head/*").initialize(four_bit, ffq::OverwritePolicy::Skip);
  CHECK(net->head->weight_quantizer.shared() == before);
  CHECK(std::dynamic_pointer_cast<LinearQuantizer>(net->head->bias_quantizer.shared())->options.num_bits() == 4);
  // Overwrite: replaced.
  ffq::find_quantizers(*net, "head/weight_quantizer").initialize(four_bit, ffq::OverwritePolicy::Overwrite);
  CHECK(std::dynamic_pointer_cast<LinearQuantizer>(net->head->weight_quantizer.shared())->options.num_bits() == 4);

  CHECK(ffq::overwrite_policy_from_string("skip") == ffq::OverwritePolicy::Skip);
  CHECK_THROWS_AS(ffq::overwrite_policy_from_string("sometimes"), std::invalid_argument);
}

TEST_CASE("quant_init: factories receive the full name and the current quantizer", "[quant_init]") {
  SpecTree net;
  std::vector<std::string> names;
  ffq::find_quantizers(*net, "encoder/1/*").initialize(
      [&](const std::string& name, const std::shared_ptr<ff::nn::Quantizer>& current) {
        names.push_back(name);
        CHECK(current->is_stub());
        return std::make_shared<ff::nn::DynamicLinearQuantizer>();
      });
  CHECK(names == Names{"encoder.1.input_quantizer", "encoder.1.output_quantizer"});
  CHECK_THROWS_AS(ffq::find_quantizers(*net, "head/input_quantizer")
                      .initialize([](const std::string&, const std::shared_ptr<ff::nn::Quantizer>&) {
                        return std::shared_ptr<ff::nn::Quantizer>();
                      }),
                  ff::QuantizationError);
}

TEST_CASE("quant_init: QuantizationConfig precedence: the last matching rule wins, higher scores always", "[quant_init]") {
  auto bits_of = [](const std::shared_ptr<ff::nn::Quantizer>& q) -> int64_t {
    if (auto linear = std::dynamic_pointer_cast<LinearQuantizer>(q)) return linear->options.num_bits();
    if (q->is_stub()) return 0;
    return -1;
  };
  SECTION("spec 5.3 test evidence: a later, narrower rule wins on its locations") {
    // layer1/** => Q2, then layer1/*/[quantizer:activation/output] => Q1.
    torch::nn::Sequential model(ff::nn::QuantizedLinear(2, 2), ff::nn::QuantizedLinear(2, 2));
    ffq::QuantizationConfig config;
    config.add_rule("0/**", ffq::quantizer_factory<LinearQuantizer>(LinearQuantizerOptions(2)))
        .add_rule("0/[quantizer:activation/output]", ffq::quantizer_factory<LinearQuantizer>(LinearQuantizerOptions(4)));
    config.initialize(model);
    auto layer0 = model[0]->as<ff::nn::QuantizedLinear>();
    auto layer1 = model[1]->as<ff::nn::QuantizedLinear>();
    CHECK(bits_of(layer0->output_quantizer.shared()) == 4);
    CHECK(bits_of(layer0->input_quantizer.shared()) == 2);
    CHECK(bits_of(layer0->weight_quantizer.shared()) == 2);
    CHECK(bits_of(layer0->bias_quantizer.shared()) == 2);
    for (const auto& q : {layer1->input_quantizer, layer1->weight_quantizer, layer1->bias_quantizer, layer1->output_quantizer})
      CHECK(bits_of(q.shared()) == 0);  // no rule: still stubs
  }
  SECTION("order matters on ties: swapping the rules swaps the result") {
    torch::nn::Sequential model(ff::nn::QuantizedLinear(2, 2));
    ffq::QuantizationConfig config;
    config.add_rule("0/[quantizer:activation/output]", ffq::quantizer_factory<LinearQuantizer>(LinearQuantizerOptions(4)))
        .add_rule("0/**", ffq::quantizer_factory<LinearQuantizer>(LinearQuantizerOptions(2)));
    config.initialize(model);
    CHECK(bits_of(model[0]->as<ff::nn::QuantizedLinear>()->output_quantizer.shared()) == 2);
  }
  SECTION("a subclass scoring rules wins regardless of order") {
    struct SpecificFirst : ffq::QuantizationConfig {
      int precedence_score(const Rule& rule, const mpath::FilterResult&) const override {
        return rule.query.find("**") == std::string::npos ? 2 : 1;
      }
    };
    SpecTree net;
    SpecificFirst config;
    config.add_rule("head/weight_quantizer", ffq::quantizer_factory<LinearQuantizer>(LinearQuantizerOptions(4)))
        .add_rule("**/[qtag:parameter/weight]", ffq::quantizer_factory<LinearQuantizer>(LinearQuantizerOptions(8)));
    config.initialize(net);
    CHECK(bits_of(net->head->weight_quantizer.shared()) == 4);
    CHECK(bits_of(net->encoder[0]->as<ff::nn::QuantizedLinear>()->weight_quantizer.shared()) == 8);
    CHECK(config.str().find("head/weight_quantizer => fastforward::nn::LinearQuantizer(num_bits=4") != std::string::npos);
  }
  SECTION("initialize twice: the overwrite policy applies to the second run") {
    SpecTree net;
    ffq::QuantizationConfig config;
    config.add_rule("**/[qtag:activation]", ffq::quantizer_factory<LinearQuantizer>(LinearQuantizerOptions(8)));
    config.initialize(net);
    CHECK_THROWS_AS(config.initialize(net), ff::QuantizationError);
    auto input = net->head->input_quantizer.shared();
    config.initialize(net, true, ffq::OverwritePolicy::Skip);
    CHECK(net->head->input_quantizer.shared() == input);
    config.initialize(net, true, ffq::OverwritePolicy::Overwrite);
    CHECK(net->head->input_quantizer.shared() != input);
  }
  SECTION("a malformed rule is rejected when added") {
    ffq::QuantizationConfig config;
    CHECK_THROWS_AS(config.add_rule("**/[qtag:", ffq::quantizer_factory<LinearQuantizer>()), mpath::MPathParseError);
    CHECK(config.rules().empty());
  }
}

TEST_CASE("summarize_quantizers groups by quantizer and folds repeated blocks", "[quant_init]") {
  SpecTree net;
  CHECK(ff::nn::summarize_quantizers(*net).empty());  // stubs only
  // Stubs print their tags, so they group by role.
  CHECK(ff::nn::summarize_quantizers(*net, /*include_stubs=*/true)
            .rfind("4x fastforward::nn::QuantizerStub(activation, activation/input)\n"
                   "    encoder.[].input_quantizer (3x)\n"
                   "    head.input_quantizer\n", 0) == 0);
  ffq::find_quantizers(*net, "**/[qtag:parameter/weight]")
      .initialize(ffq::quantizer_factory<LinearQuantizer>(LinearQuantizerOptions(4)));
  ffq::find_quantizers(*net, "encoder/*/output_quantizer")
      .initialize(ffq::quantizer_factory<LinearQuantizer>(LinearQuantizerOptions(8).symmetric(false)));
  CHECK(ff::nn::summarize_quantizers(*net) ==
        "3x fastforward::nn::LinearQuantizer(num_bits=4, symmetric=true, granularity=PerTensor(), uninitialized)\n"
        "    encoder.[].weight_quantizer (2x)\n"
        "    head.weight_quantizer\n"
        "3x fastforward::nn::LinearQuantizer(num_bits=8, symmetric=false, granularity=PerTensor(), uninitialized)\n"
        "    encoder.[].output_quantizer (3x)\n");
}
