// Flow-insensitive, per-function type inference in the spirit of mypy's first-assignment rule:
// a declared (annotated) type wins; otherwise a variable has the type of its first assignment.
#include "ffquant/analysis/TypeInference.h"

#include <set>

namespace ffquant::analysis {

using namespace ir;
using Tag = ValueType::Tag;

TypeInference::TypeInference(const SourceUnit& unit, bool enabled) : unit_(unit), enabled_(enabled) {}

std::string TypeInference::resolveName(const std::string& dotted) const {
  std::size_t dot = dotted.find('.');
  auto it = unit_.globals.find(dotted.substr(0, dot));
  if (it == unit_.globals.end()) return dotted;
  return dot == std::string::npos ? it->second : it->second + dotted.substr(dot);
}

ValueType TypeInference::annotationType(const Node* annotation) const {
  if (!annotation) return ValueType::of(Tag::Unknown);
  return typeFromAnnotation(unit_.textOf(annotation), [this](const std::string& n) { return resolveName(n); });
}

const ClassInfo* TypeInference::classOf(const Node* function) const {
  const Node* block = function->parent;
  if (!block || !block->parent || !block->parent->is(Kind::Class)) return nullptr;
  return unit_.findClass(block->parent->text);
}

const TypeInference::Environment& TypeInference::buildEnvironment(const Node* function) {
  auto found = environments_.find(function);
  if (found != environments_.end()) return found->second;
  Environment env;
  // The enclosing function's names are visible in a nested one (closures).
  for (const Node* p = function->parent; p; p = p->parent)
    if (p->is(Kind::Function)) {
      env.outer = &buildEnvironment(p);
      break;
    }
  env.owner = classOf(function);
  std::vector<Node*> params = function->childrenWith(Role::Parameter);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Node* p = params[i];
    ValueType t = annotationType(p->child(Role::Annotation));
    if (i == 0 && env.owner && !function->has(FunctionStaticMethod)) {
      env.selfName = p->text;
      t = ValueType::of(Tag::Object);
    } else if (!p->child(Role::Annotation) && p->child(Role::Default)) {
      t = infer(p->child(Role::Default), env.outer);
      if (t.tag == Tag::None) t = ValueType::of(Tag::Unknown);
    }
    if (p->has(ParamVarArgs)) t = ValueType::container(Tag::Tuple, t);
    if (p->has(ParamKwArgs)) t = ValueType::of(Tag::Object);
    env.variables[p->text] = t;
  }
  // Annotated locals are declared up front: they win over any assignment.
  walkPreOrder(function->child(Role::Body), [&](Node* n) {
    if (n->is(Kind::AnnAssign) && n->child(Role::Target)->is(Kind::Name))
      env.variables[n->child(Role::Target)->text] = annotationType(n->child(Role::Annotation));
  });
  Environment& stored = environments_[function] = std::move(env);
  ++building_;
  scanBlock(function->child(Role::Body), stored);
  --building_;
  return stored;
}

void TypeInference::bindTarget(const Node* target, const ValueType& value, Environment& env, bool declared) {
  if (target->is(Kind::Name)) {
    // First assignment wins, except over `None` (mypy's partial None type: `out = None` then
    // `out = f(x)` makes `out` Optional of the later type).
    auto it = env.variables.find(target->text);
    if (declared || it == env.variables.end() || it->second.tag == Tag::None) env.variables[target->text] = value;
    return;
  }
  if (target->is(Kind::Tuple) || target->is(Kind::List)) {
    ValueType element = ValueType::of(Tag::Unknown);
    if (value.tag == Tag::Size) element = ValueType::of(Tag::Int);
    else if ((value.tag == Tag::List || value.tag == Tag::Tuple) && value.element) element = *value.element;
    else if (value.tag == Tag::Tensor) element = ValueType::of(Tag::Tensor);
    for (const Node* c : target->children) bindTarget(c->is(Kind::Starred) && !c->children.empty() ? c->children[0] : c,
                                                      element, env, false);
  }
}

