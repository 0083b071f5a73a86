// mpath: parser, built-in fragments and extensions, and the search (spec §4).
#include "fastforward/mpath/mpath.h"

#include "fastforward/nn/linear_quantizer.h"
#include "fastforward/nn/modules.h"
#include "fastforward/nn/quantizer.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <unordered_set>

namespace fastforward::mpath {

// ----- errors ------------------------------------------------------------------------------------

namespace {
std::string located(const std::string& message, const std::string& query, std::size_t position) {
  std::ostringstream out;
  out << "mpath: " << message << " (at offset " << position << ")\n  " << query << "\n  "
      << std::string(std::min(position, query.size()), ' ') << "^";
  return out.str();
}
}  // namespace

MPathParseError::MPathParseError(const std::string& message, std::string query, std::size_t position)
    : std::runtime_error(located(message, query, position)),
      reason_(message),
      query_(std::move(query)),
      position_(position) {}

// ----- fragments ---------------------------------------------------------------------------------

namespace {

/// An exact child name: `encoder`, `0`.
class NameFragment : public Fragment {
 public:
  explicit NameFragment(std::string name) : name_(std::move(name)) {}
  bool match(const std::string& name, const torch::nn::Module&) const override { return name == name_; }
  std::string str() const override { return name_; }

 private:
  std::string name_;
};

/// `*`: exactly one element, any name.
class AnyFragment : public Fragment {
 public:
  bool match(const std::string&, const torch::nn::Module&) const override { return true; }
  std::string str() const override { return "*"; }
};

class NotFragment : public Fragment {
 public:
  explicit NotFragment(std::shared_ptr<const Fragment> inner) : inner_(std::move(inner)) {}
  bool match(const std::string& name, const torch::nn::Module& module) const override {
    return !inner_->match(name, module);
  }
  std::string str() const override { return "~" + inner_->str(); }

 private:
  std::shared_ptr<const Fragment> inner_;
};

class JointFragment : public Fragment {
 public:
  JointFragment(std::shared_ptr<const Fragment> a, std::shared_ptr<const Fragment> b)
      : a_(std::move(a)), b_(std::move(b)) {}
  bool match(const std::string& name, const torch::nn::Module& module) const override {
    return a_->match(name, module) && b_->match(name, module);
  }
  std::string str() const override { return "(" + a_->str() + " & " + b_->str() + ")"; }

