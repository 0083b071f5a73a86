// Node accessors and the tree arena.
#include "ffquant/ir/Syntax.h"

#include <algorithm>

namespace ffquant::ir {

Node* Node::child(Role r) const {
  for (Node* c : children)
    if (c->role == r) return c;
  return nullptr;
}

std::vector<Node*> Node::childrenWith(Role r) const {
  std::vector<Node*> out;
  for (Node* c : children)
    if (c->role == r) out.push_back(c);
  return out;
}

Node* SyntaxTree::make(Kind kind, std::uint32_t begin, std::uint32_t end) {
  nodes_.emplace_back();
  Node* n = &nodes_.back();
  n->kind = kind;
  n->begin = begin;
  n->end = end;
  return n;
}

void SyntaxTree::adopt(Node* parent, Node* child, Role role) {
  if (!child) return;
  child->role = role;
  child->parent = parent;
  parent->children.push_back(child);
}

bool isLocallyBound(const Node* name) {
  for (const Node* scope = name->parent; scope; scope = scope->parent) {
    bool bound = false;
    auto bindsName = [&](Node* n) {
      if (n->role == Role::Target) {
        walkPreOrder(n, [&](Node* t) {
          if (t->is(Kind::Name) && t->text == name->text) bound = true;
        });
      }
      if ((n->is(Kind::Function) || n->is(Kind::Class)) && n != scope && n->text == name->text) bound = true;
    };
    if (scope->is(Kind::Function)) {
      for (const Node* p : scope->childrenWith(Role::Parameter))
        if (p->text == name->text) return true;
      if (const Node* body = scope->child(Role::Body)) walkPreOrder(const_cast<Node*>(body), bindsName);
    } else if (scope->is(Kind::Comprehension)) {
      for (Node* item : scope->childrenWith(Role::Item))
        if (item->is(Kind::CompFor)) walkPreOrder(item->child(Role::Target), bindsName);
    }
    if (bound) return true;
  }
  return false;
}

const std::vector<std::string>& LocalNames::boundIn(const Node* scope) {
  auto found = cache_.find(scope);
  if (found != cache_.end()) return found->second;
  std::vector<std::string> names;
  auto bindsName = [&](Node* n) {
    if (n->role == Role::Target)
      walkPreOrder(n, [&](Node* t) {
        if (t->is(Kind::Name)) names.push_back(t->text);
      });
    if ((n->is(Kind::Function) || n->is(Kind::Class)) && n != scope) names.push_back(n->text);
  };
  if (scope->is(Kind::Function)) {
    for (const Node* p : scope->childrenWith(Role::Parameter)) names.push_back(p->text);
    if (const Node* body = scope->child(Role::Body)) walkPreOrder(const_cast<Node*>(body), bindsName);
  } else if (scope->is(Kind::Comprehension)) {
    for (Node* item : scope->childrenWith(Role::Item))
      if (item->is(Kind::CompFor)) walkPreOrder(item->child(Role::Target), bindsName);
  }
  std::sort(names.begin(), names.end());
  return cache_[scope] = std::move(names);
}

bool LocalNames::isLocal(const Node* name) {
  for (const Node* scope = name->parent; scope; scope = scope->parent) {
    if (!scope->is(Kind::Function) && !scope->is(Kind::Comprehension)) continue;
    const std::vector<std::string>& bound = boundIn(scope);
    if (std::binary_search(bound.begin(), bound.end(), name->text)) return true;
  }
  return false;
}

const char* kindName(Kind kind) {
  switch (kind) {
#define FFQ_KIND(k) case Kind::k: return #k;
    FFQ_KIND(Module) FFQ_KIND(Class) FFQ_KIND(Function) FFQ_KIND(Parameter) FFQ_KIND(Decorator)
    FFQ_KIND(Block) FFQ_KIND(ExprStmt) FFQ_KIND(Assign) FFQ_KIND(AugAssign) FFQ_KIND(AnnAssign)
    FFQ_KIND(Return) FFQ_KIND(Raise) FFQ_KIND(If) FFQ_KIND(IfBranch) FFQ_KIND(For) FFQ_KIND(While)
    FFQ_KIND(Break) FFQ_KIND(Continue) FFQ_KIND(Try) FFQ_KIND(Handler) FFQ_KIND(With)
    FFQ_KIND(WithItem) FFQ_KIND(Import) FFQ_KIND(Pass) FFQ_KIND(OtherStmt) FFQ_KIND(Name)
    FFQ_KIND(Attribute) FFQ_KIND(Subscript) FFQ_KIND(Call) FFQ_KIND(Argument) FFQ_KIND(BinaryOp)
    FFQ_KIND(UnaryOp) FFQ_KIND(BoolOp) FFQ_KIND(Compare) FFQ_KIND(Literal) FFQ_KIND(Tuple)
    FFQ_KIND(List) FFQ_KIND(Set) FFQ_KIND(Dict) FFQ_KIND(Pair) FFQ_KIND(Comprehension)
    FFQ_KIND(CompFor) FFQ_KIND(CompIf) FFQ_KIND(Conditional) FFQ_KIND(Lambda) FFQ_KIND(Starred)
    FFQ_KIND(Walrus) FFQ_KIND(Annotation) FFQ_KIND(OtherExpr)
#undef FFQ_KIND
  }
  return "?";
}

} // namespace ffquant::ir