void TypeInference::scanBlock(const Node* block, Environment& env) {
  for (const Node* stmt : block->children) {
    switch (stmt->kind) {
    case Kind::Assign: {
      ValueType value = infer(stmt->child(Role::Value), &env);
      for (const Node* t : stmt->childrenWith(Role::Target)) bindTarget(t, value, env, false);
      break;
    }
    case Kind::AnnAssign: break; // declared up front
    case Kind::AugAssign: {
      const Node* t = stmt->child(Role::Target);
      if (t->is(Kind::Name) && !env.variables.count(t->text))
        env.variables[t->text] = infer(stmt->child(Role::Value), &env);
      break;
    }
    case Kind::For: {
      const Node* iterNode = stmt->child(Role::Iter);
      const Node* target = stmt->child(Role::Target);
      if (bindEnumerateOrZip(iterNode, target, env)) break;
      ValueType iter = infer(iterNode, &env);
      ValueType element = ValueType::of(Tag::Unknown);
      if ((iter.tag == Tag::List || iter.tag == Tag::Tuple) && iter.element) element = *iter.element;
      else if (iter.tag == Tag::Size) element = ValueType::of(Tag::Int);
      else if (iter.tag == Tag::Tensor) element = ValueType::of(Tag::Tensor);
      else if (iter.tag == Tag::Str) element = ValueType::of(Tag::Str);
      bindTarget(stmt->child(Role::Target), element, env, false);
      break;
    }
    case Kind::WithItem: break;
    default: break;
    }
    if (stmt->is(Kind::With))
      for (const Node* item : stmt->childrenWith(Role::Item))
        if (const Node* t = item->child(Role::Target)) bindTarget(t, ValueType::of(Tag::Unknown), env, false);
    // Nested blocks (if/for/while/try/with bodies) share the function's environment; nested
    // functions and classes have their own.
    if (stmt->is(Kind::Function) || stmt->is(Kind::Class)) continue;
    for (const Node* c : stmt->children) {
      if (c->is(Kind::Block)) scanBlock(c, env);
      if (c->is(Kind::IfBranch) || c->is(Kind::Handler))
        for (const Node* b : c->children)
          if (b->is(Kind::Block)) scanBlock(b, env);
    }
  }
}

/// `for i, x in enumerate(xs)` binds an int and an element; `for a, b in zip(xs, ys)` one
/// element of each.
bool TypeInference::bindEnumerateOrZip(const Node* iter, const Node* target, Environment& env) {
  if (!iter->is(Kind::Call) || !(target->is(Kind::Tuple) || target->is(Kind::List))) return false;
  const ResolvedCallee* callee = unit_.calleeOf(iter);
  if (!callee || callee->kind != ResolvedCallee::Kind::Global) return false;
  std::vector<ValueType> elements;
  auto elementOf = [&](const Node* arg) {
    ValueType t = infer(arg, &env);
    if ((t.tag == Tag::List || t.tag == Tag::Tuple) && t.element) return *t.element;
    if (t.tag == Tag::Size) return ValueType::of(Tag::Int);
    if (t.tag == Tag::Tensor) return t;
    return ValueType::of(Tag::Unknown);
  };
  std::vector<Node*> args = iter->childrenWith(Role::Argument);
  if (callee->qualifiedName == "enumerate" && !args.empty()) {
    elements = {ValueType::of(Tag::Int), elementOf(args[0]->child(Role::Value))};
  } else if (callee->qualifiedName == "zip") {
    for (const Node* a : args) elements.push_back(elementOf(a->child(Role::Value)));
  } else {
    return false;
  }
  if (elements.size() != target->children.size()) return false;
  for (std::size_t i = 0; i < elements.size(); ++i) bindTarget(target->children[i], elements[i], env, false);
  return true;
}

const TypeInference::Environment* TypeInference::environmentFor(const Node* expr) {
  for (const Node* p = expr->parent; p; p = p->parent)
    if (p->is(Kind::Function)) return &buildEnvironment(p);
  return nullptr;
}