 private:
  std::shared_ptr<const Fragment> a_, b_;
};

std::string trim(const std::string& text) {
  std::size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return text.substr(begin, end - begin);
}

// The class registry of `[cls:...]`.
struct ClassRegistry {
  std::mutex mutex;
  std::map<std::string, ClassPredicate> predicates;
};

template <class T>
ClassPredicate is_a() {
  return [](const torch::nn::Module& module) { return dynamic_cast<const T*>(&module) != nullptr; };
}

ClassRegistry& class_registry() {
  static ClassRegistry* registry = [] {
    auto* r = new ClassRegistry;
    auto add = [&](const std::string& python_name, const std::string& cpp_name, ClassPredicate p) {
      r->predicates["torch.nn." + python_name] = p;
      r->predicates[python_name] = p;
      r->predicates["torch::nn::" + cpp_name] = p;
      r->predicates["torch::nn::" + cpp_name + "Impl"] = p;
    };
#define FF_MPATH_TORCH_CLASS(Name) add(#Name, #Name, is_a<torch::nn::Name##Impl>())
    FF_MPATH_TORCH_CLASS(Linear);
    FF_MPATH_TORCH_CLASS(Bilinear);
    FF_MPATH_TORCH_CLASS(Conv1d);
    FF_MPATH_TORCH_CLASS(Conv2d);
    FF_MPATH_TORCH_CLASS(Conv3d);
    FF_MPATH_TORCH_CLASS(ConvTranspose1d);
    FF_MPATH_TORCH_CLASS(ConvTranspose2d);
    FF_MPATH_TORCH_CLASS(ConvTranspose3d);
    FF_MPATH_TORCH_CLASS(BatchNorm1d);
    FF_MPATH_TORCH_CLASS(BatchNorm2d);
    FF_MPATH_TORCH_CLASS(BatchNorm3d);
    FF_MPATH_TORCH_CLASS(LayerNorm);
    FF_MPATH_TORCH_CLASS(GroupNorm);
    FF_MPATH_TORCH_CLASS(Embedding);
    FF_MPATH_TORCH_CLASS(EmbeddingBag);
    FF_MPATH_TORCH_CLASS(ReLU);
    FF_MPATH_TORCH_CLASS(ReLU6);
    FF_MPATH_TORCH_CLASS(GELU);
    FF_MPATH_TORCH_CLASS(SiLU);
    FF_MPATH_TORCH_CLASS(Sigmoid);
    FF_MPATH_TORCH_CLASS(Tanh);
    FF_MPATH_TORCH_CLASS(Softmax);
    FF_MPATH_TORCH_CLASS(Dropout);
    FF_MPATH_TORCH_CLASS(MaxPool1d);
    FF_MPATH_TORCH_CLASS(MaxPool2d);
    FF_MPATH_TORCH_CLASS(AvgPool1d);
    FF_MPATH_TORCH_CLASS(AvgPool2d);
    FF_MPATH_TORCH_CLASS(AdaptiveAvgPool2d);
    FF_MPATH_TORCH_CLASS(Flatten);
    FF_MPATH_TORCH_CLASS(Identity);
    FF_MPATH_TORCH_CLASS(LSTM);
    FF_MPATH_TORCH_CLASS(GRU);
    FF_MPATH_TORCH_CLASS(RNN);
    FF_MPATH_TORCH_CLASS(Sequential);
    FF_MPATH_TORCH_CLASS(ModuleList);
    FF_MPATH_TORCH_CLASS(ModuleDict);
#undef FF_MPATH_TORCH_CLASS
    auto add_ff = [&](const std::string& name, ClassPredicate p) {
      r->predicates[name] = p;
      r->predicates["fastforward.nn." + name] = p;
      r->predicates["fastforward::nn::" + name] = p;
    };
    add_ff("Quantizer", is_a<nn::Quantizer>());
    add_ff("QuantizerStub", is_a<nn::QuantizerStub>());
    add_ff("LinearQuantizer", is_a<nn::LinearQuantizer>());
    add_ff("DynamicLinearQuantizer", is_a<nn::DynamicLinearQuantizer>());
    add_ff("QuantizedModule", is_a<nn::QuantizedModule>());
    return r;
  }();
  return *registry;
}

/// Type names of a module as LibTorch reports them (`fastforward::nn::QuantizedLinearImpl`).
bool type_name_matches(const std::string& type_name, const std::string& wanted) {
  auto ends_with_component = [&](const std::string& suffix) {
    if (type_name == suffix) return true;
    return type_name.size() > suffix.size() + 2 &&
           type_name.compare(type_name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
           type_name.compare(type_name.size() - suffix.size() - 2, 2, "::") == 0;
  };
  return ends_with_component(wanted) || ends_with_component(wanted + "Impl");
}

/// `[cls:Q]`: registered predicate, else the module's type name.
class ClassFragment : public Fragment {
 public:
  explicit ClassFragment(const std::string& raw) : name_(trim(raw)) {
    if (name_.empty()) throw std::invalid_argument("empty class name");
    std::string cpp_name;  // "torch.nn.Linear" -> "torch::nn::Linear"
    for (char c : name_) {
      if (c == '.') cpp_name += "::";
      else cpp_name += c;
    }
    cpp_name_ = cpp_name;
    ClassRegistry& registry = class_registry();
    std::lock_guard<std::mutex> lock(registry.mutex);
    auto found = registry.predicates.find(name_);
    if (found == registry.predicates.end()) found = registry.predicates.find(cpp_name_);
    if (found != registry.predicates.end()) predicate_ = found->second;
  }
  bool match(const std::string&, const torch::nn::Module& module) const override {
    if (predicate_) return predicate_(module);
    return type_name_matches(module.name(), cpp_name_);
  }
  std::string str() const override { return "[cls:" + name_ + "]"; }

 private:
  std::string name_, cpp_name_;
  ClassPredicate predicate_;
};

/// `[re:P]`: the child's name fully matches P (ECMAScript syntax). `\[` and `\]` are the
/// query's escapes for brackets and are unescaped first.
class RegexFragment : public Fragment {
 public:
  explicit RegexFragment(const std::string& raw) : raw_(raw) {
    std::string pattern;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '\\' && i + 1 < raw.size() && (raw[i + 1] == '[' || raw[i + 1] == ']')) {
        pattern += raw[++i];
      } else {
        pattern += raw[i];
      }
    }
    try {
      regex_ = std::regex(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& error) {
      throw std::invalid_argument("invalid regular expression '" + pattern + "': " + error.what());
    }
  }
  bool match(const std::string& name, const torch::nn::Module&) const override {
    return std::regex_match(name, regex_);
  }
  std::string str() const override { return "[re:" + raw_ + "]"; }

 private:
  std::string raw_;
  std::regex regex_;
};

/// `[quantizer:t1,t2]` / `[qtag:...]`: a quantizer (stubs included) carrying every tag.
class QuantizerTagFragment : public Fragment {
 public:
  explicit QuantizerTagFragment(const std::string& raw) {
    std::size_t start = 0;
    while (true) {
      std::size_t comma = raw.find(',', start);
      std::string tag = trim(raw.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (tag.empty()) throw std::invalid_argument("empty tag in '" + raw + "'");
      tags_.push_back(tag);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  bool match(const std::string&, const torch::nn::Module& module) const override {
    const auto* quantizer = dynamic_cast<const nn::Quantizer*>(&module);
    if (!quantizer || !quantizer->quant_metadata) return false;
    for (const std::string& tag : tags_)
      if (!quantizer->quant_metadata->has_tag(tag)) return false;
    return true;
  }
  std::string str() const override {
    std::string text = "[qtag:";
    for (std::size_t i = 0; i < tags_.size(); ++i) text += (i ? "," : "") + tags_[i];
    return text + "]";
  }

 private:
  std::vector<std::string> tags_;
};

struct ExtensionRegistry {
  std::mutex mutex;
  std::map<std::string, ExtensionFactory> factories;
};

ExtensionRegistry& extension_registry() {
  static ExtensionRegistry* registry = [] {
    auto* r = new ExtensionRegistry;
    ExtensionFactory cls = [](const std::string& raw) { return std::make_shared<ClassFragment>(raw); };
    ExtensionFactory re = [](const std::string& raw) { return std::make_shared<RegexFragment>(raw); };
    ExtensionFactory tag = [](const std::string& raw) { return std::make_shared<QuantizerTagFragment>(raw); };
    r->factories = {{"cls", cls}, {"class", cls}, {"re", re}, {"regex", re},
                    {"quantizer", tag}, {"qtag", tag}};
    return r;
  }();
  return *registry;
}

}  // namespace

void register_extension(const std::string& tag, ExtensionFactory factory, bool override_existing) {
  ExtensionRegistry& registry = extension_registry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  if (registry.factories.count(tag) && !override_existing)
    throw std::invalid_argument("mpath extension '" + tag + "' is already registered");
  registry.factories[tag] = std::move(factory);
}

void register_class(const std::string& name, ClassPredicate predicate) {
  ClassRegistry& registry = class_registry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  registry.predicates[name] = std::move(predicate);
}

// ----- selectors ---------------------------------------------------------------------------------

namespace {
std::string step_text(const Step& step) {
  switch (step.kind) {
    case Step::Kind::Fragment: return step.fragment->str();
    case Step::Kind::AnyDepth: return "**";
    case Step::Kind::Union: {
      std::string text = "{";
      for (std::size_t i = 0; i < step.members.size(); ++i) text += (i ? ", " : "") + step.members[i].str();
      return text + "}";
    }
  }
  return "";
}

/// `**/**` means the same as `**`: collapse runs (spec §4.1 does it for the leading run).
std::vector<Step> collapse_any_depth(std::vector<Step> steps) {
  std::vector<Step> out;
  for (Step& step : steps) {
    if (step.kind == Step::Kind::AnyDepth && !out.empty() && out.back().kind == Step::Kind::AnyDepth) continue;
    out.push_back(std::move(step));
  }
  return out;
}
}  // namespace

Selector::Selector(std::vector<Step> steps) : steps_(collapse_any_depth(std::move(steps))) {}

Selector Selector::from_fragment(std::shared_ptr<const Fragment> fragment) {
  Step step;
  step.kind = Step::Kind::Fragment;
  step.fragment = std::move(fragment);
  return Selector({step});
}

bool Selector::is_single_fragment() const {
  return steps_.size() == 1 && steps_[0].kind == Step::Kind::Fragment;
}

std::string Selector::str() const {
  std::string text;
  for (std::size_t i = 0; i < steps_.size(); ++i) text += (i ? "/" : "") + step_text(steps_[i]);
  return text;
}

Selector operator/(const Selector& head, const Selector& tail) {
  std::vector<Step> steps = head.steps_;
  steps.insert(steps.end(), tail.steps_.begin(), tail.steps_.end());
  return Selector(std::move(steps));
}

Selector operator/(const Selector& head, const std::string& tail_query) {
  return head / query(tail_query);
}

Selector operator|(const Selector& a, const Selector& b) {
  Step step;
  step.kind = Step::Kind::Union;
  // Flatten nested unions so `a | b | c` is one union of three.
  for (const Selector* s : {&a, &b}) {
    if (s->steps_.size() == 1 && s->steps_[0].kind == Step::Kind::Union) {
      step.members.insert(step.members.end(), s->steps_[0].members.begin(), s->steps_[0].members.end());
    } else {
      step.members.push_back(*s);
    }
  }
  return Selector({step});
}

Selector operator&(const Selector& a, const Selector& b) {
  if (!a.is_single_fragment() || !b.is_single_fragment())
    throw MPathQueryError("mpath: '&' joins single fragments only, not '" + a.str() + "' and '" + b.str() + "'");
  return Selector::from_fragment(std::make_shared<JointFragment>(a.steps_[0].fragment, b.steps_[0].fragment));
}

Selector operator~(const Selector& selector) {
  if (!selector.is_single_fragment())
    throw MPathQueryError("mpath: '~' negates a single fragment, not '" + selector.str() + "'");
  return Selector::from_fragment(std::make_shared<NotFragment>(selector.steps_[0].fragment));
}

// ----- parser ------------------------------------------------------------------------------------

namespace {

class Parser {
 public:
  Parser(const std::string& text, const Aliases* aliases) : text_(text), aliases_(aliases) {}

  Selector parse() {
    skip_space();
    if (peek() == '/') {
      ++pos_;
      skip_space();
    }
    if (at_end()) fail(text_.empty() ? "empty query" : "expected a fragment", pos_);
    Selector selector = parse_selector(/*in_union=*/false);
    skip_space();
    if (!at_end()) fail(std::string("unexpected '") + text_[pos_] + "'", pos_);
    return selector;
  }

 private:
  [[noreturn]] void fail(const std::string& message, std::size_t position) const {
    throw MPathParseError(message, text_, position);
  }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  void skip_space() {
    while (!at_end() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  static bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
  static bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
  /// Where a selector may stop: end of query, or the `,`/`}` of an enclosing union.
  bool at_selector_end(bool in_union) const {
    return at_end() || (in_union && (peek() == ',' || peek() == '}'));
  }

  Selector parse_selector(bool in_union) {
    std::vector<Step> steps;
    while (true) {
      skip_space();
      if (at_selector_end(in_union) || peek() == '/') fail("empty fragment", pos_);
      Selector element = parse_element();
      steps.insert(steps.end(), element.steps().begin(), element.steps().end());
      skip_space();
      if (at_selector_end(in_union)) break;
      if (peek() != '/') fail(std::string("expected '/' before '") + peek() + "'", pos_);
      ++pos_;
      skip_space();
      if (at_selector_end(in_union)) break;  // a trailing '/' is ignored
    }
    return Selector(std::move(steps));
  }

  /// One grammar fragment; an alias or a union may stand for several steps.
  Selector parse_element() {
    const std::size_t start = pos_;
    const char c = peek();
    if (c == '*') {
      std::size_t stars = 0;
      while (peek() == '*') {
        ++stars;
        ++pos_;
      }
      if (stars > 2) fail("'***' is not a fragment: use '*' (one level) or '**' (any depth)", start + 2);
      if (stars == 1) return Selector::from_fragment(std::make_shared<AnyFragment>());
      Step step;
      step.kind = Step::Kind::AnyDepth;
      return Selector({step});
    }
    if (c == '~') {
      ++pos_;
      skip_space();
      if (at_end()) fail("'~' needs a fragment", pos_);
      Selector inner = parse_element();
      if (!inner.is_single_fragment())
        throw MPathQueryError("mpath: '~' negates a single fragment, not '" + inner.str() + "' (at offset " +
                              std::to_string(start) + " of '" + text_ + "')");
      return ~inner;
    }
    if (c == '&') {
      ++pos_;
      const std::size_t name_start = pos_;
      std::string name = read_identifier("an alias name after '&'");
      const Selector* alias = aliases_ ? aliases_->find(name) : nullptr;
      if (!alias) fail("unknown alias '" + name + "'", name_start);
      return *alias;
    }
    if (c == '{') return parse_union();
    if (c == '[') return parse_extension();
    if (std::isdigit(static_cast<unsigned char>(c))) {
      std::string digits;
      while (std::isdigit(static_cast<unsigned char>(peek()))) digits += text_[pos_++];
      if (ident_char(peek())) fail("a name cannot start with a digit", start);
      return Selector::from_fragment(std::make_shared<NameFragment>(digits));
    }
    if (ident_start(c)) {
      std::string name = read_identifier("a name");
      return Selector::from_fragment(std::make_shared<NameFragment>(name));
    }
    fail(std::string("unexpected '") + c + "'", start);
  }

  std::string read_identifier(const char* what) {
    if (!ident_start(peek())) fail(std::string("expected ") + what, pos_);
    std::string name;
    while (ident_char(peek())) name += text_[pos_++];
    return name;
  }

  Selector parse_union() {
    const std::size_t open = pos_++;
    Step step;
    step.kind = Step::Kind::Union;
    while (true) {
      skip_space();
      if (at_end()) fail("unclosed '{'", open);
      step.members.push_back(parse_selector(/*in_union=*/true));
      skip_space();
      if (at_end()) fail("unclosed '{'", open);
      if (peek() == '}') {
        ++pos_;
        break;
      }
      ++pos_;  // ','
    }
    return Selector({step});
  }

  /// `[tag:RAW]`: RAW runs to the first unescaped `]` outside a double-quoted string and is
  /// passed on verbatim (backslashes included). No whitespace skipping inside the brackets.
  Selector parse_extension() {
    const std::size_t open = pos_++;
    const std::size_t tag_start = pos_;
    std::string tag;
    while (ident_char(peek())) tag += text_[pos_++];
    if (tag.empty()) fail("expected an extension tag after '['", tag_start);
    if (peek() != ':') fail("expected ':' after the extension tag '" + tag + "'", pos_);
    ++pos_;
    const std::size_t raw_start = pos_;
    std::string raw;
    bool in_string = false;
    while (true) {
      if (at_end()) fail("unclosed '['", open);
      char c = text_[pos_];
      if (c == '\\' && pos_ + 1 < text_.size()) {
        raw += c;
        raw += text_[pos_ + 1];
        pos_ += 2;
        continue;
      }
      if (c == '"') in_string = !in_string;
      if (c == ']' && !in_string) break;
      raw += c;
      ++pos_;
    }
    ++pos_;  // ']'
    ExtensionFactory factory;
    {
      ExtensionRegistry& registry = extension_registry();
      std::lock_guard<std::mutex> lock(registry.mutex);
      auto found = registry.factories.find(tag);
      if (found == registry.factories.end()) fail("unknown extension '" + tag + "'", tag_start);
      factory = found->second;
    }
    try {
      return Selector::from_fragment(factory(raw));
    } catch (const MPathParseError&) {
      throw;
    } catch (const std::exception& error) {
      fail("[" + tag + ":...]: " + error.what(), raw_start);
    }
  }

  const std::string& text_;
  const Aliases* aliases_;
  std::size_t pos_ = 0;
};

}  // namespace

Selector query(const std::string& text, const Aliases* aliases) { return Parser(text, aliases).parse(); }

Aliases::Aliases(std::initializer_list<std::pair<std::string, std::string>> definitions) {
  for (const auto& [name, text] : definitions) add(name, text);
}

Aliases& Aliases::add(const std::string& name, const std::string& query_text) {
  return add(name, query(query_text, this));
}

Aliases& Aliases::add(const std::string& name, Selector selector) {
  for (auto& entry : entries_) {
    if (entry.first == name) {
      entry.second = std::move(selector);
      return *this;
    }
  }
  entries_.emplace_back(name, std::move(selector));
  return *this;
}

const Selector* Aliases::find(const std::string& name) const {
  for (const auto& entry : entries_)
    if (entry.first == name) return &entry.second;
  return nullptr;
}

// ----- results -----------------------------------------------------------------------------------

namespace {
std::shared_ptr<torch::nn::Module> child_of(torch::nn::Module& parent, const std::string& name) {
  const auto children = parent.named_children();
  const auto* child = children.find(name);
  return child ? *child : nullptr;
}
}  // namespace

FilterResult FilterResult::update_module(std::shared_ptr<torch::nn::Module> replacement, bool safe) const {
  TORCH_CHECK(parent, "mpath: result '", full_name, "' has no parent");
  TORCH_CHECK(replacement, "mpath: cannot put a null module at '", full_name, "'");
  if (safe && child_of(*parent, parent_attribute) != module)
    throw std::invalid_argument("mpath: '" + full_name +
                                "' no longer holds the module that was found there (safe=true)");
  // Through the owner's slot for quantizers: forward() sees the new one, with the location's tags.
  nn::set_child_module(*parent, parent_attribute, replacement);
  FilterResult updated = *this;
  updated.module = std::move(replacement);
  return updated;
}

MPathCollection::MPathCollection(torch::nn::Module& root, std::vector<FilterResult> results)
    : root_(&root), results_(std::move(results)) {}

void MPathCollection::append(FilterResult result) { results_.push_back(std::move(result)); }

void MPathCollection::erase(std::size_t index) {
  TORCH_CHECK(index < results_.size(), "mpath: index ", index, " out of range");
  results_.erase(results_.begin() + static_cast<std::ptrdiff_t>(index));
}

std::vector<std::pair<std::string, std::shared_ptr<torch::nn::Module>>> MPathCollection::named_modules() const {
  std::vector<std::pair<std::string, std::shared_ptr<torch::nn::Module>>> out;
  for (const auto& r : results_) out.emplace_back(r.full_name, r.module);
  return out;
}

std::vector<std::shared_ptr<torch::nn::Module>> MPathCollection::modules() const {
  std::vector<std::shared_ptr<torch::nn::Module>> out;
  for (const auto& r : results_) out.push_back(r.module);
  return out;
}

std::vector<torch::nn::Module*> MPathCollection::parents() const {
  std::vector<torch::nn::Module*> out;
  for (const auto& r : results_) out.push_back(r.parent);
  return out;
}

std::vector<std::string> MPathCollection::names() const {
  std::vector<std::string> out;
  for (const auto& r : results_) out.push_back(r.full_name);
  return out;
}

void MPathCollection::apply(
    const std::function<std::shared_ptr<torch::nn::Module>(const std::string&,
                                                           const std::shared_ptr<torch::nn::Module>&)>& function,
    bool safe, bool update) {
  for (auto& result : results_) {
    auto replacement = function(result.full_name, result.module);
    if (!replacement) continue;
    FilterResult updated = result.update_module(std::move(replacement), safe);
    if (update) result = std::move(updated);
  }
}

void MPathCollection::check_same_root(const MPathCollection& other) const {
  if (root_ != other.root_)
    throw std::invalid_argument("mpath: set operations need collections over the same root");
}

namespace {
bool contains(const std::vector<FilterResult>& results, const FilterResult& r) {
  return std::find(results.begin(), results.end(), r) != results.end();
}
}  // namespace

MPathCollection MPathCollection::operator|(const MPathCollection& other) const {
  check_same_root(other);
  std::vector<FilterResult> out = results_;
  for (const auto& r : other.results_)
    if (!contains(out, r)) out.push_back(r);
  return MPathCollection(*root_, std::move(out));
}

MPathCollection MPathCollection::operator&(const MPathCollection& other) const {
  check_same_root(other);
  std::vector<FilterResult> out;
  for (const auto& r : results_)
    if (contains(other.results_, r) && !contains(out, r)) out.push_back(r);
  return MPathCollection(*root_, std::move(out));
}

MPathCollection MPathCollection::operator-(const MPathCollection& other) const {
  check_same_root(other);
  std::vector<FilterResult> out;
  for (const auto& r : results_)
    if (!contains(other.results_, r) && !contains(out, r)) out.push_back(r);
  return MPathCollection(*root_, std::move(out));
}

MPathCollection MPathCollection::operator^(const MPathCollection& other) const {
  return (*this - other) | (other - *this);
}

// ----- search ------------------------------------------------------------------------------------

namespace {

/// A module reached from the root: its path and where it hangs. The root has no `owned` pointer
/// (it may not be owned by a shared_ptr) and is never a result.
struct Reached {
  torch::nn::Module* module = nullptr;
  std::shared_ptr<torch::nn::Module> owned;
  std::string path;
  torch::nn::Module* parent = nullptr;
  std::string attribute;
};

/// The remaining selector of a search item: steps[index...].
struct Remaining {
  std::shared_ptr<const std::vector<Step>> steps;
  std::size_t index = 0;
  bool empty() const { return index >= steps->size(); }
  const Step& head() const { return (*steps)[index]; }
  Remaining tail() const { return {steps, index + 1}; }
  std::string key() const {
    std::string text;
    for (std::size_t i = index; i < steps->size(); ++i) text += step_text((*steps)[i]) + "/";
    return text;
  }
};

/// The search of spec §4.2: a LIFO stack of (remaining selector, module) with an explored set,
/// children visited in registration order, so results come in FastForward's order.
class Search {
 public:
  Search(torch::nn::Module& root, MPathCollection& results) : root_(&root), results_(results) {}

  void run(const Selector& selector) {
    Reached root;
    root.module = root_;
    push({std::make_shared<const std::vector<Step>>(selector.steps()), 0}, root);
    while (!stack_.empty()) {
      auto [remaining, reached] = std::move(stack_.back());
      stack_.pop_back();
      process(remaining, reached);
    }
  }

 private:
  void push(const Remaining& remaining, const Reached& reached) {
    if (!explored_.insert({remaining.key(), reached.module}).second) return;
    stack_.emplace_back(remaining, reached);
  }

  void add_result(const Reached& reached) {
    if (reached.module == root_) return;  // the root is never a result
    if (!found_.insert(reached.module).second) return;
    results_.append(FilterResult{reached.path, reached.owned, reached.parent, reached.attribute});
  }

  /// Continues with `remaining` on `reached`: an empty remainder is a full match.
  void continue_with(const Remaining& remaining, const Reached& reached) {
    if (remaining.empty()) add_result(reached);
    else push(remaining, reached);
  }

  std::vector<Reached> children_of(const Reached& parent) const {
    std::vector<Reached> children;
    for (const auto& item : parent.module->named_children()) {
      Reached child;
      child.owned = item.value();
      child.module = child.owned.get();
      child.path = parent.path.empty() ? item.key() : parent.path + "." + item.key();
      child.parent = parent.module;
      child.attribute = item.key();
      children.push_back(std::move(child));
    }
    return children;
  }

  void process(const Remaining& remaining, const Reached& reached) {
    if (remaining.empty()) {
      add_result(reached);
      return;
    }
    const Step& head = remaining.head();
    if (head.kind == Step::Kind::Union) {
      // Each member is tried as member/tail; matches and continuations are combined.
      for (const Selector& member : head.members) {
        auto expanded = std::make_shared<std::vector<Step>>(member.steps());
        expanded->insert(expanded->end(), remaining.steps->begin() + static_cast<std::ptrdiff_t>(remaining.index + 1),
                         remaining.steps->end());
        process({expanded, 0}, reached);
      }
      return;
    }
    const Remaining tail = remaining.tail();
    if (head.kind == Step::Kind::AnyDepth) {
      // Zero levels: the tail applies here. Before the children, so a leaf matched just before
      // a trailing `**` is a result too.
      continue_with(tail, reached);
      for (const Reached& child : children_of(reached)) {
        if (tail.empty()) add_result(child);
        push(remaining, child);  // `**` takes this child and goes on
        if (!tail.empty()) push(tail, child);
      }
      return;
    }
    for (const Reached& child : children_of(reached))
      if (head.fragment->match(child.attribute, *child.module)) continue_with(tail, child);
  }

  torch::nn::Module* root_;
  MPathCollection& results_;
  std::vector<std::pair<Remaining, Reached>> stack_;
  std::set<std::pair<std::string, const torch::nn::Module*>> explored_;
  std::unordered_set<const torch::nn::Module*> found_;
};

}  // namespace

MPathCollection search(const Selector& selector, torch::nn::Module& root) {
  MPathCollection results(root);
  Search(root, results).run(selector);
  return results;
}

MPathCollection search(const std::string& query_text, torch::nn::Module& root, const Aliases* aliases) {
  if (!aliases) {
    if (const auto* source = dynamic_cast<const AliasSource*>(&root)) aliases = &source->mpath_aliases();
  }
  return search(query(query_text, aliases), root);
}

}  // namespace fastforward::mpath