ValueType TypeInference::typeOf(const Node* expr) {
  if (!enabled_) return ValueType::of(Tag::Unknown);
  if (unit_.language == Language::Cpp) {
    // Clang knows every type: no inference needed.
    auto it = unit_.staticTypes.find(expr);
    if (it == unit_.staticTypes.end()) return ValueType::of(Tag::Unknown);
    switch (it->second) {
    case 't': return ValueType::of(Tag::Tensor);
    case 's': return ValueType::of(Tag::Float);
    case 'l': return ValueType::container(Tag::List, ValueType::of(Tag::Tensor));
    default: return ValueType::of(Tag::Object);
    }
  }
  auto cached = cache_.find(expr);
  if (cached != cache_.end()) return cached->second;
  ValueType t = infer(expr, environmentFor(expr));
  cache_[expr] = t;
  return t;
}

ValueType TypeInference::lookup(const std::string& name, const Environment* env) const {
  for (const Environment* e = env; e; e = e->outer) {
    auto it = e->variables.find(name);
    if (it != e->variables.end()) return it->second;
  }
  return ValueType::of(Tag::Unknown);
}

namespace {

bool isFloatText(const std::string& text) {
  if (text.size() > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X' || text[1] == 'o' ||
                                            text[1] == 'O' || text[1] == 'b' || text[1] == 'B'))
    return false;
  return text.find_first_of(".eE") != std::string::npos;
}

ValueType arithmetic(const std::string& op, const ValueType& a, const ValueType& b) {
  if (a.tag == Tag::Tensor || b.tag == Tag::Tensor) return ValueType::of(Tag::Tensor);
  if (a.tensorLike() || b.tensorLike()) return ValueType::of(Tag::Unknown);
  if (a.isScalar() && b.isScalar()) {
    ValueType t = join(a, b);
    if (t.tag == Tag::Bool && op != "&" && op != "|" && op != "^") t = ValueType::of(Tag::Int);
    if (op == "/" && t.tag == Tag::Int) t = ValueType::of(Tag::Float);
    return t;
  }
  if (op == "%" && a.tag == Tag::Str) return a; // string formatting
  if (op == "+" && a == b) return a;              // concatenation
  if (op == "*" && (a.tag == Tag::List || a.tag == Tag::Tuple || a.tag == Tag::Str || a.tag == Tag::Size) &&
      b.isScalar())
    return a;
  if (op == "*" && a.isScalar() && (b.tag == Tag::List || b.tag == Tag::Tuple || b.tag == Tag::Str))
    return b;
  return ValueType::of(Tag::Object);
}

const std::set<std::string>& intTensorMethods() {
  static const std::set<std::string> names = {"dim", "numel", "ndimension", "nelement", "element_size", "get_device"};
  return names;
}

} // namespace

ValueType TypeInference::inferCall(const Node* call, const Environment* env) {
  const ResolvedCallee* callee = unit_.calleeOf(call);
  std::vector<Node*> args = call->childrenWith(Role::Argument);
  std::size_t positional = 0;
  for (const Node* a : args)
    if (a->text.empty() && !a->has(ArgStarred) && !a->has(ArgDoubleStarred)) ++positional;
  if (!callee) return ValueType::of(Tag::Unknown);
  switch (callee->kind) {
  case ResolvedCallee::Kind::Global: {
    const std::string& q = callee->qualifiedName;
    if (q == "int" || q == "len" || q == "round" || q == "math.floor" || q == "math.ceil") return ValueType::of(Tag::Int);
    if (q == "float" || q == "math.sqrt" || q == "math.log" || q == "math.exp") return ValueType::of(Tag::Float);
    if (q == "bool" || q == "isinstance" || q == "hasattr" || q == "torch.is_tensor") return ValueType::of(Tag::Bool);
    if (q == "complex") return ValueType::of(Tag::Complex);
    if (q == "str" || q == "repr") return ValueType::of(Tag::Str);
    if (q == "range") return ValueType::container(Tag::List, ValueType::of(Tag::Int));
    if (q == "set" || q == "frozenset" || q == "dict" || q == "object") return ValueType::of(Tag::Object);
    if (q == "list" || q == "sorted" || q == "reversed") return ValueType::container(Tag::List, ValueType::of(Tag::Unknown));
    if (q == "tuple") return ValueType::container(Tag::Tuple, ValueType::of(Tag::Unknown));
    if (q == "torch.Size") return ValueType::of(Tag::Size);
    if (q == "torch.numel") return ValueType::of(Tag::Int);
    if (q == "torch.device" || q == "torch.dtype" || q == "torch.no_grad" || q == "torch.enable_grad")
      return ValueType::of(Tag::Object);
    if (q.rfind("torch.", 0) == 0 && q.rfind("torch.jit.", 0) != 0 && q.rfind("torch.nn.", 0) != 0)
      return ValueType::of(Tag::Tensor); // torch.tensor, torch.zeros, torch.relu, ...
    if (q.rfind("torch.nn.functional.", 0) == 0) return ValueType::of(Tag::Tensor);
    // A helper of this file with a return annotation; a class of this file makes an instance.
    std::string prefix = unit_.moduleName.empty() ? "" : unit_.moduleName + ".";
    if (!prefix.empty() && q.rfind(prefix, 0) == 0) {
      std::string local = q.substr(prefix.size());
      if (unit_.findClass(local)) return ValueType::of(Tag::Object);
      auto fn = unit_.functions.find(local);
      if (fn != unit_.functions.end()) return annotationType(fn->second->child(Role::ReturnAnnotation));
    }
    return ValueType::of(Tag::Unknown);
  }
  case ResolvedCallee::Kind::SelfMethod:
  case ResolvedCallee::Kind::ClassMethod: {
    for (const Environment* e = env; e; e = e->outer)
      if (e->owner)
        if (const Node* m = e->owner->method(callee->name))
          return annotationType(m->child(Role::ReturnAnnotation));
    return ValueType::of(Tag::Unknown);
  }
  case ResolvedCallee::Kind::TensorMethod: {
    const Node* receiver = call->child(Role::Callee)->child(Role::Receiver);
    ValueType r = infer(receiver, env);
    const std::string& m = callee->name;
    if (r.tag == Tag::Tensor || r.tag == Tag::Unknown) {
      if (m == "size") return positional == 0 ? ValueType::of(Tag::Size) : ValueType::of(Tag::Int);
      if (intTensorMethods().count(m)) return ValueType::of(Tag::Int);
      if (m == "item" || m == "tolist") return ValueType::of(Tag::Unknown);
      return r; // a Tensor method on a Tensor gives a Tensor; on Any, Any
    }
    if (r.tag == Tag::Str) return (m == "split") ? ValueType::container(Tag::List, r) : r;
    return ValueType::of(Tag::Object);
  }
  case ResolvedCallee::Kind::Unresolved: return ValueType::of(Tag::Unknown);
  }
  return ValueType::of(Tag::Unknown);
}

ValueType TypeInference::infer(const Node* e, const Environment* env) {
  if (!e) return ValueType::of(Tag::Unknown);
  // Memoized per (node, environment) once environments are complete: marking asks about nested
  // operands again and again. While an environment is being built it is partial: no caching.
  if (building_ > 0) return inferUncached(e, env);
  auto key = std::make_pair(e, env);
  auto found = inferred_.find(key);
  if (found != inferred_.end()) return found->second;
  ValueType t = inferUncached(e, env);
  inferred_.emplace(key, t);
  return t;
}

ValueType TypeInference::inferUncached(const Node* e, const Environment* env) {
  switch (e->kind) {
  case Kind::Literal: {
    if (e->has(LiteralNumber)) {
      std::string t = unit_.textOf(e);
      if (!t.empty() && (t.back() == 'j' || t.back() == 'J')) return ValueType::of(Tag::Complex);
      return ValueType::of(isFloatText(t) ? Tag::Float : Tag::Int);
    }
    if (e->has(LiteralString)) {
      std::string t = unit_.textOf(e);
      std::size_t q = t.find_first_of("'\"");
      bool bytes = q != std::string::npos && t.substr(0, q).find_first_of("bB") != std::string::npos;
      return ValueType::of(bytes ? Tag::Bytes : Tag::Str);
    }
    if (e->has(LiteralBool)) return ValueType::of(Tag::Bool);
    if (e->has(LiteralNone)) return ValueType::of(Tag::None);
    return ValueType::of(Tag::Object);
  }
  case Kind::Name: {
    if (e->text == "True" || e->text == "False") return ValueType::of(Tag::Bool);
    return lookup(e->text, env);
  }
  case Kind::Attribute: {
    const Node* receiver = e->child(Role::Receiver);
    const std::string& attr = e->text;
    for (const Environment* en = env; en; en = en->outer) {
      if (en->owner && receiver->is(Kind::Name) && receiver->text == en->selfName) {
        auto it = en->owner->attributeTypes.find(attr);
        if (it != en->owner->attributeTypes.end())
          return typeFromAnnotation(it->second, [this](const std::string& n) { return resolveName(n); });
        // Assigned in __init__ from something else: the type of that value there.
        auto value = en->owner->attributeValues.find(attr);
        if (value == en->owner->attributeValues.end() || !inferring_.insert(value->second).second)
          return ValueType::of(Tag::Unknown);
        ValueType t = infer(value->second, environmentFor(value->second));
        inferring_.erase(value->second);
        return t;
      }
    }
    if (attr == "shape") return ValueType::of(Tag::Size);
    if (attr == "ndim") return ValueType::of(Tag::Int);
    if (attr == "dtype" || attr == "device" || attr == "layout") return ValueType::of(Tag::Object);
    ValueType r = infer(receiver, env);
    if (r.tag == Tag::Tensor && (attr == "T" || attr == "mT" || attr == "data" || attr == "grad"))
      return r;
    return ValueType::of(Tag::Unknown);
  }
  case Kind::Subscript: {
    ValueType r = infer(e->child(Role::Receiver), env);
    std::vector<Node*> index = e->childrenWith(Role::Element);
    bool slice = !index.empty() && index[0]->is(Kind::OtherExpr) && index[0]->text == "slice";
    if (r.tag == Tag::Size) return slice ? r : ValueType::of(Tag::Int);
    if ((r.tag == Tag::List || r.tag == Tag::Tuple) && r.element) return slice ? r : *r.element;
    if (r.tag == Tag::Tensor || r.tag == Tag::Str) return r;
    return ValueType::of(Tag::Unknown);
  }
  case Kind::Call: return inferCall(e, env);
  case Kind::BinaryOp:
    return arithmetic(e->text, infer(e->child(Role::Left), env), infer(e->child(Role::Right), env));
  case Kind::UnaryOp: {
    if (e->text == "not") return ValueType::of(Tag::Bool);
    ValueType t = infer(e->child(Role::Operand), env);
    if (t.tag == Tag::Bool && e->text != "~") return ValueType::of(Tag::Int);
    return t.isScalar() || t.tag == Tag::Tensor ? t : (t.tensorLike() ? ValueType::of(Tag::Unknown) : ValueType::of(Tag::Object));
  }
  case Kind::Compare: return ValueType::of(Tag::Bool);
  case Kind::BoolOp: {
    ValueType a = infer(e->child(Role::Left), env), b = infer(e->child(Role::Right), env);
    return join(a, b);
  }
  case Kind::Tuple:
  case Kind::List:
  case Kind::Set: {
    if (e->children.empty()) return ValueType::container(e->is(Kind::Tuple) ? Tag::Tuple : Tag::List, ValueType::of(Tag::Unknown));
    ValueType t = infer(e->children[0], env);
    for (std::size_t i = 1; i < e->children.size(); ++i) t = join(t, infer(e->children[i], env));
    return ValueType::container(e->is(Kind::Tuple) ? Tag::Tuple : Tag::List, t);
  }
  case Kind::Dict: return ValueType::of(Tag::Object);
  case Kind::Comprehension: return ValueType::container(Tag::List, ValueType::of(Tag::Unknown));
  case Kind::Conditional: return join(infer(e->child(Role::Value), env), infer(e->child(Role::Else), env));
  case Kind::Lambda: return ValueType::of(Tag::Object);
  case Kind::Walrus: return infer(e->child(Role::Value), env);
  default: return ValueType::of(Tag::Unknown);
  }
}

} // namespace ffquant::analysis
